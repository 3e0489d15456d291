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

import static org.qiao.pix.SearchColumns.birthDay;
import static org.qiao.pix.SearchColumns.firstComponent;
import static org.qiao.pix.SearchColumns.nameKey;
import static org.qiao.pix.SearchColumns.norm;

/**
 * The person index: all SQL on tables person, patient_identifier, patient_record and patient_name_key (persons,
 * their identifiers, every source's record of them and its names' search keys). The link audit is {@link LinkEventStore}, the PDQ search
 * {@code pdq.DemographicsSearchStore}, record linkage's keys and queue are in {@code pix.matching}.
 */
public class PersonIndexStore {

    static final String ACTIVE = "ACTIVE";
    static final String MERGED = "MERGED";

    private final JdbcTemplate jdbc;

    public PersonIndexStore(JdbcTemplate jdbc) {
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
                now, norm(d.familyName()), norm(d.givenName()), birthDay(d.birthDate()), norm(d.street()),
                norm(d.city()), norm(d.postalCode()), d.accountNumber(), firstComponent(d.location()),
                firstComponent(d.attending()), EncodedField.join(d.names()), EncodedField.join(d.addresses()),
                EncodedField.join(d.phones())};
        if (!existing.isEmpty()) {
            long id = existing.get(0);
            jdbc.update("""
                    UPDATE patient_record SET person_id = ?, status = ?, family_name = ?, given_name = ?,
                        birth_date = ?, sex = ?, street = ?, city = ?, state = ?, postal_code = ?, country = ?,
                        phone = ?, patient_class = ?, location = ?, visit_number = ?, attending = ?,
                        admit_time = ?, discharge_time = ?, pid_segment = ?, pv1_segment = ?, updated_at = ?,
                        family_name_norm = ?, given_name_norm = ?, birth_day = ?, street_norm = ?, city_norm = ?,
                        postal_code_norm = ?, account_number = ?, location_point = ?, attending_id = ?, names = ?,
                        addresses = ?, phones = ?
                    WHERE id = ?""", append(values, id));
            jdbc.update("DELETE FROM patient_name_key WHERE record_id = ?", id);
            jdbc.update("DELETE FROM patient_fullname_key WHERE record_id = ?", id);
            insertNameKeys(id, d);
            insertFullNameKeys(id, d);
            return id;
        }
        var keys = new GeneratedKeyHolder();
        jdbc.update(con -> {
            PreparedStatement ps = con.prepareStatement("""
                    INSERT INTO patient_record (person_id, status, family_name, given_name, birth_date, sex, street,
                        city, state, postal_code, country, phone, patient_class, location, visit_number, attending,
                        admit_time, discharge_time, pid_segment, pv1_segment, updated_at, family_name_norm,
                        given_name_norm, birth_day, street_norm, city_norm, postal_code_norm, account_number,
                        location_point, attending_id, names, addresses, phones, domain_code, id_value)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
                        ?, ?, ?, ?, ?)""",
                    new String[] {"id"});
            var all = append(append(values, key.domain()), key.value());
            for (int i = 0; i < all.length; i++) {
                ps.setObject(i + 1, all[i]);
            }
            return ps;
        }, keys);
        long id = keys.getKey().longValue();
        insertNameKeys(id, d);
        insertFullNameKeys(id, d);
        return id;
    }

    /**
     * The rows of patient_name_key (V11) for a record: the search keys of every PID-5 repetition that the
     * record's own family_name_norm / given_name_norm do not already answer. A record with one name without
     * spaces has none, so the common single-name feed costs no extra row.
     */
    private void insertNameKeys(long recordId, Demographics d) {
        var first = java.util.Arrays.asList(norm(d.familyName()), norm(d.givenName()));
        var keys = new java.util.LinkedHashSet<java.util.List<String>>();
        keys.add(java.util.Arrays.asList(nameKey(d.familyName()), nameKey(d.givenName())));
        for (var name : d.names()) {
            keys.add(java.util.Arrays.asList(nameKey(EncodedField.part(name, 1, 1)),
                    nameKey(EncodedField.part(name, 2, 1))));
        }
        keys.remove(first);
        keys.remove(java.util.Arrays.asList((String) null, null));
        if (!keys.isEmpty()) {
            jdbc.batchUpdate("INSERT INTO patient_name_key (record_id, family_key, given_key, birth_day) "
                    + "VALUES (?, ?, ?, ?)", keys.stream()
                    .map(k -> new Object[] {recordId, k.get(0), k.get(1), birthDay(d.birthDate())}).toList());
        }
    }

    /**
     * The rows of patient_fullname_key (V12) for a record: each PID-5 repetition's family and given name as one
     * key (SearchColumns#nameKey of both), and for a hanzi name its toneless pinyin readings (at most 4, the
     * surname reading first), so the console finds 张三 by "张三", "张", "zhangsan" or "zhang".
     */
    private void insertFullNameKeys(long recordId, Demographics d) {
        var keys = new java.util.LinkedHashSet<String>();
        for (var name : d.allNames()) {
            var family = EncodedField.part(name, 1, 1);
            var given = EncodedField.part(name, 2, 1);
            var key = (nameKey(family) == null ? "" : nameKey(family)) + (nameKey(given) == null ? "" : nameKey(given));
            if (!key.isEmpty()) {
                keys.add(clip(key));
            }
            var whole = (family == null ? "" : family) + (given == null ? "" : given);
            if (org.qiao.pix.matching.NameNormalizer.isHanzi(whole)) {
                var familyForms = family == null ? java.util.List.of("")
                        : org.qiao.pix.matching.NameNormalizer.forms(family, true);
                var givenForms = given == null ? java.util.List.of("")
                        : org.qiao.pix.matching.NameNormalizer.forms(given, false);
                int added = 0;
                for (var f : familyForms.isEmpty() ? java.util.List.of("") : familyForms) {
                    for (var g : givenForms.isEmpty() ? java.util.List.of("") : givenForms) {
                        if (added++ < 4 && !(f + g).isEmpty()) {
                            keys.add(clip((f + g).toUpperCase(java.util.Locale.ROOT)));
                        }
                    }
                }
            }
        }
        if (!keys.isEmpty()) {
            jdbc.batchUpdate("INSERT INTO patient_fullname_key (record_id, name_key) VALUES (?, ?)",
                    keys.stream().map(k -> new Object[] {recordId, k}).toList());
        }
    }

    private static String clip(String key) {
        return key.length() > 400 ? key.substring(0, 400) : key;
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

    /** Every identifier of a person with its status (ACTIVE, MERGED): the resident's whole history of ids. */
    public List<IdentifierRow> allIdentifiers(long personId) {
        return jdbc.query("""
                        SELECT domain_code, id_value, status FROM patient_identifier
                        WHERE person_id = ? ORDER BY assigned_at, domain_code, id_value""",
                (rs, i) -> new IdentifierRow(new Identifier(rs.getString(2), rs.getString(1)), personId,
                        rs.getString(3)), personId);
    }

    public void touchPerson(long personId) {
        jdbc.update("UPDATE person SET updated_at = ? WHERE id = ?", now(), personId);
    }

    /** A source's stored record of a person. */
    public record StoredRecord(Identifier key, String status, Demographics demographics) {
    }

    public List<StoredRecord> records(long personId) {
        return jdbc.query("SELECT * FROM patient_record WHERE person_id = ? ORDER BY id",
                PersonIndexStore::storedRecord, personId);
    }

    /** One stored record by its row id (a PDQ match), or empty when it is gone. */
    public Optional<StoredRecord> record(long recordId) {
        return jdbc.query("SELECT * FROM patient_record WHERE id = ?", PersonIndexStore::storedRecord, recordId)
                .stream().findFirst();
    }

    /** The record a source's identifier keys (its newest row), or empty when there is none. */
    public Optional<StoredRecord> recordOf(Identifier key) {
        return jdbc.query("SELECT * FROM patient_record WHERE domain_code = ? AND id_value = ? ORDER BY id DESC",
                PersonIndexStore::storedRecord, key.domain(), key.value()).stream().findFirst();
    }

    private static StoredRecord storedRecord(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new StoredRecord(
                new Identifier(rs.getString("id_value"), rs.getString("domain_code")), rs.getString("status"),
                new Demographics(rs.getString("family_name"), rs.getString("given_name"), rs.getString("birth_date"),
                        rs.getString("sex"), rs.getString("street"), rs.getString("city"), rs.getString("state"),
                        rs.getString("postal_code"), rs.getString("country"), rs.getString("phone"),
                        rs.getString("account_number"),
                        rs.getString("patient_class"), rs.getString("location"), rs.getString("visit_number"),
                        rs.getString("attending"), rs.getString("admit_time"), rs.getString("discharge_time"),
                        rs.getString("pid_segment"), rs.getString("pv1_segment"),
                        EncodedField.split(rs.getString("names")), EncodedField.split(rs.getString("addresses")),
                        EncodedField.split(rs.getString("phones"))));
    }

    /** Row counts, for tests and the console. */
    public long countActiveIdentifiers() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM patient_identifier WHERE status = 'ACTIVE'", Long.class);
    }

    // ---- ITI-30: change of identifier, unlink; the rows a merge moves and their undo (audit: LinkEventStore) ----

    /**
     * Renames an identifier in place (A47): the same row, so its person and cross-references stay; the
     * source record keyed by it is renamed too. The old value is no longer known afterwards.
     */
    public void renameIdentifier(Identifier old, Identifier renamed) {
        jdbc.update("UPDATE patient_identifier SET id_value = ? WHERE domain_code = ? AND id_value = ?",
                renamed.value(), old.domain(), old.value());
        jdbc.update("UPDATE patient_record SET id_value = ?, updated_at = ? WHERE domain_code = ? AND id_value = ?",
                renamed.value(), now(), old.domain(), old.value());
    }

    /**
     * Moves the source record an identifier came with (and every identifier of that record) to another
     * person (A37 unlink). When the identifier has no record, only the identifier moves.
     */
    public void moveRecordOf(Identifier id, long toPerson) {
        var recordId = jdbc.query("SELECT record_id FROM patient_identifier WHERE domain_code = ? AND id_value = ?",
                (rs, i) -> (Long) rs.getObject(1, Long.class), id.domain(), id.value()).stream().findFirst()
                .orElse(null);
        if (recordId == null) {
            jdbc.update("UPDATE patient_identifier SET person_id = ? WHERE domain_code = ? AND id_value = ?",
                    toPerson, id.domain(), id.value());
            return;
        }
        jdbc.update("UPDATE patient_identifier SET person_id = ? WHERE record_id = ?", toPerson, recordId);
        jdbc.update("UPDATE patient_record SET person_id = ?, updated_at = ? WHERE id = ?", toPerson, now(), recordId);
    }

    /**
     * An identifier (domain and value) or a source record (record id) of a person, with its status: a row a
     * merge moves, remembered with the person it came from so the merge can be undone
     * ({@link LinkEventStore#recordMoves}).
     */
    public record MovedRow(long fromPerson, String domain, String value, Long recordId, String status) {
    }

    /** Every identifier and source record of a person, as a merge would move them. */
    public List<MovedRow> rowsOf(long personId) {
        var rows = new java.util.ArrayList<>(jdbc.query(
                "SELECT domain_code, id_value, status FROM patient_identifier WHERE person_id = ?",
                (rs, i) -> new MovedRow(personId, rs.getString(1), rs.getString(2), null, rs.getString(3)), personId));
        rows.addAll(jdbc.query("SELECT id, status FROM patient_record WHERE person_id = ?",
                (rs, i) -> new MovedRow(personId, null, null, rs.getLong(1), rs.getString(2)), personId));
        return rows;
    }

    /** One identifier and the source record keyed by it, as a merge within one person moves them. */
    public List<MovedRow> rowsOf(Identifier id, long personId) {
        var rows = new java.util.ArrayList<MovedRow>();
        rows.add(new MovedRow(personId, id.domain(), id.value(), null, ACTIVE));
        rows.addAll(jdbc.query("SELECT id, status FROM patient_record WHERE domain_code = ? AND id_value = ?",
                (rs, i) -> new MovedRow(personId, null, null, rs.getLong(1), rs.getString(2)), id.domain(), id.value()));
        return rows;
    }

    /**
     * Puts a moved row back on {@code person} with its status before, if it still belongs to {@code holder}
     * (a row moved on since, e.g. by an unlink, stays where it is). Returns whether it was put back.
     */
    public boolean restore(MovedRow row, long holder, long person) {
        if (row.recordId() != null) {
            return jdbc.update("UPDATE patient_record SET person_id = ?, status = ?, updated_at = ? "
                    + "WHERE id = ? AND person_id = ?", person, row.status(), now(), row.recordId(), holder) == 1;
        }
        return jdbc.update("UPDATE patient_identifier SET person_id = ?, status = ? "
                + "WHERE domain_code = ? AND id_value = ? AND person_id = ?", person, row.status(), row.domain(),
                row.value(), holder) == 1;
    }

    /** Brings back a person absorbed into {@code survivor}; false when it is not (or no longer) absorbed there. */
    public boolean revivePerson(long absorbed, long survivor) {
        return jdbc.update("UPDATE person SET merged_into = NULL, updated_at = ? WHERE id = ? AND merged_into = ?",
                now(), absorbed, survivor) == 1;
    }

    public boolean isActivePerson(long personId) {
        return !jdbc.query("SELECT id FROM person WHERE id = ? AND merged_into IS NULL", (rs, i) -> rs.getLong(1),
                personId).isEmpty();
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
