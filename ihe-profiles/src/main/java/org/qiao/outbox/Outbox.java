package org.qiao.outbox;

import org.qiao.journal.LongKeys;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The transactional outbox: all SQL on table outbox. Enqueue inside the transaction of the change. */
public class Outbox {

    public static final String PENDING = "PENDING";
    public static final String SENT = "SENT";
    public static final String DEAD = "DEAD";

    private static final RowMapper<OutboxMessage> ROW = (rs, i) -> new OutboxMessage(rs.getLong("id"),
            rs.getString("destination"), rs.getString("kind"), rs.getString("ordering_key"),
            rs.getString("payload"), rs.getString("status"), rs.getInt("attempts"), rs.getString("last_error"),
            rs.getObject("created_at", OffsetDateTime.class), rs.getObject("next_attempt_at", OffsetDateTime.class));

    private final JdbcTemplate jdbc;

    public Outbox(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void enqueue(String destination, String kind, String orderingKey, String payload) {
        var now = now();
        jdbc.update("""
                INSERT INTO outbox (destination, kind, ordering_key, payload, status, attempts, next_attempt_at,
                    created_at) VALUES (?, ?, ?, ?, ?, 0, ?, ?)""",
                destination, kind, LongKeys.fit(orderingKey, 200), payload, PENDING, now, now);
    }

    /**
     * Claims the oldest pending message of a destination, if it is due, for the caller's transaction: the row stays
     * locked until that transaction ends, so no other worker or process takes it, and no one takes the one behind
     * it either (the head is found by MIN(id) alone, then skipped while locked): FIFO per destination. A process
     * that dies loses its connection, the database rolls the transaction back and the row is claimable again.
     */
    public Optional<OutboxMessage> claimHead(String destination) {
        return jdbc.query("""
                SELECT * FROM outbox WHERE destination = ? AND status = ? AND next_attempt_at <= ?
                  AND id = (SELECT MIN(id) FROM outbox WHERE destination = ? AND status = ?)
                FOR UPDATE SKIP LOCKED""",
                ROW, destination, PENDING, now(), destination, PENDING).stream().findFirst();
    }

    /** Claims one pending message by id for the caller's transaction; empty when it is claimed elsewhere or done. */
    public Optional<OutboxMessage> claim(long id) {
        return jdbc.query("SELECT * FROM outbox WHERE id = ? AND status = ? FOR UPDATE SKIP LOCKED", ROW, id, PENDING)
                .stream().findFirst();
    }

    public void markSent(long id, String response) {
        jdbc.update("UPDATE outbox SET status = ?, attempts = attempts + 1, sent_at = ?, response = ?, "
                + "last_error = NULL WHERE id = ?", SENT, now(), response, id);
    }

    public void markFailed(long id, String error, Duration retryIn, boolean dead) {
        jdbc.update("UPDATE outbox SET status = ?, attempts = attempts + 1, last_error = ?, next_attempt_at = ? "
                        + "WHERE id = ?", dead ? DEAD : PENDING, truncate(error), now().plus(retryIn), id);
    }

    /** Puts a dead message back in line (an operator's replay); false when it was not dead. */
    public boolean retry(long id) {
        return jdbc.update("UPDATE outbox SET status = ?, attempts = 0, next_attempt_at = ? WHERE id = ? AND status = ?",
                PENDING, now(), id, DEAD) == 1;
    }

    /** Puts the dead ones of these messages back in line; returns how many were. */
    public int retry(Collection<Long> ids) {
        int n = 0;
        for (var id : ids) {
            n += retry(id) ? 1 : 0;
        }
        return n;
    }

    public Optional<OutboxMessage> get(long id) {
        return jdbc.query("SELECT * FROM outbox WHERE id = ?", ROW, id).stream().findFirst();
    }

    /** Messages by status and destination (each optional), newest first. */
    public List<OutboxMessage> search(String status, String destination, int limit) {
        var sql = new StringBuilder("SELECT * FROM outbox WHERE 1 = 1");
        var args = new ArrayList<Object>();
        if (status != null && !status.isBlank()) {
            sql.append(" AND status = ?");
            args.add(status.strip().toUpperCase(Locale.ROOT));
        }
        if (destination != null && !destination.isBlank()) {
            sql.append(" AND destination = ?");
            args.add(destination.strip());
        }
        sql.append(" ORDER BY id DESC FETCH FIRST ? ROWS ONLY");
        args.add(limit);
        return jdbc.query(sql.toString(), ROW, args.toArray());
    }

    /** How many messages wait (or died) per destination and status, and since when the oldest. */
    public record Depth(String destination, String status, long count, OffsetDateTime oldest) {
    }

    /** Queue depths of the messages not yet sent (pending and dead). */
    public List<Depth> depths() {
        return jdbc.query("""
                SELECT destination, status, COUNT(*), MIN(created_at) FROM outbox WHERE status IN (?, ?)
                GROUP BY destination, status ORDER BY destination, status""",
                (rs, i) -> new Depth(rs.getString(1), rs.getString(2), rs.getLong(3),
                        rs.getObject(4, OffsetDateTime.class)), PENDING, DEAD);
    }

    public List<OutboxMessage> byDestination(String destination) {
        return jdbc.query("SELECT * FROM outbox WHERE destination = ? ORDER BY id", ROW, destination);
    }

    public Map<String, Long> countByStatus() {
        var counts = new TreeMap<String, Long>();
        jdbc.query("SELECT status, COUNT(*) FROM outbox GROUP BY status",
                rs -> { counts.put(rs.getString(1), rs.getLong(2)); });
        return counts;
    }

    private static String truncate(String s) {
        return s == null || s.length() <= 2000 ? s : s.substring(0, 2000);
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }
}
