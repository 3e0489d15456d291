package org.qiao.stats;

import org.qiao.cluster.JobLocks;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The health authority's counts over time: per day, ISO week or month, grouped by hospital, kind, code or ICD-10
 * chapter, and the surveillance rules that flag a week and hospital above a threshold (疾病监测与预警). Aggregates
 * only: nothing here names a resident.
 */
public class StatisticsService {

    /** The longest range one question may cover. */
    public static final int MAX_DAYS = 3660;
    /** Series beyond the largest {@code top} are summed into one "other" series. */
    public static final String OTHER = "*other*";

    private final StatisticsStore store;
    private final TransactionTemplate tx;
    private final List<SurveillanceRule> rules;
    private final JobLocks locks;

    public StatisticsService(StatisticsStore store, TransactionTemplate tx, List<SurveillanceRule> rules,
                             JobLocks locks) {
        this.store = store;
        this.tx = tx;
        this.rules = List.copyOf(rules);
        this.locks = locks;
    }

    public enum Period { DAY, WEEK, MONTH }

    /** One question: a measure from–to (days, inclusive) by period, grouped (null: one series), top series. */
    public record Question(Measure measure, LocalDate from, LocalDate to, Period by, String group, String hospital,
                           List<String> codes, int top) {
    }

    public record Series(String key, List<Long> counts, long total) {
    }

    /** The answer: the periods (labels such as 2026-11-26, 2026-W48, 2026-11) and one count per period per series. */
    public record Answer(Measure measure, LocalDate from, LocalDate to, Period by, String group, List<String> periods,
                         List<Series> series, long total) {
    }

    /**
     * Answers a question. Steps: check it (range, group known to the measure); read the day counts (indexed by
     * measure and day; by month, whole months' sums); key each by its period and series (hospital, kind/code, or chapter); zero-fill every period
     * of the range; keep the {@code top} largest series and sum the rest into {@link #OTHER}.
     *
     * @throws IllegalArgumentException for a question that cannot be answered, with the reason
     */
    public Answer answer(Question q) {
        if (q.from().isAfter(q.to())) {
            throw new IllegalArgumentException("from (" + q.from() + ") is after to (" + q.to() + ")");
        }
        if (ChronoUnit.DAYS.between(q.from(), q.to()) >= MAX_DAYS) {
            throw new IllegalArgumentException("A question covers at most " + MAX_DAYS + " days");
        }
        Function<StatisticsStore.DayCount, String> seriesKey = seriesKey(q.measure(), q.group());
        var periods = periods(q.from(), q.to(), q.by());
        var index = new LinkedHashMap<String, Integer>();
        for (int i = 0; i < periods.size(); i++) {
            index.put(periods.get(i), i);
        }
        var bySeries = new TreeMap<String, long[]>();
        long total = 0;
        // a day's period slot once per day, not per count (a 2-year answer adds up 10^5 counts)
        var slots = new HashMap<LocalDate, Integer>();
        for (var c : store.counts(q.measure(), q.from(), q.to(), q.hospital(), q.codes(),
                q.by() == Period.MONTH)) {
            var row = bySeries.computeIfAbsent(seriesKey.apply(c), k -> new long[periods.size()]);
            row[slots.computeIfAbsent(c.day(), d -> index.get(period(d, q.by())))] += c.n();
            total += c.n();
        }
        var ranked = new ArrayList<>(bySeries.entrySet());
        ranked.sort(Comparator.comparingLong((Map.Entry<String, long[]> e) -> -sum(e.getValue()))
                .thenComparing(Map.Entry::getKey));
        var series = new ArrayList<Series>();
        long[] other = null;
        int top = q.top() <= 0 ? 20 : q.top();
        for (var e : ranked) {
            if (series.size() < top) {
                series.add(series(e.getKey(), e.getValue()));
            } else {
                other = other == null ? new long[periods.size()] : other;
                for (int i = 0; i < other.length; i++) {
                    other[i] += e.getValue()[i];
                }
            }
        }
        if (other != null) {
            series.add(series(OTHER, other));
        }
        return new Answer(q.measure(), q.from(), q.to(), q.by(), q.group(), periods, series, total);
    }

    /** A surveillance flag: a rule's count in one ISO week at one hospital was above its threshold. */
    public record Flag(String rule, String week, String hospital, long count, long threshold) {
    }

    public List<SurveillanceRule> rules() {
        return rules;
    }

    /** Every week and hospital above a rule's weekly threshold from–to, per rule, oldest week first. */
    public List<Flag> flags(LocalDate from, LocalDate to) {
        var flags = new ArrayList<Flag>();
        for (var rule : rules) {
            var weekly = answer(new Question(rule.measure(), from, to, Period.WEEK, "hospital", null, rule.codes(),
                    Integer.MAX_VALUE));
            for (var s : weekly.series()) {
                for (int i = 0; i < weekly.periods().size(); i++) {
                    if (s.counts().get(i) > rule.thresholdPerWeek()) {
                        flags.add(new Flag(rule.name(), weekly.periods().get(i), s.key(), s.counts().get(i),
                                rule.thresholdPerWeek()));
                    }
                }
            }
        }
        flags.sort(Comparator.comparing(Flag::week).thenComparing(Flag::rule).thenComparing(Flag::hospital));
        return flags;
    }

    /**
     * Folds the deltas into daily rows (StatisticsStore#rollUp), one roll-up at a time in this process and across
     * processes (two folding the same deltas would count them twice): a process finding the job locked skips.
     */
    public synchronized int rollUp() {
        Integer n = tx.execute(status -> locks.tryLock(JobLocks.STATISTICS_ROLL_UP) ? store.rollUp() : 0);
        return n == null ? 0 : n;
    }

    private static Function<StatisticsStore.DayCount, String> seriesKey(Measure measure, String group) {
        if (group == null || group.isEmpty()) {
            return c -> "all";
        }
        if (group.equals("hospital")) {
            return StatisticsStore.DayCount::hospital;
        }
        if (!measure.groups.contains(group)) {
            throw new IllegalArgumentException("Measure " + measure.id + " cannot be grouped by " + group
                    + " (it can by hospital" + (measure.groups.isEmpty() ? "" : ", " + String.join(", ", measure.groups))
                    + ")");
        }
        if (group.equals("chapter")) {
            var chapters = new HashMap<String, String>(); // one answer's codes: each looked up once
            return c -> chapters.computeIfAbsent(c.group(), Icd10Chapters::chapterOf);
        }
        return StatisticsStore.DayCount::group;
    }

    /** Every period label from–to. */
    static List<String> periods(LocalDate from, LocalDate to, Period by) {
        var out = new ArrayList<String>();
        var d = switch (by) {
            case DAY -> from;
            case WEEK -> from.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case MONTH -> from.withDayOfMonth(1);
        };
        while (!d.isAfter(to)) {
            out.add(period(d, by));
            d = switch (by) {
                case DAY -> d.plusDays(1);
                case WEEK -> d.plusWeeks(1);
                case MONTH -> d.plusMonths(1);
            };
        }
        return out;
    }

    /** A day's period label: 2026-11-26, the ISO week 2026-W48, or the month 2026-11. */
    static String period(LocalDate day, Period by) {
        return switch (by) {
            case DAY -> day.toString();
            case WEEK -> String.format("%d-W%02d", day.get(IsoFields.WEEK_BASED_YEAR), day.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
            case MONTH -> day.toString().substring(0, 7);
        };
    }

    private static Series series(String key, long[] counts) {
        var list = new ArrayList<Long>(counts.length);
        for (long c : counts) {
            list.add(c);
        }
        return new Series(key, list, sum(counts));
    }

    private static long sum(long[] counts) {
        long s = 0;
        for (long c : counts) {
            s += c;
        }
        return s;
    }
}
