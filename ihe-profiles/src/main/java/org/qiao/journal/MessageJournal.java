package org.qiao.journal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.ArgumentPreparedStatementSetter;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The message journal: all SQL on table message_journal. A message whose effect is committed is journaled in the
 * same transaction ({@link #record}). Queries, refusals and errors change nothing: nobody waits for their entries
 * ({@link #recordLater}), which one writer thread inserts in batches of what arrives within {@value #LINGER_MS} ms,
 * one commit each, instead of one commit per message on the connection's own thread (with 16 PDQ connections
 * those commits queued behind each other; bench/PROFILE.md). Reads wait for the entries queued before them, so
 * the journal shows every answered message; a killed process loses the entries not yet written (about a tenth of a
 * second's worth).
 */
public class MessageJournal implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MessageJournal.class);

    private static final String INSERT = """
            INSERT INTO message_journal (received_at, protocol, transaction_code, message_type,
                sending_application, sending_facility, control_id, charset, outcome, reason,
                raw_message, response, dedup_key)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";
    /** Most entries written in one commit. */
    private static final int BATCH = 500;
    /**
     * How long the writer gathers entries before a commit. Each H2 commit writes a chunk of B-tree pages, whatever
     * it holds, and H2 keeps metadata for each chunk in memory. Writing whatever had queued (a few entries at 2 000
     * queries a second) made hundreds of commits a second; that metadata was most of what survived several young
     * collections, which it made longer (bench/PROFILE.md).
     */
    static final long LINGER_MS = 100;

    private static final RowMapper<JournalEntry> ROW = (rs, i) -> new JournalEntry(
            rs.getLong("id"), rs.getObject("received_at", OffsetDateTime.class), rs.getString("protocol"),
            rs.getString("transaction_code"), rs.getString("message_type"), rs.getString("sending_application"),
            rs.getString("sending_facility"), rs.getString("control_id"), rs.getString("charset"),
            rs.getString("outcome"), rs.getString("reason"), rs.getString("raw_message"), rs.getString("response"));

    /** Size of message_journal.dedup_key. */
    private static final int DEDUP_KEY_LENGTH = 700;

    private final JdbcTemplate jdbc;

    public MessageJournal(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The response sent for an already accepted message with this key, if any. */
    public Optional<String> acceptedResponse(String dedupKey) {
        if (dedupKey == null) {
            return Optional.empty();
        }
        return jdbc.query("SELECT response FROM message_journal WHERE dedup_key = ?",
                (rs, i) -> rs.getString(1), LongKeys.fit(dedupKey, DEDUP_KEY_LENGTH)).stream().findFirst();
    }

    /**
     * Records a message. Accepted messages carry their dedup key, so a second insert of the same
     * message fails on the unique constraint and its transaction rolls back.
     */
    public void record(InboundMessage m, String outcome, String reason, String response, boolean accepted) {
        jdbc.update(INSERT, values(m, outcome, reason, response, accepted));
    }

    /** Journals a message that changed nothing, without waiting for the write (see the class comment). */
    public void recordLater(InboundMessage m, String outcome, String reason, String response) {
        var row = values(m, outcome, reason, response, false);
        synchronized (queued) {
            if (closed) {
                // shutting down: nobody is left to write it later
                jdbc.update(INSERT, row);
                return;
            }
            startWriter();
            later.add(row);
            queued.incrementAndGet();
        }
    }

    private Object[] values(InboundMessage m, String outcome, String reason, String response, boolean accepted) {
        return new Object[]{OffsetDateTime.now(ZoneOffset.UTC), m.protocol(), m.transaction(),
                storable(truncate(m.messageType(), 40)), storable(truncate(m.sendingApplication(), 250)),
                storable(truncate(m.sendingFacility(), 250)), storable(truncate(m.controlId(), 200)), m.charset(),
                outcome, storable(truncate(reason, 2000)), storable(m.raw()), storable(response),
                accepted ? LongKeys.fit(m.dedupKey(), DEDUP_KEY_LENGTH) : null};
    }

    private final LinkedBlockingQueue<Object[]> later = new LinkedBlockingQueue<>();
    /** Entries queued so far; its monitor also guards starting and closing. */
    private final AtomicLong queued = new AtomicLong();
    /** Entries written (or given up on) so far; its monitor is what readers wait on. */
    private final AtomicLong written = new AtomicLong();
    private Thread writer;
    private boolean closed;

    private void startWriter() {
        if (writer == null) {
            writer = new Thread(this::writeQueued, "journal-writer");
            writer.setDaemon(true);
            writer.start();
        }
    }

    /** Steps: wait for an entry; take it and what arrives within LINGER_MS (up to BATCH); insert them in one commit. */
    private void writeQueued() {
        var batch = new ArrayList<Object[]>(BATCH);
        while (true) {
            try {
                var first = later.poll(1, TimeUnit.SECONDS);
                if (first == null) {
                    synchronized (queued) {
                        if (closed && later.isEmpty()) {
                            return;
                        }
                    }
                    continue;
                }
                batch.add(first);
                gather(batch);
                insert(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.error("Could not journal {} answered messages (queries, refusals or errors)", batch.size(), e);
            } finally {
                if (!batch.isEmpty()) {
                    synchronized (written) {
                        written.addAndGet(batch.size());
                        written.notifyAll();
                    }
                    batch.clear();
                }
            }
        }
    }

    private void gather(List<Object[]> batch) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LINGER_MS);
        later.drainTo(batch, BATCH - batch.size());
        while (batch.size() < BATCH) {
            long left = deadline - System.nanoTime();
            Object[] next;
            try {
                next = left <= 0 ? null : later.poll(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                // write what was taken first; the flag is not kept, as an interrupted H2 write closes the database
                return;
            }
            if (next == null) {
                return;
            }
            batch.add(next);
            later.drainTo(batch, BATCH - batch.size());
        }
    }

    private void insert(List<Object[]> rows) {
        jdbc.execute((ConnectionCallback<Void>) c -> {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try (var ps = c.prepareStatement(INSERT)) {
                for (var row : rows) {
                    new ArgumentPreparedStatementSetter(row).setValues(ps);
                    ps.addBatch();
                }
                ps.executeBatch();
                c.commit();
            } catch (java.sql.SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
            return null;
        });
    }

    /** Waits until every entry queued before this call is written (at most 30 s). */
    public void flush() {
        long target = queued.get();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        synchronized (written) {
            while (written.get() < target && System.nanoTime() < deadline) {
                try {
                    written.wait(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Writes what is queued and stops the writer (Spring calls it at shutdown). */
    @Override
    public void close() {
        synchronized (queued) {
            closed = true;
        }
        flush();
    }

    /**
     * PostgreSQL text cannot hold NUL, in any column (a header field of a refused message may carry one); the
     * journal shows it as the visible symbol ␀ (U+2400).
     */
    private static String storable(String s) {
        return s == null || s.indexOf('\0') < 0 ? s : s.replace('\0', '\u2400');
    }

    public List<JournalEntry> findByControlId(String controlId) {
        flush();
        return jdbc.query("SELECT * FROM message_journal WHERE control_id = ? ORDER BY id", ROW, controlId);
    }

    public List<JournalEntry> recent(int limit) {
        flush();
        return jdbc.query("SELECT * FROM message_journal ORDER BY id DESC FETCH FIRST ? ROWS ONLY", ROW, limit);
    }

    /** One row, with the message as received and the answer sent. */
    public Optional<JournalEntry> get(long id) {
        flush();
        return jdbc.query("SELECT * FROM message_journal WHERE id = ?", ROW, id).stream().findFirst();
    }

    /** Rows matching a query, newest first (see JournalQuery for what each filter means). */
    public List<JournalEntry> search(JournalQuery q) {
        flush();
        var sql = new StringBuilder("SELECT * FROM message_journal WHERE 1 = 1");
        var args = new ArrayList<Object>();
        if (q.sender() != null) {
            sql.append(" AND (UPPER(sending_application) = ? OR UPPER(sending_facility) = ?)");
            var sender = q.sender().toUpperCase(Locale.ROOT);
            args.add(sender);
            args.add(sender);
        }
        if (q.transaction() != null) {
            sql.append(" AND transaction_code = ?");
            args.add(q.transaction());
        }
        if (JournalQuery.FAILED.equalsIgnoreCase(String.valueOf(q.outcome()))) {
            sql.append(" AND outcome <> 'AA'");
        } else if (q.outcome() != null) {
            sql.append(" AND outcome = ?");
            args.add(q.outcome().toUpperCase(Locale.ROOT));
        }
        if (q.from() != null) {
            sql.append(" AND received_at >= ?");
            args.add(utc(q.from()));
        }
        if (q.to() != null) {
            sql.append(" AND received_at < ?");
            args.add(utc(q.to()));
        }
        if (q.text() != null) {
            // a literal text: % and _ typed by a person are not wildcards
            var like = "%" + q.text().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
            sql.append(" AND (raw_message LIKE ? ESCAPE '\\' OR control_id LIKE ? ESCAPE '\\'"
                    + " OR reason LIKE ? ESCAPE '\\')");
            args.add(like);
            args.add(like);
            args.add(like);
        }
        if (q.beforeId() != null) {
            sql.append(" AND id < ?");
            args.add(q.beforeId());
        }
        sql.append(" ORDER BY id DESC FETCH FIRST ? ROWS ONLY");
        args.add(q.limit());
        return jdbc.query(sql.toString(), ROW, args.toArray());
    }

    /**
     * Messages and failures per transaction and period since a time: {@code hours} true counts per hour, false
     * per minute. Periods with no message are absent.
     */
    public List<JournalActivity> activity(Instant since, boolean hours) {
        flush();
        // DATE_TRUNC means the same in H2 and PostgreSQL for hours and minutes (whole-hour zones)
        var period = hours ? "DATE_TRUNC('HOUR', received_at)" : "DATE_TRUNC('MINUTE', received_at)";
        return jdbc.query("SELECT " + period + " AS period, transaction_code, COUNT(*),"
                        + " SUM(CASE WHEN outcome = 'AA' THEN 0 ELSE 1 END) FROM message_journal WHERE received_at >= ?"
                        + " GROUP BY " + period + ", transaction_code ORDER BY period, transaction_code",
                (rs, i) -> new JournalActivity(rs.getObject(1, OffsetDateTime.class).withOffsetSameInstant(ZoneOffset.UTC),
                        rs.getString(2), rs.getLong(3), rs.getLong(4)), utc(since));
    }

    /** Refused messages since a time, grouped by sender, transaction, outcome and reason; most frequent first. */
    public List<JournalFailure> failures(Instant since, int limit) {
        flush();
        return jdbc.query("""
                SELECT sending_application, sending_facility, transaction_code, outcome, reason,
                       COUNT(*) AS n, MAX(received_at) AS last_at, MAX(id) AS last_id
                FROM message_journal WHERE received_at >= ? AND outcome <> 'AA'
                GROUP BY sending_application, sending_facility, transaction_code, outcome, reason
                ORDER BY n DESC, last_id DESC FETCH FIRST ? ROWS ONLY""",
                (rs, i) -> new JournalFailure(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getLong(6), rs.getObject(7, OffsetDateTime.class), rs.getLong(8)),
                utc(since), limit);
    }

    /** The transaction codes seen, for the console's filter. */
    public List<String> transactions() {
        flush();
        return jdbc.queryForList("SELECT DISTINCT transaction_code FROM message_journal WHERE transaction_code IS NOT NULL"
                + " ORDER BY transaction_code", String.class);
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
