package org.qiao.audit;

import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;

/** The audit record repository's store: all SQL on audit_record, audit_participant and audit_event_type. */
public class AuditStore {

    /** Every column but raw_message, which only a single record's view needs. */
    private static final String SUMMARY_COLUMNS = """
            r.id, r.received_at, r.transport, r.sender, r.syslog_host, r.syslog_app, r.syslog_msgid,
            r.syslog_timestamp, r.event_id_code, r.event_id_system, r.event_id_display, r.event_action,
            r.event_outcome, r.event_date_time, r.source_id, r.parse_error""";

    /** Ids per IN list when loading participants and event types of a page of records. */
    private static final int CHUNK = 500;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;

    public AuditStore(JdbcTemplate jdbc, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.tx = tx;
    }

    /** Stores one received message with its participants and event types, all or nothing. Returns its id. */
    public long insert(ReceivedAudit a) {
        return insertAll(List.of(a)).get(0);
    }

    /**
     * Stores several messages in one transaction, all or nothing. Returns their ids in the same order.
     * Three statements whatever the number of messages (records, then all their participants, then all their
     * event types), each executed as one JDBC batch: per message, three statements were half of the audit
     * intake's CPU under PDQ load (bench/PROFILE.md).
     */
    public List<Long> insertAll(List<ReceivedAudit> all) {
        if (all.isEmpty()) {
            return List.of();
        }
        return tx.execute(status -> {
            var receivedAt = OffsetDateTime.now(ZoneOffset.UTC);
            var keys = new GeneratedKeyHolder();
            jdbc.batchUpdate(c -> c.prepareStatement("""
                    INSERT INTO audit_record (received_at, transport, sender, syslog_host, syslog_app, syslog_msgid,
                        syslog_timestamp, event_id_code, event_id_system, event_id_display, event_action,
                        event_outcome, event_date_time, occurred_at, source_id, parse_error, raw_message)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", new String[] {"id"}),
                    new BatchPreparedStatementSetter() {
                        @Override
                        public void setValues(PreparedStatement ps, int row) throws SQLException {
                            setRecord(ps, all.get(row), receivedAt);
                        }

                        @Override
                        public int getBatchSize() {
                            return all.size();
                        }
                    }, keys);
            var ids = keys.getKeyList().stream().map(k -> ((Number) k.values().iterator().next()).longValue()).toList();
            if (ids.size() != all.size()) {
                throw new IllegalStateException("the database returned " + ids.size() + " ids for " + all.size()
                        + " audit records");
            }
            var participants = new ArrayList<Object[]>();
            var eventTypes = new ArrayList<Object[]>();
            for (int i = 0; i < all.size(); i++) {
                var r = all.get(i).record();
                if (r == null) {
                    continue;
                }
                long recordId = ids.get(i);
                r.participants().forEach(p -> participants.add(new Object[] {recordId, p.kind().name(),
                        fit(p.value(), 512)}));
                r.eventTypes().stream().filter(t -> t.code() != null).forEach(t -> eventTypes.add(new Object[] {
                        recordId, fit(t.code(), 64), fit(t.system(), 64), fit(t.display(), 256)}));
            }
            if (!participants.isEmpty()) {
                jdbc.batchUpdate("INSERT INTO audit_participant (record_id, kind, val) VALUES (?, ?, ?)", participants);
            }
            if (!eventTypes.isEmpty()) {
                jdbc.batchUpdate("INSERT INTO audit_event_type (record_id, code, code_system, display) VALUES (?, ?, ?, ?)",
                        eventTypes);
            }
            return ids;
        });
    }

    private static void setRecord(PreparedStatement ps, ReceivedAudit a, OffsetDateTime receivedAt)
            throws SQLException {
        var r = a.record();
        var occurredAt = r != null && r.eventDateTime() != null ? utc(r.eventDateTime()) : receivedAt;
        int i = 0;
        ps.setObject(++i, receivedAt);
        ps.setString(++i, a.transport());
        ps.setString(++i, fit(a.sender(), 300));
        ps.setString(++i, fit(a.syslogHost(), 255));
        ps.setString(++i, fit(a.syslogApp(), 48));
        ps.setString(++i, fit(a.syslogMsgId(), 32));
        ps.setObject(++i, utc(a.syslogTimestamp()));
        ps.setString(++i, r == null ? null : fit(r.eventId().code(), 64));
        ps.setString(++i, r == null ? null : fit(r.eventId().system(), 64));
        ps.setString(++i, r == null ? null : fit(r.eventId().display(), 256));
        ps.setString(++i, r == null ? null : fit(r.action(), 1));
        ps.setObject(++i, r == null ? null : r.outcome(), java.sql.Types.INTEGER);
        ps.setObject(++i, r == null ? null : utc(r.eventDateTime()));
        ps.setObject(++i, occurredAt);
        ps.setString(++i, r == null ? null : fit(r.sourceId(), 256));
        ps.setString(++i, fit(a.parseError(), 2000));
        ps.setString(++i, storable(a.raw() == null ? "" : a.raw()));
    }

    /** Records matching every given filter, newest event first, without their raw message. */
    public List<StoredAudit> search(AuditQuery q) {
        var where = where(q);
        var args = new ArrayList<>(where.args());
        args.add(q.limit());
        var rows = jdbc.query("SELECT " + SUMMARY_COLUMNS + " FROM audit_record r" + where.sql()
                + " ORDER BY r.occurred_at DESC, r.id DESC FETCH FIRST ? ROWS ONLY", (rs, i) -> row(rs, null), args.toArray());
        return withChildren(rows);
    }

    public long count(AuditQuery q) {
        var where = where(q);
        Long n = jdbc.queryForObject("SELECT COUNT(*) FROM audit_record r" + where.sql(), Long.class,
                where.args().toArray());
        return n == null ? 0 : n;
    }

    /** One record with its raw message. */
    public Optional<StoredAudit> get(long id) {
        var rows = jdbc.query("SELECT " + SUMMARY_COLUMNS + ", r.raw_message FROM audit_record r WHERE r.id = ?",
                (rs, i) -> row(rs, rs.getString("raw_message")), id);
        return withChildren(rows).stream().findFirst();
    }

    private record Where(String sql, List<Object> args) {
    }

    private static Where where(AuditQuery q) {
        var sql = new StringBuilder(" WHERE 1 = 1");
        var args = new ArrayList<>();
        if (q.from() != null) {
            sql.append(" AND r.occurred_at >= ?");
            args.add(utc(q.from()));
        }
        if (q.to() != null) {
            sql.append(" AND r.occurred_at < ?");
            args.add(utc(q.to()));
        }
        if (q.patient() != null) {
            if (q.patient().indexOf('^') < 0) {
                // a bare id matches it under any assigning authority
                sql.append(" AND EXISTS (SELECT 1 FROM audit_participant p WHERE p.record_id = r.id AND p.kind = 'PATIENT'"
                        + " AND (p.val = ? OR p.val LIKE ? ESCAPE '!'))");
                args.add(q.patient());
                args.add(q.patient().replace("!", "!!").replace("%", "!%").replace("_", "!_") + "^%");
            } else {
                sql.append(" AND EXISTS (SELECT 1 FROM audit_participant p WHERE p.record_id = r.id AND p.kind = 'PATIENT'"
                        + " AND p.val = ?)");
                args.add(q.patient());
            }
        }
        if (q.user() != null) {
            sql.append(" AND EXISTS (SELECT 1 FROM audit_participant p WHERE p.record_id = r.id AND p.kind = 'USER'"
                    + " AND p.val = ?)");
            args.add(q.user());
        }
        if (q.node() != null) {
            sql.append(" AND (r.source_id = ? OR EXISTS (SELECT 1 FROM audit_participant p WHERE p.record_id = r.id"
                    + " AND p.kind = 'NODE' AND p.val = ?))");
            args.add(q.node());
            args.add(q.node());
        }
        if (q.eventId() != null) {
            sql.append(" AND r.event_id_code = ?");
            args.add(q.eventId());
        }
        if (q.eventType() != null) {
            sql.append(" AND EXISTS (SELECT 1 FROM audit_event_type t WHERE t.record_id = r.id AND t.code = ?)");
            args.add(q.eventType());
        }
        if (q.outcome() != null) {
            sql.append(" AND r.event_outcome = ?");
            args.add(q.outcome());
        }
        return new Where(sql.toString(), args);
    }

    private static StoredAudit row(ResultSet rs, String raw) throws SQLException {
        var code = rs.getString("event_id_code");
        return new StoredAudit(rs.getLong("id"), instant(rs, "received_at"), rs.getString("transport"),
                rs.getString("sender"), rs.getString("syslog_host"), rs.getString("syslog_app"),
                rs.getString("syslog_msgid"), instant(rs, "syslog_timestamp"),
                code == null ? null : new AuditCode(code, rs.getString("event_id_system"), rs.getString("event_id_display")),
                List.of(), rs.getString("event_action"), rs.getObject("event_outcome", Integer.class),
                instant(rs, "event_date_time"), rs.getString("source_id"), List.of(), rs.getString("parse_error"), raw);
    }

    /** Adds participants and event types, two queries per chunk of records. */
    private List<StoredAudit> withChildren(List<StoredAudit> rows) {
        if (rows.isEmpty()) {
            return rows;
        }
        var participants = new HashMap<Long, List<AuditParticipant>>();
        var types = new HashMap<Long, List<AuditCode>>();
        for (int from = 0; from < rows.size(); from += CHUNK) {
            var ids = rows.subList(from, Math.min(rows.size(), from + CHUNK)).stream().map(StoredAudit::id).toArray();
            var in = String.join(", ", Collections.nCopies(ids.length, "?"));
            jdbc.query("SELECT record_id, kind, val FROM audit_participant WHERE record_id IN (" + in
                    + ") ORDER BY record_id, kind, val", rs -> {
                participants.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
                        .add(new AuditParticipant(AuditParticipant.Kind.valueOf(rs.getString(2)), rs.getString(3)));
            }, ids);
            jdbc.query("SELECT record_id, code, code_system, display FROM audit_event_type WHERE record_id IN (" + in
                    + ") ORDER BY record_id, code", rs -> {
                types.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
                        .add(new AuditCode(rs.getString(2), rs.getString(3), rs.getString(4)));
            }, ids);
        }
        return rows.stream().map(a -> new StoredAudit(a.id(), a.receivedAt(), a.transport(), a.sender(), a.syslogHost(),
                a.syslogApp(), a.syslogMsgId(), a.syslogTimestamp(), a.eventId(),
                List.copyOf(types.getOrDefault(a.id(), List.of())), a.action(), a.outcome(), a.eventDateTime(),
                a.sourceId(), List.copyOf(participants.getOrDefault(a.id(), List.of())), a.parseError(), a.raw()))
                .toList();
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        var t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static OffsetDateTime utc(Instant t) {
        return t == null ? null : t.atOffset(ZoneOffset.UTC);
    }

    /** Values from the network are cut to their column; the whole message stays in raw_message. */
    private static String fit(String s, int max) {
        s = storable(s);
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    /** PostgreSQL text cannot hold NUL; it is kept as the visible symbol ␀ (U+2400), as in the journal. */
    private static String storable(String s) {
        return s == null || s.indexOf('\0') < 0 ? s : s.replace('\0', '\u2400');
    }
}
