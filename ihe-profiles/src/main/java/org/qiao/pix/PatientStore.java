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

    private static Object[] append(Object[] values, Object last) {
        var all = java.util.Arrays.copyOf(values, values.length + 1);
        all[values.length] = last;
        return all;
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }

}
