package org.qiao.journal;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/** The message journal: all SQL on table message_journal. */
public class MessageJournal {

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
        jdbc.update("""
                        INSERT INTO message_journal (received_at, protocol, transaction_code, message_type,
                            sending_application, sending_facility, control_id, charset, outcome, reason,
                            raw_message, response, dedup_key)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                OffsetDateTime.now(ZoneOffset.UTC), m.protocol(), m.transaction(),
                storable(truncate(m.messageType(), 40)), storable(truncate(m.sendingApplication(), 250)),
                storable(truncate(m.sendingFacility(), 250)), storable(truncate(m.controlId(), 200)), m.charset(),
                outcome, storable(truncate(reason, 2000)), storable(m.raw()), storable(response),
                accepted ? LongKeys.fit(m.dedupKey(), DEDUP_KEY_LENGTH) : null);
    }

    /**
     * PostgreSQL text cannot hold NUL, in any column (a header field of a refused message may carry one); the
     * journal shows it as the visible symbol ␀ (U+2400).
     */
    private static String storable(String s) {
        return s == null || s.indexOf('\0') < 0 ? s : s.replace('\0', '\u2400');
    }

    public List<JournalEntry> findByControlId(String controlId) {
        return jdbc.query("SELECT * FROM message_journal WHERE control_id = ? ORDER BY id", ROW, controlId);
    }

    public List<JournalEntry> recent(int limit) {
        return jdbc.query("SELECT * FROM message_journal ORDER BY id DESC FETCH FIRST ? ROWS ONLY", ROW, limit);
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
