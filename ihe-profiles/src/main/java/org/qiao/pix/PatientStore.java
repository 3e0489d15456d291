package org.qiao.pix;

import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;

import java.sql.PreparedStatement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/** The patient index: all SQL on tables person, patient_record and patient_identifier. */
public class PatientStore {

    static final String ACTIVE = "ACTIVE";
    static final String MERGED = "MERGED";

    private final JdbcTemplate jdbc;

    public PatientStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** An identifier row: which person it belongs to and whether it is still answered for. */
    public record IdentifierRow(Identifier identifier, long personId, String status) {
        public boolean active() {
            return ACTIVE.equals(status);
        }
    }

    public Optional<IdentifierRow> find(Identifier id) {
        return jdbc.query("SELECT person_id, status FROM patient_identifier WHERE domain_code = ? AND id_value = ?",
                (rs, i) -> new IdentifierRow(id, rs.getLong(1), rs.getString(2)), id.domain(), id.value())
                .stream().findFirst();
    }

    public Optional<Long> activePersonOf(Identifier id) {
        return find(id).filter(IdentifierRow::active).map(IdentifierRow::personId);
    }

    public long createPerson() {
        var now = now();
        var keys = new GeneratedKeyHolder();
        jdbc.update(con -> {
            PreparedStatement ps = con.prepareStatement(
                    "INSERT INTO person (created_at, updated_at) VALUES (?, ?)", new String[] {"id"});
            ps.setObject(1, now);
            ps.setObject(2, now);
            return ps;
        }, keys);
        return keys.getKey().longValue();
    }

    /**
     * Locks the given persons (in id order, so concurrent feeds cannot deadlock). A person absorbed by a
     * concurrent link is reported as a concurrency failure so the whole message is retried.
     */
    public void lockPersons(Collection<Long> personIds) {
        for (var id : new TreeSet<>(personIds)) {
            var mergedInto = jdbc.query("SELECT merged_into FROM person WHERE id = ? FOR UPDATE",
                    (rs, i) -> rs.getObject(1), id);
            if (mergedInto.isEmpty() || mergedInto.get(0) != null) {
                throw new ConcurrencyFailureException("Person " + id + " was merged concurrently");
            }
        }
    }

    /** Moves everything of {@code absorbed} to {@code survivor}; the absorbed person's regional ids retire. */
    public void absorbPerson(long survivor, long absorbed, String regionalDomain) {
        jdbc.update("UPDATE patient_identifier SET status = ? WHERE person_id = ? AND domain_code = ?",
                MERGED, absorbed, regionalDomain);
        jdbc.update("UPDATE patient_identifier SET person_id = ? WHERE person_id = ?", survivor, absorbed);
        jdbc.update("UPDATE patient_record SET person_id = ? WHERE person_id = ?", survivor, absorbed);
        jdbc.update("UPDATE person SET merged_into = ?, updated_at = ? WHERE id = ?", survivor, now(), absorbed);
    }

    /** Inserts or updates the source record keyed by {@code key}; returns its id. */
    public long upsertRecord(long personId, Identifier key, Demographics d) {
        var now = now();
        var existing = jdbc.query("SELECT id FROM patient_record WHERE domain_code = ? AND id_value = ?",
                (rs, i) -> rs.getLong(1), key.domain(), key.value());
        Object[] values = {personId, ACTIVE, d.familyName(), d.givenName(), d.birthDate(), d.sex(), d.street(),
                d.city(), d.state(), d.postalCode(), d.country(), d.phone(), d.patientClass(), d.location(),
                d.visitNumber(), d.attending(), d.admitTime(), d.dischargeTime(), d.pidSegment(), d.pv1Segment(),
                now};
        if (!existing.isEmpty()) {
            long id = existing.get(0);
            jdbc.update("""
                    UPDATE patient_record SET person_id = ?, status = ?, family_name = ?, given_name = ?,
                        birth_date = ?, sex = ?, street = ?, city = ?, state = ?, postal_code = ?, country = ?,
                        phone = ?, patient_class = ?, location = ?, visit_number = ?, attending = ?,
                        admit_time = ?, discharge_time = ?, pid_segment = ?, pv1_segment = ?, updated_at = ?
                    WHERE id = ?""", append(values, id));
            return id;
        }
        var keys = new GeneratedKeyHolder();
        jdbc.update(con -> {
            PreparedStatement ps = con.prepareStatement("""
                    INSERT INTO patient_record (person_id, status, family_name, given_name, birth_date, sex, street,
                        city, state, postal_code, country, phone, patient_class, location, visit_number, attending,
                        admit_time, discharge_time, pid_segment, pv1_segment, updated_at, domain_code, id_value)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                    new String[] {"id"});
            var all = append(append(values, key.domain()), key.value());
            for (int i = 0; i < all.length; i++) {
                ps.setObject(i + 1, all[i]);
            }
            return ps;
        }, keys);
        return keys.getKey().longValue();
    }

    /**
     * Attaches an identifier to a person (new, moved, or re-activated). Returns whether the person's set
     * of cross-referenced identifiers changed.
     */
    public boolean upsertIdentifier(Identifier id, long personId, Long recordId) {
        var row = find(id);
        if (row.isEmpty()) {
            jdbc.update("""
                    INSERT INTO patient_identifier (domain_code, id_value, person_id, record_id, status, assigned_at)
                    VALUES (?, ?, ?, ?, ?, ?)""", id.domain(), id.value(), personId, recordId, ACTIVE, now());
            return true;
        }
        var changed = row.get().personId() != personId || !row.get().active();
        if (changed) {
            jdbc.update("""
                    UPDATE patient_identifier SET person_id = ?, record_id = COALESCE(?, record_id), status = ?
                    WHERE domain_code = ? AND id_value = ?""",
                    personId, recordId, ACTIVE, id.domain(), id.value());
        }
        return changed;
    }

    /** Retires an identifier (A40): it stays on record, pointing at the survivor, but is no longer answered for. */
    public void retireIdentifier(Identifier id, long survivorPerson) {
        jdbc.update("UPDATE patient_identifier SET status = ?, person_id = ? WHERE domain_code = ? AND id_value = ?",
                MERGED, survivorPerson, id.domain(), id.value());
        jdbc.update("UPDATE patient_record SET status = ?, person_id = ?, updated_at = ? "
                + "WHERE domain_code = ? AND id_value = ?", MERGED, survivorPerson, now(), id.domain(), id.value());
    }

    public List<Identifier> activeIdentifiers(long personId) {
        return jdbc.query("""
                        SELECT domain_code, id_value FROM patient_identifier
                        WHERE person_id = ? AND status = ? ORDER BY assigned_at, domain_code, id_value""",
                (rs, i) -> new Identifier(rs.getString(2), rs.getString(1)), personId, ACTIVE);
    }

    public void touchPerson(long personId) {
        jdbc.update("UPDATE person SET updated_at = ? WHERE id = ?", now(), personId);
    }

    /** A source's stored record of a person. */
    public record StoredRecord(Identifier key, String status, Demographics demographics) {
    }

    public List<StoredRecord> records(long personId) {
        return jdbc.query("SELECT * FROM patient_record WHERE person_id = ? ORDER BY id", (rs, i) -> new StoredRecord(
                new Identifier(rs.getString("id_value"), rs.getString("domain_code")), rs.getString("status"),
                new Demographics(rs.getString("family_name"), rs.getString("given_name"), rs.getString("birth_date"),
                        rs.getString("sex"), rs.getString("street"), rs.getString("city"), rs.getString("state"),
                        rs.getString("postal_code"), rs.getString("country"), rs.getString("phone"),
                        rs.getString("patient_class"), rs.getString("location"), rs.getString("visit_number"),
                        rs.getString("attending"), rs.getString("admit_time"), rs.getString("discharge_time"),
                        rs.getString("pid_segment"), rs.getString("pv1_segment"))), personId);
    }

    /** Row counts, for tests and the console. */
    public long countActiveIdentifiers() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM patient_identifier WHERE status = 'ACTIVE'", Long.class);
    }

    // ---- Record linkage (pix/matching): blocking keys and the review queue ----

    /** A stored source record as record linkage sees it: its person and demographics. */
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
                       r.sex, r.city, r.postal_code, r.phone
                FROM patient_record r
                WHERE r.status = 'ACTIVE'
                  AND r.id IN (SELECT k.record_id FROM patient_blocking_key k WHERE k.block_key IN (%s))
                ORDER BY r.id""".formatted(marks),
                (rs, i) -> new LinkageCandidate(rs.getLong(1), rs.getLong(2),
                        new Identifier(rs.getString(4), rs.getString(3)),
                        new Demographics(rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), null,
                                rs.getString(9), null, rs.getString(10), null, rs.getString(11), null, null, null,
                                null, null, null, null, null)),
                keys.toArray());
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

    // ---- end of record linkage ----

    private static Object[] append(Object[] values, Object last) {
        var all = java.util.Arrays.copyOf(values, values.length + 1);
        all[values.length] = last;
        return all;
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }

}
