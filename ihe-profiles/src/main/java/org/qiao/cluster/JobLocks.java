package org.qiao.cluster;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * All SQL on job_lock (V16): one row per job that only one engine process may run at a time (the statistics
 * roll-up). A job's transaction locks its row; another process that tries meanwhile skips its turn instead of
 * waiting, and a process that dies releases the lock with its session.
 */
public class JobLocks {

    public static final String STATISTICS_ROLL_UP = "statistics-roll-up";

    private final JdbcTemplate jdbc;

    public JobLocks(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Locks the job for the caller's transaction; false when another transaction holds it. */
    public boolean tryLock(String job) {
        var rows = jdbc.queryForList("SELECT name FROM job_lock WHERE name = ? FOR UPDATE SKIP LOCKED", String.class,
                job);
        if (rows.isEmpty() && jdbc.queryForObject("SELECT COUNT(*) FROM job_lock WHERE name = ?", Long.class, job) == 0) {
            throw new IllegalStateException("No job_lock row for " + job + " (a migration adds one per job)");
        }
        return !rows.isEmpty();
    }
}
