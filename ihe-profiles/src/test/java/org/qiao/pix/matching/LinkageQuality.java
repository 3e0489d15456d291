package org.qiao.pix.matching;

import org.qiao.pix.matching.RecordLinkage.Decision;
import org.qiao.pix.matching.SyntheticPopulation.Corruption;
import org.qiao.pix.matching.SyntheticPopulation.Entry;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Measures record linkage against known truth, in memory: every record is compared with the earlier
 * records that share a blocking key (an in-memory index standing in for the store's indexed query),
 * and each pair's decision is checked against whether the two records belong to the same person.
 *
 * <p>Pairs, not persons, are counted: precision = true pairs among AUTO_LINK pairs; recall = AUTO_LINK
 * true pairs among all true pairs (those that blocking never brings together count as missed).
 */
final class LinkageQuality {

    record Counts(long pairs, long auto, long review, long separate) {
        Counts add(Decision d) {
            return new Counts(pairs + 1, auto + (d == Decision.AUTO_LINK ? 1 : 0),
                    review + (d == Decision.REVIEW ? 1 : 0), separate + (d == Decision.SEPARATE ? 1 : 0));
        }
    }

    record Result(int persons, int records, long truePairs, long trueBlocked, long candidatePairs,
                  long autoTrue, long autoFalse, long reviewTrue, long reviewFalse,
                  Map<String, Counts> byCorruption, long generateMillis, long prepareMillis, long compareMillis) {

        double precision() {
            return autoTrue + autoFalse == 0 ? 1 : (double) autoTrue / (autoTrue + autoFalse);
        }

        double recall() {
            return truePairs == 0 ? 1 : (double) autoTrue / truePairs;
        }

        /** True pairs that reach AUTO_LINK or REVIEW: what a person working the review queue ends up linking. */
        double recallWithReview() {
            return truePairs == 0 ? 1 : (double) (autoTrue + reviewTrue) / truePairs;
        }

        long reviewBand() {
            return reviewTrue + reviewFalse;
        }

        double blockingCompleteness() {
            return truePairs == 0 ? 1 : (double) trueBlocked / truePairs;
        }
    }

    private LinkageQuality() {
    }

    /**
     * Measures {@code base} on a generated population; {@code withFrequencies} gives it the name frequencies
     * of the population (as the store would of its index).
     */
    static Result measure(RecordLinkage base, boolean withFrequencies, long seed, int persons, double duplicateShare) {
        long t0 = System.nanoTime();
        List<Entry> entries = new SyntheticPopulation(seed).generate(persons, duplicateShare);
        long t1 = System.nanoTime();
        var prepared = new ArrayList<RecordLinkage.Prepared>(entries.size());
        for (var e : entries) {
            prepared.add(base.prepare(e.record()));
        }
        var linkage = withFrequencies ? base.withFrequencies(NameFrequencies.of(prepared)) : base;
        long t2 = System.nanoTime();

        // every record against the earlier ones sharing a blocking key
        var index = new HashMap<String, List<Integer>>();
        int[] seenBy = new int[entries.size()];
        java.util.Arrays.fill(seenBy, -1);
        long candidates = 0;
        long autoFalse = 0;
        long reviewFalse = 0;
        for (int i = 0; i < entries.size(); i++) {
            var p = prepared.get(i);
            for (var key : p.blockingKeys()) {
                var block = index.computeIfAbsent(key, k -> new ArrayList<>());
                for (int j : block) {
                    if (seenBy[j] == i) {
                        continue;
                    }
                    seenBy[j] = i;
                    candidates++;
                    var d = linkage.decide(linkage.weight(p, prepared.get(j)));
                    if (entries.get(i).person() != entries.get(j).person()) {
                        if (d == Decision.AUTO_LINK) {
                            autoFalse++;
                        } else if (d == Decision.REVIEW) {
                            reviewFalse++;
                        }
                    }
                }
                block.add(i);
            }
        }
        long t3 = System.nanoTime();

        // every true pair: brought together by blocking at all, and how it was decided
        var byPerson = new HashMap<Integer, List<Integer>>();
        for (int i = 0; i < entries.size(); i++) {
            byPerson.computeIfAbsent(entries.get(i).person(), k -> new ArrayList<>()).add(i);
        }
        long truePairs = 0;
        long trueBlocked = 0;
        long autoTrue = 0;
        long reviewTrue = 0;
        var byCorruption = new java.util.LinkedHashMap<String, Counts>();
        byCorruption.put("(none)", new Counts(0, 0, 0, 0));
        for (var c : Corruption.values()) {
            byCorruption.put(c.name(), new Counts(0, 0, 0, 0));
        }
        for (var records : byPerson.values()) {
            for (int x = 0; x < records.size(); x++) {
                for (int y = x + 1; y < records.size(); y++) {
                    var a = prepared.get(records.get(x));
                    var b = prepared.get(records.get(y));
                    truePairs++;
                    boolean blocked = a.blockingKeys().stream().anyMatch(b.blockingKeys()::contains);
                    var d = Decision.SEPARATE;
                    if (blocked) {
                        trueBlocked++;
                        d = linkage.decide(linkage.weight(a, b));
                    }
                    if (d == Decision.AUTO_LINK) {
                        autoTrue++;
                    } else if (d == Decision.REVIEW) {
                        reviewTrue++;
                    }
                    Set<Corruption> done = EnumSet.noneOf(Corruption.class);
                    done.addAll(entries.get(records.get(x)).corruptions());
                    done.addAll(entries.get(records.get(y)).corruptions());
                    if (done.isEmpty()) {
                        byCorruption.put("(none)", byCorruption.get("(none)").add(d));
                    }
                    for (var c : done) {
                        byCorruption.put(c.name(), byCorruption.get(c.name()).add(d));
                    }
                }
            }
        }
        return new Result(persons, entries.size(), truePairs, trueBlocked, candidates, autoTrue, autoFalse,
                reviewTrue, reviewFalse, byCorruption, (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000,
                (t3 - t2) / 1_000_000);
    }

    static String summary(Result r) {
        return String.format(java.util.Locale.ROOT,
                "persons=%d records=%d truePairs=%d blocked=%.4f candidates=%d precision=%.4f recall=%.4f "
                        + "recall+review=%.4f review=%d (true %d, false %d) autoFalse=%d times gen/prep/compare ms=%d/%d/%d",
                r.persons(), r.records(), r.truePairs(), r.blockingCompleteness(), r.candidatePairs(), r.precision(),
                r.recall(), r.recallWithReview(), r.reviewBand(), r.reviewTrue(), r.reviewFalse(), r.autoFalse(),
                r.generateMillis(), r.prepareMillis(), r.compareMillis());
    }
}
