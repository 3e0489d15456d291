package org.qiao.pix;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/** A patient identifier in a known domain (domain is the domain's code). */
public record Identifier(String value, String domain) {

    /**
     * The identifiers with those of one domain next to each other: domains in the order they first appear,
     * values within a domain in the order given (e.g. assignment order). ITI TF-2a 3.9.4.2.2.6 (Case 6): several
     * identifiers of one domain are returned in successive PID-3 repetitions; the same grouping is kept wherever
     * a person's identifiers are listed (ITI-10, ITI-21/22, ITI-45).
     */
    public static List<Identifier> groupedByDomain(List<Identifier> ids) {
        var byDomain = new LinkedHashMap<String, List<Identifier>>();
        for (var id : ids) {
            byDomain.computeIfAbsent(id.domain(), d -> new ArrayList<>()).add(id);
        }
        var grouped = new ArrayList<Identifier>(ids.size());
        byDomain.values().forEach(grouped::addAll);
        return grouped;
    }

    @Override
    public String toString() {
        return value + "@" + domain;
    }
}
