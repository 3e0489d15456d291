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

/** The patient index: all SQL on tables person, patient_record, patient_identifier and person_link_event. */
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
                now, norm(d.familyName()), norm(d.givenName()), birthDay(d.birthDate()), norm(d.street()),
                norm(d.city()), norm(d.postalCode()), d.accountNumber(), firstComponent(d.location()),
                firstComponent(d.attending())};
        if (!existing.isEmpty()) {
            long id = existing.get(0);
            jdbc.update("""
                    UPDATE patient_record SET person_id = ?, status = ?, family_name = ?, given_name = ?,
                        birth_date = ?, sex = ?, street = ?, city = ?, state = ?, postal_code = ?, country = ?,
                        phone = ?, patient_class = ?, location = ?, visit_number = ?, attending = ?,
                        admit_time = ?, discharge_time = ?, pid_segment = ?, pv1_segment = ?, updated_at = ?,
                        family_name_norm = ?, given_name_norm = ?, birth_day = ?, street_norm = ?, city_norm = ?,
                        postal_code_norm = ?, account_number = ?, location_point = ?, attending_id = ?
                    WHERE id = ?""", append(values, id));
            return id;
        }
        var keys = new GeneratedKeyHolder();
        jdbc.update(con -> {
            PreparedStatement ps = con.prepareStatement("""
                    INSERT INTO patient_record (person_id, status, family_name, given_name, birth_date, sex, street,
                        city, state, postal_code, country, phone, patient_class, location, visit_number, attending,
                        admit_time, discharge_time, pid_segment, pv1_segment, updated_at, family_name_norm,
                        given_name_norm, birth_day, street_norm, city_norm, postal_code_norm, account_number,
                        location_point, attending_id, domain_code, id_value)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
                        ?, ?)""",
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
        return jdbc.query("SELECT * FROM patient_record WHERE person_id = ? ORDER BY id", PatientStore::storedRecord,
                personId);
    }

    /** One stored record by its row id (a PDQ match), or empty when it is gone. */
    public Optional<StoredRecord> record(long recordId) {
        return jdbc.query("SELECT * FROM patient_record WHERE id = ?", PatientStore::storedRecord, recordId)
                .stream().findFirst();
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
                        rs.getString("pid_segment"), rs.getString("pv1_segment")));
    }

    /**
     * What a Patient Demographics Query (ITI-21) asks for; null means "any". Text values are compared
     * normalised (trimmed, upper-case), and a value ending in {@code *} matches as a prefix. {@code identifier}
     * may have a null domain (any domain); {@code returnedDomains} (QPD-8), when not empty, keeps only persons
     * with an active identifier in one of those domains. {@code visit} (ITI-22) may be null.
     */
    public record DemographicsCriteria(String familyName, String givenName, String birthDate, String sex,
                                       String street, String city, String postalCode, String phone,
                                       String accountNumber, Identifier identifier,
                                       java.util.Set<String> returnedDomains, VisitCriteria visit) {
        public boolean isEmpty() {
            return java.util.stream.Stream.of(familyName, givenName, birthDate, sex, street, city, postalCode, phone,
                    accountNumber, identifier).allMatch(java.util.Objects::isNull)
                    && (visit == null || visit.isEmpty());
        }
    }

    /**
     * What an ITI-22 query asks of the last visit a source sent (PV1): patient class (PV1-2), point of care
     * (PV1-3.1), attending doctor's id (PV1-7.1), visit number (PV1-19.1); compared exactly, null means "any".
     */
    public record VisitCriteria(String patientClass, String pointOfCare, String attendingId, String visitNumber) {
        public boolean isEmpty() {
            return patientClass == null && pointOfCare == null && attendingId == null && visitNumber == null;
        }
    }

    /** A person found by a demographics query and the newest of its active source records that matched. */
    public record DemographicsMatch(long personId, long recordId) {
    }

    /**
     * Persons with an active source record meeting every criterion, oldest person first, at most {@code max}.
     * Steps: one WHERE clause per given criterion on the normalised, indexed columns (prefix: LIKE with the
     * LIKE metacharacters escaped); identifier and QPD-8 domains as sub-selects on active identifiers; then
     * one row per person with its newest matching record.
     */
    public List<DemographicsMatch> findByDemographics(DemographicsCriteria c, int max) {
        var where = new StringBuilder("r.status = ?");
        var args = new java.util.ArrayList<Object>();
        args.add(ACTIVE);
        text(where, args, "r.family_name_norm", c.familyName());
        text(where, args, "r.given_name_norm", c.givenName());
        text(where, args, "r.street_norm", c.street());
        text(where, args, "r.city_norm", c.city());
        text(where, args, "r.postal_code_norm", c.postalCode());
        if (c.birthDate() != null) {
            where.append(" AND r.birth_day = ?");
            args.add(birthDay(c.birthDate()));
        }
        if (c.sex() != null) {
            where.append(" AND r.sex = ?");
            args.add(c.sex().trim().toUpperCase(java.util.Locale.ROOT));
        }
        if (c.phone() != null) {
            where.append(" AND r.phone = ?");
            args.add(c.phone().trim());
        }
        if (c.accountNumber() != null) {
            where.append(" AND r.account_number = ?");
            args.add(c.accountNumber().trim());
        }
        if (c.visit() != null) {
            exact(where, args, "r.patient_class", c.visit().patientClass());
            exact(where, args, "r.location_point", c.visit().pointOfCare());
            exact(where, args, "r.attending_id", c.visit().attendingId());
            exact(where, args, "r.visit_number", c.visit().visitNumber());
        }
        if (c.identifier() != null) {
            where.append(" AND r.person_id IN (SELECT i.person_id FROM patient_identifier i"
                    + " WHERE i.status = ? AND i.id_value = ?");
            args.add(ACTIVE);
            args.add(c.identifier().value());
            if (c.identifier().domain() != null) {
                where.append(" AND i.domain_code = ?");
                args.add(c.identifier().domain());
            }
            where.append(')');
        }
        if (c.returnedDomains() != null && !c.returnedDomains().isEmpty()) {
            where.append(" AND r.person_id IN (SELECT d.person_id FROM patient_identifier d WHERE d.status = ?"
                    + " AND d.domain_code IN (")
                    .append(String.join(", ", java.util.Collections.nCopies(c.returnedDomains().size(), "?")))
                    .append("))");
            args.add(ACTIVE);
            args.addAll(new TreeSet<>(c.returnedDomains()));
        }
        args.add(max);
        return jdbc.query("SELECT r.person_id, MAX(r.id) FROM patient_record r WHERE " + where
                        + " GROUP BY r.person_id ORDER BY r.person_id FETCH FIRST ? ROWS ONLY",
                (rs, i) -> new DemographicsMatch(rs.getLong(1), rs.getLong(2)), args.toArray());
    }

    private static void text(StringBuilder where, List<Object> args, String column, String value) {
        var v = norm(value);
        if (v == null) {
            return;
        }
        if (v.endsWith("*")) {
            var prefix = v.substring(0, v.length() - 1);
            if (prefix.isEmpty()) {
                return; // "*" alone asks for anything
            }
            where.append(" AND ").append(column).append(" LIKE ? ESCAPE '\\'");
            args.add(prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
        } else {
            where.append(" AND ").append(column).append(" = ?");
            args.add(v);
        }
    }

    private static void exact(StringBuilder where, List<Object> args, String column, String value) {
        if (value != null && !value.isBlank()) {
            where.append(" AND ").append(column).append(" = ?");
            args.add(value.trim());
        }
    }

    /** The first component of an encoded field (PL, XCN): what is stored in location_point / attending_id. */
    static String firstComponent(String encoded) {
        if (encoded == null || encoded.isBlank()) {
            return null;
        }
        int caret = encoded.indexOf('^');
        var first = caret < 0 ? encoded : encoded.substring(0, caret);
        return first.isBlank() ? null : first;
    }

    /** How searchable text is stored and compared: trimmed, upper-case (root locale), null when blank. */
    static String norm(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        return s.trim().toUpperCase(java.util.Locale.ROOT);
    }

    /** The day of an HL7 date/time (YYYYMMDD...), or null. */
    static String birthDay(String ts) {
        if (ts == null || ts.isBlank()) {
            return null;
        }
        var t = ts.trim();
        return t.length() > 8 ? t.substring(0, 8) : t;
    }

    /** Row counts, for tests and the console. */
    public long countActiveIdentifiers() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM patient_identifier WHERE status = 'ACTIVE'", Long.class);
    }

    // ---- ITI-30: change of identifier, unlink, and the audit of link decisions ----

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
                PatientStore::linkEvent, limit);
    }

    public Optional<LinkEvent> linkEvent(long id) {
        return jdbc.query("SELECT * FROM person_link_event WHERE id = ?", PatientStore::linkEvent, id).stream()
                .findFirst();
    }

    /** Marks a decision as undone by a later one; false when it was undone already. */
    public boolean markUndone(long eventId, long undoneBy) {
        return jdbc.update("UPDATE person_link_event SET undone_by = ? WHERE id = ? AND undone_by IS NULL",
                undoneBy, eventId) == 1;
    }

    /**
     * An identifier (domain and value) or a source record (record id) of a person, with its status: a row a
     * merge moves, remembered with the person it came from so the merge can be undone.
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

    private static LinkEvent linkEvent(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new LinkEvent(rs.getLong("id"), rs.getString("kind"), rs.getString("cause"),
                new Identifier(rs.getString("id_value_a"), rs.getString("domain_a")),
                new Identifier(rs.getString("id_value_b"), rs.getString("domain_b")),
                rs.getObject("person_a_before", Long.class), rs.getObject("person_b_before", Long.class),
                rs.getObject("person_a_after", Long.class), rs.getObject("person_b_after", Long.class),
                rs.getObject("created_at", OffsetDateTime.class), rs.getObject("undone_by", Long.class));
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
                                null, null, null, null, null, null)),
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
