package org.qiao.stats;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;

import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
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
     * Folds the deltas up to the newest one now present into stat_daily and deletes them; returns how many.
     * Steps, in one transaction (the caller's): take the highest delta id; add the sums of the deltas up to it to
     * the daily rows that exist (UPDATE), insert the daily rows that do not (INSERT … SELECT … WHERE NOT EXISTS);
     * delete those deltas. Deltas appended meanwhile have higher ids and wait for the next roll-up. One roll-up at a
     * time: the caller serialises them (StatisticsService).
     */
    public int rollUp() {
        Long max = jdbc.queryForObject("SELECT MAX(id) FROM stat_delta", Long.class);
        if (max == null) {
            return 0;
        }
        jdbc.update("""
                UPDATE stat_daily SET n = n + (SELECT SUM(d.n) FROM stat_delta d WHERE d.id <= ?
                        AND d.measure = stat_daily.measure AND d.stat_day = stat_daily.stat_day
                        AND d.hospital = stat_daily.hospital AND d.grp = stat_daily.grp)
                WHERE EXISTS (SELECT 1 FROM stat_delta d WHERE d.id <= ? AND d.measure = stat_daily.measure
                        AND d.stat_day = stat_daily.stat_day AND d.hospital = stat_daily.hospital AND d.grp = stat_daily.grp)""",
                max, max);
        jdbc.update("""
                INSERT INTO stat_daily (measure, stat_day, hospital, grp, n)
                SELECT d.measure, d.stat_day, d.hospital, d.grp, SUM(d.n) FROM stat_delta d
                WHERE d.id <= ? AND NOT EXISTS (SELECT 1 FROM stat_daily s WHERE s.measure = d.measure
                        AND s.stat_day = d.stat_day AND s.hospital = d.hospital AND s.grp = d.grp)
                GROUP BY d.measure, d.stat_day, d.hospital, d.grp""", max);
        return jdbc.update("DELETE FROM stat_delta WHERE id <= ?", max);
    }

    /** One day's count of one hospital and group. */
    public record DayCount(LocalDate day, String hospital, String group, long n) {
    }

    /**
     * The counts of a measure per day, hospital and group from {@code from} to {@code to} (inclusive), optionally
     * of one hospital and of some groups (codes; a code ending in {@code *} is a prefix); each key once (its daily
     * row and its deltas added), by day, hospital and group.
     */
    public List<DayCount> counts(Measure measure, LocalDate from, LocalDate to, String hospital, List<String> groups) {
        var args = new ArrayList<Object>();
        var where = new StringBuilder("measure = ? AND stat_day >= ? AND stat_day <= ?");
        args.add(measure.id);
        args.add(Date.valueOf(from));
        args.add(Date.valueOf(to));
        if (hospital != null) {
            where.append(" AND hospital = ?");
            args.add(hospital);
        }
        if (groups != null && !groups.isEmpty()) {
            where.append(" AND (");
            for (int i = 0; i < groups.size(); i++) {
                var g = groups.get(i);
                where.append(i == 0 ? "" : " OR ");
                if (g.endsWith("*")) {
                    where.append("grp LIKE ? ESCAPE '\\'");
                    args.add(g.substring(0, g.length() - 1).replace("\\", "\\\\").replace("%", "\\%")
                            .replace("_", "\\_") + "%");
                } else {
                    where.append("grp = ?");
                    args.add(g);
                }
            }
            where.append(')');
        }
        var all = new ArrayList<Object>(args);
        all.addAll(args);
        // daily rows and deltas of one key are added here, not by GROUP BY: a 2-year question reads 10^5 rows, which
        // H2 groups in about a second, a hash map in milliseconds (bench/PROFILE.md, "Console")
        var sums = new HashMap<Key, long[]>();
        jdbc.query("SELECT stat_day, hospital, grp, n FROM stat_daily WHERE " + where
                        + " UNION ALL SELECT stat_day, hospital, grp, n FROM stat_delta WHERE " + where,
                (RowCallbackHandler) rs -> sums.computeIfAbsent(new Key(rs.getObject(1, LocalDate.class),
                        rs.getString(2), rs.getString(3)), k -> new long[1])[0] += rs.getLong(4), all.toArray());
        var out = new ArrayList<DayCount>(sums.size());
        sums.forEach((k, n) -> out.add(new DayCount(k.day(), k.hospital(), k.group(), n[0])));
        out.sort(BY_DAY);
        return out;
    }

    private record Key(LocalDate day, String hospital, String group) {
    }

    private static final Comparator<DayCount> BY_DAY = Comparator.comparing(DayCount::day)
            .thenComparing(DayCount::hospital).thenComparing(DayCount::group);

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
