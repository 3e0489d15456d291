package org.qiao.pix;

import org.qiao.pix.PersonIndexStore.MovedRow;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;

import java.sql.PreparedStatement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * The link audit: all SQL on tables person_link_event (every decision on the person index: merge, link,
 * unlink, change of identifier, and their undo) and person_link_move (what a merge moved, so it can be undone).
 */
public class LinkEventStore {

    private final JdbcTemplate jdbc;

    public LinkEventStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** One audited decision on the patient index. */
    public record LinkEvent(long id, String kind, String cause, Identifier a, Identifier b, Long personABefore,
                            Long personBBefore, Long personAAfter, Long personBAfter, OffsetDateTime createdAt,
                            Long undoneBy) {
    }

    /** Records a link decision; returns its id. */
    public long recordLinkEvent(String kind, String cause, Identifier a, Identifier b, Long personABefore,
                                Long personBBefore, Long personAAfter, Long personBAfter) {
        var keys = new GeneratedKeyHolder();
        var values = new Object[] {kind, cause.length() > 700 ? cause.substring(0, 700) : cause, a.domain(),
                a.value(), b.domain(), b.value(), personABefore, personBBefore, personAAfter, personBAfter, now()};
        jdbc.update(con -> {
            PreparedStatement ps = con.prepareStatement("""
                    INSERT INTO person_link_event (kind, cause, domain_a, id_value_a, domain_b, id_value_b,
                        person_a_before, person_b_before, person_a_after, person_b_after, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", new String[] {"id"});
            for (int i = 0; i < values.length; i++) {
                ps.setObject(i + 1, values[i]);
            }
            return ps;
        }, keys);
        return keys.getKey().longValue();
    }

    /** The newest link decisions first, at most {@code limit}. */
    public List<LinkEvent> linkEvents(int limit) {
        return jdbc.query("SELECT * FROM person_link_event ORDER BY id DESC FETCH FIRST ? ROWS ONLY",
                LinkEventStore::linkEvent, limit);
    }

    public Optional<LinkEvent> linkEvent(long id) {
        return jdbc.query("SELECT * FROM person_link_event WHERE id = ?", LinkEventStore::linkEvent, id).stream()
                .findFirst();
    }

    /** Marks a decision as undone by a later one; false when it was undone already. */
    public boolean markUndone(long eventId, long undoneBy) {
        return jdbc.update("UPDATE person_link_event SET undone_by = ? WHERE id = ? AND undone_by IS NULL",
                undoneBy, eventId) == 1;
    }

    public void recordMoves(long eventId, List<MovedRow> rows) {
        jdbc.batchUpdate("""
                INSERT INTO person_link_move (event_id, from_person, domain_code, id_value, record_id, status)
                VALUES (?, ?, ?, ?, ?, ?)""", rows, rows.size(), (ps, r) -> {
            ps.setLong(1, eventId);
            ps.setLong(2, r.fromPerson());
            ps.setString(3, r.domain());
            ps.setString(4, r.value());
            ps.setObject(5, r.recordId());
            ps.setString(6, r.status());
        });
    }

    public List<MovedRow> moves(long eventId) {
        return jdbc.query("SELECT from_person, domain_code, id_value, record_id, status FROM person_link_move "
                        + "WHERE event_id = ?",
                (rs, i) -> new MovedRow(rs.getLong(1), rs.getString(2), rs.getString(3),
                        rs.getObject(4, Long.class), rs.getString(5)), eventId);
    }

    private static LinkEvent linkEvent(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new LinkEvent(rs.getLong("id"), rs.getString("kind"), rs.getString("cause"),
                new Identifier(rs.getString("id_value_a"), rs.getString("domain_a")),
                new Identifier(rs.getString("id_value_b"), rs.getString("domain_b")),
                rs.getObject("person_a_before", Long.class), rs.getObject("person_b_before", Long.class),
                rs.getObject("person_a_after", Long.class), rs.getObject("person_b_after", Long.class),
                rs.getObject("created_at", OffsetDateTime.class), rs.getObject("undone_by", Long.class));
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }
}
