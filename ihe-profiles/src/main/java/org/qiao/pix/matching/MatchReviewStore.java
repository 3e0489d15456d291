package org.qiao.pix.matching;

import org.qiao.pix.Identifier;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/** Record linkage's review queue: all SQL on table match_review (the pairs a person decides). */
public class MatchReviewStore {

    private final JdbcTemplate jdbc;

    public MatchReviewStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** An undecided pair in the review queue. */
    public record MatchReview(long id, Identifier recordKey, long candidatePersonId, double weight,
                              String fieldWeights, String status) {
    }

    /**
     * Queues (or refreshes) a pair for a person to decide: the fed record and the person it may be. One open
     * entry per record and candidate, so a repeated feed updates its weight instead of queueing it twice.
     */
    public void queueReview(Identifier recordKey, long candidatePersonId, double weight, String fieldWeights) {
        var now = now();
        int updated = jdbc.update("""
                UPDATE match_review SET weight = ?, field_weights = ?, updated_at = ?
                WHERE domain_code = ? AND id_value = ? AND candidate_person_id = ? AND status = 'OPEN'""",
                weight, fieldWeights, now, recordKey.domain(), recordKey.value(), candidatePersonId);
        if (updated == 0) {
            jdbc.update("""
                    INSERT INTO match_review (domain_code, id_value, candidate_person_id, weight, field_weights,
                        status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'OPEN', ?, ?)""",
                    recordKey.domain(), recordKey.value(), candidatePersonId, weight, fieldWeights, now, now);
        }
    }

    /** The open review queue, oldest first. */
    public List<MatchReview> openReviews(int limit) {
        return jdbc.query("""
                SELECT id, domain_code, id_value, candidate_person_id, weight, field_weights, status
                FROM match_review WHERE status = 'OPEN' ORDER BY id FETCH FIRST ? ROWS ONLY""",
                (rs, i) -> new MatchReview(rs.getLong(1), new Identifier(rs.getString(3), rs.getString(2)),
                        rs.getLong(4), rs.getDouble(5), rs.getString(6), rs.getString(7)), limit);
    }

    public long countOpen() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM match_review WHERE status = 'OPEN'", Long.class);
    }

    /** One entry of the review queue, open or decided. */
    public Optional<MatchReview> review(long id) {
        return jdbc.query("""
                SELECT id, domain_code, id_value, candidate_person_id, weight, field_weights, status
                FROM match_review WHERE id = ?""",
                (rs, i) -> new MatchReview(rs.getLong(1), new Identifier(rs.getString(3), rs.getString(2)),
                        rs.getLong(4), rs.getDouble(5), rs.getString(6), rs.getString(7)), id).stream().findFirst();
    }

    /** Closes an open entry with a decision; false when it was not open (decided already, or unknown). */
    public boolean closeReview(long id, String status) {
        return jdbc.update("UPDATE match_review SET status = ?, updated_at = ? WHERE id = ? AND status = 'OPEN'",
                status, now(), id) == 1;
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }
}
