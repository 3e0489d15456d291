package org.qiao.pix.matching;

import org.qiao.pix.matching.RecordLinkage.Decision;
import org.qiao.pix.matching.SyntheticPopulation.Corruption;
import org.qiao.pix.matching.SyntheticPopulation.Entry;
import org.qiao.pix.matching.SyntheticPopulation.Household;
import org.qiao.pix.matching.SyntheticPopulation.Relation;

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
 *
 * <p>Besides the totals: true pairs by corruption and by whom the person lives with ({@link Household});
 * false pairs (two persons compared because they share a blocking key) by the corruptions of their records and
 * by how the two are related ({@link Relation}: strangers, or twins, siblings … of one household).
 */
final class LinkageQuality {

    record Counts(long pairs, long auto, long review, long separate) {
        Counts add(Decision d) {
            return new Counts(pairs + 1, auto + (d == Decision.AUTO_LINK ? 1 : 0),
                    review + (d == Decision.REVIEW ? 1 : 0), separate + (d == Decision.SEPARATE ? 1 : 0));
        }

        Counts plus(Counts o) {
            return new Counts(pairs + o.pairs, auto + o.auto, review + o.review, separate + o.separate);
        }

        double recall() {
            return pairs == 0 ? 1 : (double) auto / pairs;
        }
    }

    record Result(int persons, int records, long truePairs, long trueBlocked, long candidatePairs,
                  long autoTrue, long autoFalse, long reviewTrue, long reviewFalse,
                  Map<String, Counts> byCorruption, Map<String, Counts> falseByCorruption,
                  Map<Household, Counts> byHousehold, Map<Household, Long> personsByHousehold,
                  Map<Relation, Counts> falseByRelation,
                  long generateMillis, long prepareMillis, long compareMillis) {

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

        /** Recall over the true pairs none of whose records had {@code corruption}. */
        double recallWithout(String corruption) {
            var with = byCorruption.get(corruption);
            return truePairs == with.pairs() ? 1 : (double) (autoTrue - with.auto()) / (truePairs - with.pairs());
        }

        double reviewShare() {
            return (double) reviewBand() / records;
        }

        /** Precision among persons who live with others: their true pairs against false pairs of housemates. */
        double precisionInHouseholds() {
            long t = 0;
            long f = 0;
            for (var e : byHousehold.entrySet()) {
                if (e.getKey() != Household.ALONE) {
                    t += e.getValue().auto();
                }
            }
            for (var e : falseByRelation.entrySet()) {
                if (e.getKey() != Relation.STRANGERS) {
                    f += e.getValue().auto();
                }
            }
            return t + f == 0 ? 1 : (double) t / (t + f);
        }

        /** Precision of one household kind: its residents' true AUTO_LINK pairs against that relation's false ones. */
        double precision(Household kind) {
            long t = byHousehold.get(kind).auto();
            long f = falseByRelation.get(kind == Household.ALONE ? Relation.STRANGERS : Relation.valueOf(kind.name()))
                    .auto();
            return t + f == 0 ? 1 : (double) t / (t + f);
        }

        /** Precision of pairs with one corruption: true AUTO_LINK pairs with it against false ones with it. */
        double precision(String corruption) {
            long t = byCorruption.get(corruption).auto();
            long f = falseByCorruption.get(corruption).auto();
            return t + f == 0 ? 1 : (double) t / (t + f);
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
        var population = new SyntheticPopulation(seed);
        List<Entry> entries = population.generate(persons, duplicateShare);
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
        var falseByCorruption = corruptionTable();
        var falseByRelation = new java.util.EnumMap<Relation, Counts>(Relation.class);
        for (var r : Relation.values()) {
            falseByRelation.put(r, new Counts(0, 0, 0, 0));
        }
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
                    var d = linkage.decision(p, prepared.get(j));
                    var x = entries.get(i);
                    var y = entries.get(j);
                    if (x.person() != y.person()) {
                        if (d == Decision.AUTO_LINK) {
                            autoFalse++;
                        } else if (d == Decision.REVIEW) {
                            reviewFalse++;
                        }
                        falseByRelation.merge(population.relation(x.person(), y.person()),
                                new Counts(0, 0, 0, 0).add(d), Counts::plus);
                        count(falseByCorruption, x, y, d);
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
        var byCorruption = corruptionTable();
        var byHousehold = new java.util.EnumMap<Household, Counts>(Household.class);
        var personsByHousehold = new java.util.EnumMap<Household, Long>(Household.class);
        for (var h : Household.values()) {
            byHousehold.put(h, new Counts(0, 0, 0, 0));
            personsByHousehold.put(h, 0L);
        }
        for (int person = 0; person < persons; person++) {
            personsByHousehold.merge(population.household(person), 1L, Long::sum);
        }
        for (var personRecords : byPerson.entrySet()) {
            var records = personRecords.getValue();
            var household = population.household(personRecords.getKey());
            for (int x = 0; x < records.size(); x++) {
                for (int y = x + 1; y < records.size(); y++) {
                    var a = prepared.get(records.get(x));
                    var b = prepared.get(records.get(y));
                    truePairs++;
                    boolean blocked = a.blockingKeys().stream().anyMatch(b.blockingKeys()::contains);
                    var d = Decision.SEPARATE;
                    if (blocked) {
                        trueBlocked++;
                        d = linkage.decision(a, b);
                    }
                    if (d == Decision.AUTO_LINK) {
                        autoTrue++;
                    } else if (d == Decision.REVIEW) {
                        reviewTrue++;
                    }
                    count(byCorruption, entries.get(records.get(x)), entries.get(records.get(y)), d);
                    byHousehold.put(household, byHousehold.get(household).add(d));
                }
            }
        }
        return new Result(persons, entries.size(), truePairs, trueBlocked, candidates, autoTrue, autoFalse,
                reviewTrue, reviewFalse, byCorruption, falseByCorruption, byHousehold, personsByHousehold,
                falseByRelation, (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000);
    }

    private static Map<String, Counts> corruptionTable() {
        var table = new java.util.LinkedHashMap<String, Counts>();
        table.put("(none)", new Counts(0, 0, 0, 0));
        for (var c : Corruption.values()) {
            table.put(c.name(), new Counts(0, 0, 0, 0));
        }
        return table;
    }

    /** A pair counts under every corruption either of its records had, or under (none). */
    private static void count(Map<String, Counts> table, Entry x, Entry y, Decision d) {
        Set<Corruption> done = EnumSet.noneOf(Corruption.class);
        done.addAll(x.corruptions());
        done.addAll(y.corruptions());
        if (done.isEmpty()) {
            table.put("(none)", table.get("(none)").add(d));
        }
        for (var c : done) {
            table.put(c.name(), table.get(c.name()).add(d));
        }
    }

    static String summary(Result r) {
        return String.format(java.util.Locale.ROOT,
                "persons=%d records=%d truePairs=%d blocked=%.4f candidates=%d precision=%.4f (households %.4f) "
                        + "recall=%.4f recall+review=%.4f review=%d (true %d, false %d) = %.2f%% autoFalse=%d "
                        + "falseByRelation=%s times gen/prep/compare ms=%d/%d/%d",
                r.persons(), r.records(), r.truePairs(), r.blockingCompleteness(), r.candidatePairs(), r.precision(),
                r.precisionInHouseholds(), r.recall(), r.recallWithReview(), r.reviewBand(), r.reviewTrue(),
                r.reviewFalse(), 100 * r.reviewShare(), r.autoFalse(), r.falseByRelation(),
                r.generateMillis(), r.prepareMillis(), r.compareMillis());
    }
}
