package org.qiao.stats;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;

import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

/**
 * All SQL on stat_delta and stat_daily (V12). Arrivals append deltas; {@link #rollUp} folds them into daily rows;
 * readers sum both, so every answer is exact at any moment.
 */
public class StatisticsStore {

    private final JdbcTemplate jdbc;

    public StatisticsStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** One count, in the caller's transaction. */
    public void add(Measure measure, LocalDate day, String hospital, String group, long n) {
        jdbc.update("INSERT INTO stat_delta (measure, stat_day, hospital, grp, n) VALUES (?, ?, ?, ?, ?)",
                measure.id, Date.valueOf(day), clip(hospital), clip(group), n);
    }

    /**
     * Folds the deltas up to the newest one now present into stat_daily and stat_monthly and deletes them; returns
     * how many. Steps, in one transaction (the caller's): take the highest delta id; for the daily and then the
     * monthly rows, add the sums of the deltas up to it to the rows that exist (UPDATE) and insert the rows that do
     * not (INSERT … SELECT … WHERE NOT EXISTS); delete those deltas. Deltas appended meanwhile have higher ids and
     * wait for the next roll-up. One roll-up at a time: the caller serialises them (StatisticsService).
     */
    public int rollUp() {
        Long max = jdbc.queryForObject("SELECT MAX(id) FROM stat_delta", Long.class);
        if (max == null) {
            return 0;
        }
        fold("stat_daily", "stat_day", "d.stat_day", max);
        fold("stat_monthly", "stat_month", MONTH_OF_DELTA, max);
        return jdbc.update("DELETE FROM stat_delta WHERE id <= ?", max);
    }

    private static final String MONTH_OF_DELTA = "CAST(DATE_TRUNC('MONTH', d.stat_day) AS DATE)";

    /** Adds the deltas up to {@code max} into {@code table}, keyed by {@code column} = {@code key} of a delta d. */
    private void fold(String table, String column, String key, long max) {
        jdbc.update("UPDATE " + table + " SET n = n + (SELECT SUM(d.n) FROM stat_delta d WHERE d.id <= ?"
                + " AND d.measure = " + table + ".measure AND " + key + " = " + table + "." + column
                + " AND d.hospital = " + table + ".hospital AND d.grp = " + table + ".grp)"
                + " WHERE EXISTS (SELECT 1 FROM stat_delta d WHERE d.id <= ? AND d.measure = " + table + ".measure"
                + " AND " + key + " = " + table + "." + column + " AND d.hospital = " + table + ".hospital"
                + " AND d.grp = " + table + ".grp)", max, max);
        jdbc.update("INSERT INTO " + table + " (measure, " + column + ", hospital, grp, n)"
                + " SELECT d.measure, " + key + ", d.hospital, d.grp, SUM(d.n) FROM stat_delta d"
                + " WHERE d.id <= ? AND NOT EXISTS (SELECT 1 FROM " + table + " s WHERE s.measure = d.measure"
                + " AND s." + column + " = " + key + " AND s.hospital = d.hospital AND s.grp = d.grp)"
                + " GROUP BY d.measure, " + key + ", d.hospital, d.grp", max);
    }

    /** Rebuilds stat_monthly from stat_daily (after daily rows were written directly, e.g. by a bulk load). */
    public void rebuildMonths() {
        jdbc.update("DELETE FROM stat_monthly");
        jdbc.update("INSERT INTO stat_monthly (measure, stat_month, hospital, grp, n) SELECT measure, "
                + "CAST(DATE_TRUNC('MONTH', stat_day) AS DATE), hospital, grp, SUM(n) FROM stat_daily GROUP BY measure, "
                + "CAST(DATE_TRUNC('MONTH', stat_day) AS DATE), hospital, grp");
    }

    /** One day's count of one hospital and group. */
    public record DayCount(LocalDate day, String hospital, String group, long n) {
    }

    /**
     * The counts of a measure per day, hospital and group from {@code from} to {@code to} (inclusive), optionally
     * of one hospital and of some groups (codes; a code ending in {@code *} is a prefix); each key once (its rolled
     * up row and its deltas added), in no particular order. With {@code wholeMonths}, the months wholly inside the
     * range come from stat_monthly, dated the first of their month, and only the part-months at the ends from
     * stat_daily. One statement, so a concurrent roll-up is seen entirely or not at all.
     */
    public List<DayCount> counts(Measure measure, LocalDate from, LocalDate to, String hospital, List<String> groups,
                                 boolean wholeMonths) {
        var filter = new StringBuilder();
        var filterArgs = new ArrayList<Object>();
        if (hospital != null) {
            filter.append(" AND hospital = ?");
            filterArgs.add(hospital);
        }
        if (groups != null && !groups.isEmpty()) {
            filter.append(" AND (");
            for (int i = 0; i < groups.size(); i++) {
                var g = groups.get(i);
                filter.append(i == 0 ? "" : " OR ");
                if (g.endsWith("*")) {
                    filter.append("grp LIKE ? ESCAPE '\\'");
                    filterArgs.add(g.substring(0, g.length() - 1).replace("\\", "\\\\").replace("%", "\\%")
                            .replace("_", "\\_") + "%");
                } else {
                    filter.append("grp = ?");
                    filterArgs.add(g);
                }
            }
            filter.append(')');
        }
        var firstWhole = from.getDayOfMonth() == 1 ? from : from.withDayOfMonth(1).plusMonths(1);
        var afterWhole = to.plusDays(1).withDayOfMonth(1); // the month after the last whole one
        var afterTo = to.plusDays(1);
        var branches = new ArrayList<String>();
        var args = new ArrayList<Object>();
        Branch branch = (table, column, start, end) -> {
            // one index range per branch [start, end): an OR of ranges would scan the measure
            branches.add("SELECT " + column + ", hospital, grp, n FROM " + table + " WHERE measure = ? AND " + column
                    + " >= ? AND " + column + " < ?" + filter);
            args.addAll(List.of(measure.id, Date.valueOf(start), Date.valueOf(end)));
            args.addAll(filterArgs);
        };
        if (wholeMonths && firstWhole.isBefore(afterWhole)) {
            branch.add("stat_monthly", "stat_month", firstWhole, afterWhole);
            branch.add("stat_daily", "stat_day", from, firstWhole);
            branch.add("stat_daily", "stat_day", afterWhole, afterTo);
        } else {
            branch.add("stat_daily", "stat_day", from, afterTo);
        }
        branch.add("stat_delta", "stat_day", from, afterTo);
        var sql = String.join(" UNION ALL ", branches);
        // rows of one key are added here, not by GROUP BY (H2 groups 10^5 rows in about a second, a hash map in
        // milliseconds; bench/PROFILE.md, "Console"); deltas of a whole month are dated by their month
        var sums = new HashMap<Key, long[]>();
        jdbc.query(sql, (RowCallbackHandler) rs -> {
            var day = rs.getObject(1, LocalDate.class);
            if (wholeMonths && !day.isBefore(firstWhole) && day.isBefore(afterWhole)) {
                day = day.withDayOfMonth(1);
            }
            sums.computeIfAbsent(new Key(day, rs.getString(2), rs.getString(3)), k -> new long[1])[0] += rs.getLong(4);
        }, args.toArray());
        var out = new ArrayList<DayCount>(sums.size());
        sums.forEach((k, n) -> out.add(new DayCount(k.day(), k.hospital(), k.group(), n[0])));
        return out;
    }

    /** {@link #counts(Measure, LocalDate, LocalDate, String, List, boolean)} day by day. */
    public List<DayCount> counts(Measure measure, LocalDate from, LocalDate to, String hospital, List<String> groups) {
        return counts(measure, from, to, hospital, groups, false);
    }

    /** Adds one SELECT of a UNION ALL: the rows of {@code table} whose {@code column} is in [start, end). */
    @FunctionalInterface
    private interface Branch {
        void add(String table, String column, LocalDate start, LocalDate end);
    }

    private record Key(LocalDate day, String hospital, String group) {
    }

    /** Deltas not yet folded (the dashboard's queue depth of the roll-up). */
    public long pendingDeltas() {
        Long n = jdbc.queryForObject("SELECT COUNT(*) FROM stat_delta", Long.class);
        return n == null ? 0 : n;
    }

    private static String clip(String s) {
        if (s == null) {
            return "";
        }
        return s.length() > 250 ? s.substring(0, 250) : s;
    }
}
