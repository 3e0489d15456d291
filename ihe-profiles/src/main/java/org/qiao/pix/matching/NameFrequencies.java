package org.qiao.pix.matching;

import java.util.HashMap;
import java.util.Map;

/**
 * How common each name form is among the records already indexed. Agreeing on 王/伟 says far less than
 * agreeing on 欧阳/翊: with frequencies the u probability of an agreeing name is the share of records
 * with that name (never below the configured u), so same-name strangers stop looking alike.
 */
public final class NameFrequencies {

    public static final NameFrequencies NONE = new NameFrequencies(Map.of(), Map.of(), 1);

    private final Map<String, Long> family;
    private final Map<String, Long> given;
    private final long records;

    public NameFrequencies(Map<String, Long> family, Map<String, Long> given, long records) {
        this.family = Map.copyOf(family);
        this.given = Map.copyOf(given);
        this.records = Math.max(1, records);
    }

    /** Counts the first name forms of prepared records. */
    public static NameFrequencies of(Iterable<RecordLinkage.Prepared> prepared) {
        var f = new HashMap<String, Long>();
        var g = new HashMap<String, Long>();
        long n = 0;
        for (var p : prepared) {
            n++;
            if (!p.family().isEmpty()) {
                f.merge(p.family().get(0), 1L, Long::sum);
            }
            if (!p.given().isEmpty()) {
                g.merge(p.given().get(0), 1L, Long::sum);
            }
        }
        return new NameFrequencies(f, g, n);
    }

    public double familyShare(String form) {
        return family.getOrDefault(form, 0L) / (double) records;
    }

    public double givenShare(String form) {
        return given.getOrDefault(form, 0L) / (double) records;
    }
}
