package org.qiao.fhir.pdqm;

import ca.uhn.fhir.rest.param.DateAndListParam;
import ca.uhn.fhir.rest.param.DateParam;
import ca.uhn.fhir.rest.param.ParamPrefixEnum;
import ca.uhn.fhir.rest.param.StringAndListParam;
import ca.uhn.fhir.rest.param.StringParam;
import ca.uhn.fhir.rest.param.TokenAndListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Patient;
import org.qiao.fhir.Outcomes;
import org.qiao.fhir.pixm.PatientResources;
import org.qiao.pdq.DemographicsSearchStore;
import org.qiao.pdq.DemographicsSearchStore.DemographicsCriteria;
import org.qiao.pix.Identifier;
import org.qiao.pix.PersonIndexStore;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * ITI-78 Mobile Patient Demographics Query (PDQm ITI TF-2 2:3.78) on the patient index, with the search ITI-21 and
 * ITI-47 use ({@link DemographicsSearchStore#findByDemographics}) and the same matching:
 * <ul>
 *   <li>family, given, address (the street line, as @PID.11.1), address-city, address-postalcode: FHIR string
 *       search, so "starts with", case-insensitive (FHIR R4 search.html#string), over every name repetition (a
 *       hanzi name or its pinyin); {@code :exact} matches the whole value; {@code :contains} is not offered;</li>
 *   <li>birthdate: a day, month or year, with eq (default), ge, gt, le, lt; several give the range they share;</li>
 *   <li>gender: male, female, other, unknown; telecom: the number; identifier: {@code system|value} in any
 *       configured domain, or a value in any domain; {@code _id}: the regional id;</li>
 *   <li>one value per parameter (no comma lists); no criterion at all → 400 (2:3.78.4.1.2 asks for at least one).</li>
 * </ul>
 * Every match is one Patient (its active identifiers and the newest of its source records that matched); a merged
 * person is gone. More matches than {@code maxResults} → 400 {@code too-costly}, as ITI-21 refuses a query too wide
 * to answer completely; the answer pages through HAPI's paging ({@code _count}, next links).
 */
public class PdqmService {

    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

    private final DemographicsSearchStore search;
    private final PersonIndexStore index;
    private final PatientResources patients;
    private final int maxResults;

    public PdqmService(DemographicsSearchStore search, PersonIndexStore index, PatientResources patients,
                       int maxResults) {
        this.search = search;
        this.index = index;
        this.patients = patients;
        this.maxResults = maxResults;
    }

    /** The patients matching every parameter, oldest first. */
    public List<Patient> search(PdqmSearchParameters p) {
        var criteria = criteria(p);
        if (p.active() != null && !List.of("true", "false").contains(String.valueOf(p.active().getValue()))) {
            throw Outcomes.badRequest(IssueType.INVALID, "active is true or false, not " + p.active().getValue());
        }
        if (p.active() != null && "false".equals(p.active().getValue())) {
            return List.of(); // every person answered for is active; a merged one is gone, not inactive
        }
        var matches = search.findByDemographics(criteria, maxResults + 1);
        if (matches.size() > maxResults) {
            throw Outcomes.badRequest(IssueType.TOOCOSTLY, "More than " + maxResults
                    + " patients match; narrow the search");
        }
        return matches.stream().map(m -> patients.person(m.personId(), m.recordId())).flatMap(Optional::stream)
                .toList();
    }

    /** {@code GET Patient/<regional id>}: 404 for an id never assigned or merged away (2:3.78.4.2.3). */
    public Patient read(String regionalId) {
        var id = new Identifier(regionalId, patients.domains().affinityDomain().code());
        return index.activePersonOf(id).flatMap(person -> patients.person(person, null))
                .orElseThrow(() -> Outcomes.notFound("Patient/" + regionalId + " is not known"));
    }

    /** The search criteria the parameters ask for; 400 for what cannot be searched. */
    DemographicsCriteria criteria(PdqmSearchParameters p) {
        var family = text(p.family(), "family");
        var given = text(p.given(), "given");
        var street = text(p.address(), "address");
        var city = text(p.city(), "address-city");
        var postalCode = text(p.postalCode(), "address-postalcode");
        var sex = sex(p.gender());
        var phone = one(p.telecom(), "telecom").map(t -> t.getValue().trim().replaceFirst("^(?i)tel:", "")).orElse(null);
        var identifier = identifier(p);
        String birthDate = null;
        String from = null;
        String to = null;
        var range = birthRange(p.birthdate());
        if (range != null) {
            if (range[0] != null && range[0].equals(range[1])) {
                birthDate = range[0]; // one day: the exact comparison the HL7 doors use, on the same index
            } else {
                from = range[0];
                to = range[1];
            }
        }
        var criteria = new DemographicsCriteria(family, given, birthDate, sex, street, city, postalCode, phone,
                null, identifier, Set.of(), null, from, to);
        if (criteria.isEmpty()) {
            throw Outcomes.badRequest(IssueType.REQUIRED, "ITI-78 needs at least one search parameter: family, "
                    + "given, birthdate, gender, identifier, address, address-city, address-postalcode, telecom or _id");
        }
        return criteria;
    }

    /** One string value as the store compares it: a prefix ({@code value*}) unless {@code :exact}. */
    private static String text(StringAndListParam param, String name) {
        var value = oneString(param, name);
        if (value == null) {
            return null;
        }
        if (value.isContains()) {
            throw Outcomes.badRequest(IssueType.NOTSUPPORTED, name + ":contains is not supported; " + name
                    + " matches from the start, or the whole value with :exact");
        }
        // FHIR string search has no wildcard: a * sent is taken as meaning "starts with" too
        var text = value.getValue() == null ? "" : value.getValue().trim().replaceAll("\\*+$", "");
        if (text.isEmpty()) {
            throw Outcomes.badRequest(IssueType.INVALID, name + " needs a value");
        }
        return value.isExact() ? text : text + "*";
    }

    private static StringParam oneString(StringAndListParam param, String name) {
        if (param == null) {
            return null;
        }
        var values = new ArrayList<StringParam>();
        param.getValuesAsQueryTokens().forEach(or -> values.addAll(or.getValuesAsQueryTokens()));
        if (values.size() > 1) {
            throw Outcomes.badRequest(IssueType.NOTSUPPORTED, "One " + name + " value per search, not " + values.size());
        }
        return values.isEmpty() ? null : values.get(0);
    }

    private static Optional<TokenParam> one(TokenAndListParam param, String name) {
        if (param == null) {
            return Optional.empty();
        }
        var values = new ArrayList<TokenParam>();
        param.getValuesAsQueryTokens().forEach(or -> values.addAll(or.getValuesAsQueryTokens()));
        if (values.size() > 1) {
            throw Outcomes.badRequest(IssueType.NOTSUPPORTED, "One " + name + " value per search, not " + values.size());
        }
        if (!values.isEmpty() && (values.get(0).getValue() == null || values.get(0).getValue().isBlank())) {
            throw Outcomes.badRequest(IssueType.INVALID, name + " needs a value");
        }
        return values.stream().findFirst();
    }

    /** FHIR administrative gender → HL7 table 0001, as the index keeps it (PID-8). */
    private static String sex(TokenParam gender) {
        if (gender == null) {
            return null;
        }
        var system = gender.getSystem();
        if (system != null && !system.isBlank() && !"http://hl7.org/fhir/administrative-gender".equals(system)) {
            throw Outcomes.badRequest(IssueType.CODEINVALID, "gender system must be "
                    + "http://hl7.org/fhir/administrative-gender, not " + system);
        }
        var code = gender.getValue() == null ? "" : gender.getValue().trim().toLowerCase(Locale.ROOT);
        return switch (code) {
            case "male" -> "M";
            case "female" -> "F";
            case "other" -> "O";
            case "unknown" -> "U";
            default -> throw Outcomes.badRequest(IssueType.CODEINVALID, "Unknown gender '" + gender.getValue()
                    + "' (male, female, other, unknown)");
        };
    }

    /**
     * identifier or _id as one identifier of the index. An identifier's system must be a configured domain (else
     * 400 {@code code-invalid}, as ITI-21 answers an unknown assigning authority with 204); without a system it is
     * searched in every domain. Both at once must name the same person, so they are refused together.
     */
    private Identifier identifier(PdqmSearchParameters p) {
        var id = one(p.id(), "_id");
        var identifier = one(p.identifier(), "identifier");
        if (id.isPresent() && identifier.isPresent()) {
            throw Outcomes.badRequest(IssueType.NOTSUPPORTED, "Search by _id or by identifier, not both");
        }
        if (id.isPresent()) {
            return new Identifier(id.get().getValue().trim(), patients.domains().affinityDomain().code());
        }
        if (identifier.isEmpty()) {
            return null;
        }
        var token = identifier.get();
        var value = token.getValue().trim();
        if (token.getSystem() == null || token.getSystem().isBlank()) {
            return new Identifier(value, null);
        }
        var domain = patients.domainOf(token.getSystem()).orElseThrow(() -> Outcomes.badRequest(
                IssueType.CODEINVALID, "identifier system " + token.getSystem()
                        + " is not a configured patient identity domain"));
        return new Identifier(value, domain.code());
    }

    /**
     * The birth days (YYYYMMDD, inclusive; null = open) the birthdate parameters leave; null when none is given.
     * A date of year or month precision stands for all its days (FHIR R4 search.html#date).
     */
    static String[] birthRange(DateAndListParam param) {
        if (param == null) {
            return null;
        }
        LocalDate from = null;
        LocalDate to = null;
        for (var or : param.getValuesAsQueryTokens()) {
            if (or.getValuesAsQueryTokens().size() != 1) {
                throw Outcomes.badRequest(IssueType.NOTSUPPORTED, "One birthdate value per parameter, not a list");
            }
            var date = or.getValuesAsQueryTokens().get(0);
            var bounds = bounds(date);
            var prefix = date.getPrefix() == null ? ParamPrefixEnum.EQUAL : date.getPrefix();
            LocalDate lower;
            LocalDate upper;
            switch (prefix) {
                case EQUAL -> { lower = bounds[0]; upper = bounds[1]; }
                case GREATERTHAN_OR_EQUALS -> { lower = bounds[0]; upper = null; }
                case GREATERTHAN -> { lower = bounds[1].plusDays(1); upper = null; }
                case LESSTHAN_OR_EQUALS -> { lower = null; upper = bounds[1]; }
                case LESSTHAN -> { lower = null; upper = bounds[0].minusDays(1); }
                default -> throw Outcomes.badRequest(IssueType.NOTSUPPORTED, "birthdate prefix "
                        + prefix.getValue() + " is not supported (eq, ge, gt, le, lt)");
            }
            from = lower == null ? from : from == null || lower.isAfter(from) ? lower : from;
            to = upper == null ? to : to == null || upper.isBefore(to) ? upper : to;
        }
        return new String[] {from == null ? null : from.format(DAY), to == null ? null : to.format(DAY)};
    }

    /** The first and last day a date parameter of day, month or year precision covers. */
    private static LocalDate[] bounds(DateParam date) {
        var text = date.getValueAsString() == null ? "" : date.getValueAsString().trim();
        try {
            if (text.matches("\\d{4}")) {
                var year = LocalDate.of(Integer.parseInt(text), 1, 1);
                return new LocalDate[] {year, year.withDayOfYear(year.lengthOfYear())};
            }
            if (text.matches("\\d{4}-\\d{2}")) {
                var month = LocalDate.parse(text + "-01");
                return new LocalDate[] {month, month.withDayOfMonth(month.lengthOfMonth())};
            }
            if (text.matches("\\d{4}-\\d{2}-\\d{2}")) {
                var day = LocalDate.parse(text);
                return new LocalDate[] {day, day};
            }
        } catch (java.time.DateTimeException e) {
            // answered below
        }
        throw Outcomes.badRequest(IssueType.INVALID, "birthdate must be a date (YYYY, YYYY-MM or YYYY-MM-DD), not '"
                + text + "'");
    }
}
