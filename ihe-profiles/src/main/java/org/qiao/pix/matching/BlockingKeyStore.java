package org.qiao.pix.matching;

import org.qiao.pix.Demographics;
import org.qiao.pix.EncodedField;
import org.qiao.pix.Identifier;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.Collection;
import java.util.List;

/**
 * Record linkage's blocking: all SQL on table patient_blocking_key, and the active source records
 * (patient_record) that share a key with a fed record, the candidates it is compared with.
 */
public class BlockingKeyStore {

    private final JdbcTemplate jdbc;

    public BlockingKeyStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A stored source record as record linkage sees it: its person and demographics (every name repetition). */
    public record LinkageCandidate(long recordId, long personId, Identifier key, Demographics demographics) {
    }

    /** Replaces the blocking keys of a source record. */
    public void replaceBlockingKeys(long recordId, Collection<String> keys) {
        jdbc.update("DELETE FROM patient_blocking_key WHERE record_id = ?", recordId);
        jdbc.batchUpdate("INSERT INTO patient_blocking_key (record_id, block_key) VALUES (?, ?)",
                keys.stream().distinct().map(k -> new Object[] {recordId, k}).toList());
    }

    /** Active source records sharing at least one of the blocking keys (one indexed lookup per key). */
    public List<LinkageCandidate> linkageCandidates(Collection<String> keys) {
        if (keys.isEmpty()) {
            return List.of();
        }
        var marks = String.join(", ", java.util.Collections.nCopies(keys.size(), "?"));
        return jdbc.query("""
                SELECT r.id, r.person_id, r.domain_code, r.id_value, r.family_name, r.given_name, r.birth_date,
                       r.sex, r.city, r.postal_code, r.phone, r.names
                FROM patient_record r
                WHERE r.status = 'ACTIVE'
                  AND r.id IN (SELECT k.record_id FROM patient_blocking_key k WHERE k.block_key IN (%s))
                ORDER BY r.id""".formatted(marks),
                (rs, i) -> new LinkageCandidate(rs.getLong(1), rs.getLong(2),
                        new Identifier(rs.getString(4), rs.getString(3)),
                        new Demographics(rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), null,
                                rs.getString(9), null, rs.getString(10), null, rs.getString(11), null, null, null,
                                null, null, null, null, null, null,
                                EncodedField.split(rs.getString(12)), List.of(), List.of())),
                keys.toArray());
    }
}
