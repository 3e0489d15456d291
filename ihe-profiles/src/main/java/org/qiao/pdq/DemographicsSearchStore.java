package org.qiao.pdq;

import org.qiao.pix.Identifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.qiao.pix.SearchColumns.birthDay;
import static org.qiao.pix.SearchColumns.nameKey;
import static org.qiao.pix.SearchColumns.norm;

/**
 * The Patient Demographics Query's search (ITI-21, ITI-22, ITI-47): SQL on the normalised, indexed columns of
 * patient_record and patient_name_key and on patient_identifier, which the person index ({@code pix.PersonIndexStore}) writes.
 */
public class DemographicsSearchStore {

    private static final String ACTIVE = "ACTIVE";

    private final JdbcTemplate jdbc;

    public DemographicsSearchStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * What a Patient Demographics Query (ITI-21) asks for; null means "any". Text values are compared
     * normalised (trimmed, upper-case), and a value ending in {@code *} matches as a prefix. {@code identifier}
     * may have a null domain (any domain); {@code returnedDomains} (QPD-8), when not empty, keeps only persons
     * with an active identifier in one of those domains. {@code visit} (ITI-22) may be null.
     * {@code birthDayFrom} / {@code birthDayTo} (YYYYMMDD, inclusive, either may be null) bound the birth day, as
     * PDQm's {@code birthdate=ge…&birthdate=le…} asks (ITI-78); the HL7 doors give an exact {@code birthDate}.
     */
    public record DemographicsCriteria(String familyName, String givenName, String birthDate, String sex,
                                       String street, String city, String postalCode, String phone,
                                       String accountNumber, Identifier identifier,
                                       java.util.Set<String> returnedDomains, VisitCriteria visit,
                                       String birthDayFrom, String birthDayTo) {

        /** Criteria without a birth-day range (ITI-21, ITI-22, ITI-47). */
        public DemographicsCriteria(String familyName, String givenName, String birthDate, String sex,
                                    String street, String city, String postalCode, String phone,
                                    String accountNumber, Identifier identifier,
                                    java.util.Set<String> returnedDomains, VisitCriteria visit) {
            this(familyName, givenName, birthDate, sex, street, city, postalCode, phone, accountNumber, identifier,
                    returnedDomains, visit, null, null);
        }

        public boolean isEmpty() {
            return java.util.stream.Stream.of(familyName, givenName, birthDate, sex, street, city, postalCode, phone,
                    accountNumber, identifier, birthDayFrom, birthDayTo).allMatch(java.util.Objects::isNull)
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
     * one row per person with its newest matching record. A name matches any PID-5 repetition (HL7 v2.5 2.A.89
     * XPN, e.g. hanzi or pinyin) compared as {@link org.qiao.pix.SearchColumns#nameKey} (no spaces): the
     * record's first name from its own columns, as without repetitions, and UNION ALL the others from
     * patient_name_key (V11), an indexed lookup that finds nothing for a record with one name; each branch
     * grouped by person, the two merged here.
     */
    public List<DemographicsMatch> findByDemographics(DemographicsCriteria c, int max) {
        var args = new ArrayList<Object>();
        var first = where(c, "r.family_name_norm", "r.given_name_norm", "r.birth_day", args);
        var grouped = " GROUP BY r.person_id ORDER BY 1 FETCH FIRST ? ROWS ONLY";
        if (!asks(nameKey(c.familyName())) && !asks(nameKey(c.givenName()))) {
            args.add(max);
            return jdbc.query("SELECT r.person_id, MAX(r.id) FROM patient_record r WHERE " + first + grouped,
                    (rs, i) -> new DemographicsMatch(rs.getLong(1), rs.getLong(2)), args.toArray());
        }
        // Each branch gives its first max persons; the first max of their union are among them. Not written as
        // one GROUP BY over a derived table: H2 2.3 re-plans a derived table holding LIKE ? on every execution
        // and keeps each plan in the session until the next statement is parsed, so a connection answering
        // prefix searches grew without bound (bench/PROFILE.md, "FHIR").
        args.add(max);
        var others = where(c, "k.family_key", "k.given_key", "k.birth_day", args);
        args.add(max);
        var newest = new TreeMap<Long, Long>();
        jdbc.query("(SELECT r.person_id, MAX(r.id) FROM patient_record r WHERE " + first + grouped
                + ") UNION ALL (SELECT r.person_id, MAX(r.id) FROM patient_name_key k JOIN patient_record r"
                + " ON r.id = k.record_id WHERE " + others + grouped + ")",
                (RowCallbackHandler) rs -> newest.merge(rs.getLong(1), rs.getLong(2),
                        Math::max), args.toArray());
        return newest.entrySet().stream().limit(max).map(e -> new DemographicsMatch(e.getKey(), e.getValue()))
                .toList();
    }

    /** The WHERE clause of one search branch, with the name and birth-day columns it compares; adds its args. */
    private static String where(DemographicsCriteria c, String family, String given, String birth, List<Object> args) {
        var where = new StringBuilder("r.status = ?");
        args.add(ACTIVE);
        text(where, args, family, nameKey(c.familyName()));
        text(where, args, given, nameKey(c.givenName()));
        text(where, args, "r.street_norm", norm(c.street()));
        text(where, args, "r.city_norm", norm(c.city()));
        text(where, args, "r.postal_code_norm", norm(c.postalCode()));
        if (c.birthDate() != null) {
            where.append(" AND ").append(birth).append(" = ?");
            args.add(birthDay(c.birthDate()));
        }
        // birth_day is YYYYMMDD text, so a range compares as text (V5; the index of V9 serves it)
        if (c.birthDayFrom() != null) {
            where.append(" AND ").append(birth).append(" >= ?");
            args.add(c.birthDayFrom());
        }
        if (c.birthDayTo() != null) {
            where.append(" AND ").append(birth).append(" <= ?");
            args.add(c.birthDayTo());
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
        return where.toString();
    }

    /** Whether a normalised text criterion asks for something ("*" alone does not). */
    private static boolean asks(String v) {
        return v != null && !v.equals("*");
    }

    /** {@code v} is already normalised. */
    private static void text(StringBuilder where, List<Object> args, String column, String v) {
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
}
