package org.qiao.record;

import org.qiao.pix.Identifier;
import org.qiao.pix.IdentityDomain;
import org.qiao.pix.IdentityDomains;
import org.qiao.pix.PersonIndexStore;
import org.qiao.pix.PersonIndexStore.StoredRecord;
import org.qiao.pix.SearchColumns;
import org.qiao.registry.RegistryStore;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The resident's shared record (居民健康档案) as the console reads it: search by name, birth date or any
 * identifier; one resident's identifiers and every source's demographics; the lifetime timeline of visits (ADT
 * feeds) and registry documents. Reads only; who may read, and the audit of each reading, are the door's.
 */
public class ResidentRecordService {

    /** Residents one search returns at most. */
    public static final int MAX_RESULTS = 50;
    /** Timeline entries one answer holds at most. */
    public static final int MAX_ENTRIES = 1000;
    /** A birth date on its own, not the digits inside an identifier (a national id holds its owner's birth date). */
    private static final Pattern DATE = Pattern.compile("(?<![\\dA-Za-z])(\\d{4})-?(\\d{2})-?(\\d{2})(?![\\dA-Za-z])");
    public static final List<String> KINDS = List.of("admission", "outpatient", "discharge", "lab", "exam",
            "discharge-summary", "note", "document");

    private final ResidentSearchStore search;
    private final PersonIndexStore index;
    private final VisitStore visits;
    private final RegistryStore registry;
    private final IdentityDomains domains;
    private final Map<String, String> hospitalNames;

    /** @param hospitalNames a facility's name by its code (MSH-4 namespace), for what the feeds name by code */
    public ResidentRecordService(ResidentSearchStore search, PersonIndexStore index, VisitStore visits,
                                 RegistryStore registry, IdentityDomains domains, Map<String, String> hospitalNames) {
        this.search = search;
        this.index = index;
        this.visits = visits;
        this.registry = registry;
        this.domains = domains;
        this.hospitalNames = Map.copyOf(hospitalNames);
    }

    /** A resident as a search lists it: the regional id and the first source's name, sex and birth date. */
    public record Summary(String regionalId, long personId, String familyName, String givenName, String sex,
                          String birthDate, List<Identifier> identifiers) {
    }

    /**
     * Residents a console search names. Steps: take a date (1985-06-12 or 19850612) out of the text as the birth
     * date; the rest, if any, is an identifier value (exact, any domain) or a name prefix (hanzi or pinyin, spaces
     * ignored: {@link SearchColumns#nameKey}); persons found either way, the birth date applied to both; oldest first.
     *
     * @throws IllegalArgumentException when the text asks nothing, or too much
     */
    public List<Summary> search(String q) {
        var text = q == null ? "" : q.strip();
        if (text.isEmpty()) {
            throw new IllegalArgumentException("Enter a name, a birth date (1985-06-12) or an identifier");
        }
        if (text.length() > 200) {
            throw new IllegalArgumentException("A search is at most 200 characters");
        }
        String birthDay = null;
        var date = DATE.matcher(text);
        if (date.find()) {
            birthDay = date.group(1) + date.group(2) + date.group(3);
            checkDate(date.group(1), date.group(2), date.group(3));
            text = (text.substring(0, date.start()) + " " + text.substring(date.end())).strip();
        }
        var persons = new LinkedHashSet<Long>();
        if (text.isEmpty()) {
            persons.addAll(search.byBirthDay(birthDay, MAX_RESULTS));
        } else {
            if (text.chars().noneMatch(Character::isWhitespace)) {
                for (var person : search.byIdentifierValue(text, MAX_RESULTS)) {
                    if (birthDay == null || bornOn(person, birthDay)) {
                        persons.add(person);
                    }
                }
            }
            var key = SearchColumns.nameKey(text);
            if (key != null) {
                persons.addAll(search.byNamePrefix(key, birthDay, MAX_RESULTS));
            }
        }
        return persons.stream().sorted().limit(MAX_RESULTS).map(this::summary).flatMap(Optional::stream).toList();
    }

    /** One identifier of a resident and whether it is still answered for (ACTIVE) or was retired by a merge. */
    public record HeldIdentifier(Identifier identifier, String domainName, String status) {
    }

    /** A resident: regional id, every identifier it holds or held, and each source's record. */
    public record Resident(String regionalId, long personId, List<HeldIdentifier> identifiers,
                           List<StoredRecord> records) {
    }

    /** The resident a regional id names (a retired one leads to the resident it was merged into). */
    public Optional<Resident> resident(String regionalId) {
        return personOf(regionalId).map(person -> new Resident(regionalIdOf(person).orElse(regionalId), person,
                index.allIdentifiers(person).stream().map(row -> new HeldIdentifier(row.identifier(),
                        domains.byCode(row.identifier().domain()).map(IdentityDomain::namespace)
                                .orElse(row.identifier().domain()), row.status())).toList(),
                index.records(person)));
    }

    /** What the timeline shows, filtered: some kinds (empty: all), one hospital (null: all), days from–to. */
    public record Filter(Set<String> kinds, String hospital, LocalDate from, LocalDate to) {
        public static final Filter ALL = new Filter(Set.of(), null, null, null);

        public Filter {
            kinds = kinds == null ? Set.of() : Set.copyOf(kinds);
            for (var k : kinds) {
                if (!KINDS.contains(k)) {
                    throw new IllegalArgumentException("Unknown kind '" + k + "'; known: " + String.join(", ", KINDS));
                }
            }
            if (from != null && to != null && from.isAfter(to)) {
                throw new IllegalArgumentException("from (" + from + ") is after to (" + to + ")");
            }
        }

        boolean keeps(Entry e) {
            var day = e.time().atZoneSameInstant(ZoneId.systemDefault()).toLocalDate();
            return (kinds.isEmpty() || kinds.contains(e.kind())) && (hospital == null || hospital.equals(e.hospital()))
                    && (from == null || !day.isBefore(from)) && (to == null || !day.isAfter(to));
        }
    }

    /**
     * One timeline entry: a visit (admission, outpatient, discharge) or a document (lab, exam, discharge-summary,
     * note, document); a document has its uniqueId, and {@code replaced} when a newer version deprecated it.
     */
    public record Entry(OffsetDateTime time, String kind, String hospital, String title, String uniqueId,
                        boolean replaced, String repositoryId, String detail) {
    }

    /**
     * The lifetime timeline of a resident, newest first. Steps: every identifier the person holds or held; the
     * visits of its source identifiers (visit_event by domain and value); the document entries, any status, of
     * its identifiers in the affinity domain (xds_object by patient id; columns only, no stored XML); one list,
     * newest first, filtered, at most {@link #MAX_ENTRIES}.
     */
    public List<Entry> timeline(long personId, Filter filter) {
        var ids = index.allIdentifiers(personId).stream().map(PersonIndexStore.IdentifierRow::identifier).toList();
        var affinity = domains.affinityDomain();
        var entries = new ArrayList<Entry>();
        for (var v : visits.visitsOf(ids.stream().filter(id -> !id.domain().equals(affinity.code())).toList(),
                MAX_ENTRIES)) {
            entries.add(new Entry(v.occurredAt(), v.kind().name().toLowerCase(java.util.Locale.ROOT),
                    hospitalName(v.hospital()), visitTitle(v), null, false, null, v.diagnoses()));
        }
        var patientIds = ids.stream().filter(id -> id.domain().equals(affinity.code()))
                .map(id -> id.value() + "^^^&" + affinity.oid() + "&ISO").toList();
        for (var d : registry.documentSummaries(patientIds, MAX_ENTRIES)) {
            entries.add(new Entry(utc(d.creationTime()), documentKind(d), d.authorInstitution() == null ? ""
                    : hospitalName(d.authorInstitution()), d.title() != null ? d.title()
                    : d.typeDisplay() != null ? d.typeDisplay() : d.uniqueId(), d.uniqueId(),
                    d.status() != null && d.status().endsWith("Deprecated"), d.repositoryId(), d.typeDisplay()));
        }
        return entries.stream().filter(filter::keeps)
                .sorted(Comparator.comparing(Entry::time).reversed().thenComparing(e -> e.kind()))
                .limit(MAX_ENTRIES).toList();
    }

    /** The person a regional id names, active or retired by a merge (then its survivor). */
    /** The regional id a document in the registry belongs to, for the audit of its reading; empty when unknown. */
    public Optional<String> documentPatient(String uniqueId) {
        return registry.objectsByUniqueId(java.util.List.of(uniqueId), RegistryStore.DOCUMENT_ENTRY).stream()
                .map(o -> ((org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry) o).getPatientId())
                .filter(java.util.Objects::nonNull).map(p -> p.getId()).findFirst();
    }

    public Optional<Long> personOf(String regionalId) {
        if (regionalId == null || regionalId.isBlank() || regionalId.length() > 200) {
            return Optional.empty();
        }
        return index.find(new Identifier(regionalId, domains.affinityDomain().code()))
                .map(PersonIndexStore.IdentifierRow::personId);
    }

    /** Hospital names as the timeline shows them: a facility code's configured name, else as sent. */
    public String hospitalName(String hospital) {
        return hospital == null ? "" : hospitalNames.getOrDefault(hospital, hospital);
    }

    private Optional<String> regionalIdOf(long person) {
        var regional = domains.affinityDomain().code();
        return index.activeIdentifiers(person).stream().filter(id -> id.domain().equals(regional))
                .map(Identifier::value).findFirst();
    }

    private Optional<Summary> summary(long person) {
        var regional = regionalIdOf(person);
        if (regional.isEmpty()) {
            return Optional.empty();
        }
        var records = index.records(person).stream().filter(r -> "ACTIVE".equals(r.status())).toList();
        var first = records.isEmpty() ? null : records.get(0).demographics();
        return Optional.of(new Summary(regional.get(), person, first == null ? null : first.familyName(),
                first == null ? null : first.givenName(), first == null ? null : first.sex(),
                first == null ? null : first.birthDate(), index.activeIdentifiers(person)));
    }

    private boolean bornOn(long person, String birthDay) {
        return index.records(person).stream().anyMatch(r -> r.demographics().birthDate() != null
                && r.demographics().birthDate().startsWith(birthDay));
    }

    private static void checkDate(String y, String m, String d) {
        try {
            LocalDate.of(Integer.parseInt(y), Integer.parseInt(m), Integer.parseInt(d));
        } catch (java.time.DateTimeException e) {
            throw new IllegalArgumentException("Not a date: " + y + "-" + m + "-" + d);
        }
    }

    private static String visitTitle(Visit v) {
        var parts = new ArrayList<String>();
        if (v.location() != null) {
            parts.add(v.location().replace('^', ' ').strip());
        }
        if (v.visitNumber() != null) {
            parts.add(v.visitNumber());
        }
        return String.join(" · ", parts);
    }

    /** A document's kind from its type code (LOINC or WS/T 500), else its class code. */
    static String documentKind(RegistryStore.DocumentSummary d) {
        var type = codeOf(d.typeCode());
        var clazz = codeOf(d.classCode());
        return switch (type) {
            case "11502-2", "C0007" -> "lab";
            case "18748-4", "C0006" -> "exam";
            case "18842-5", "C0053" -> "discharge-summary";
            case "11506-3", "34109-9", "11488-4", "28570-0" -> "note";
            default -> switch (clazz) {
                case "LAB-01" -> "lab";
                case "RAD-01" -> "exam";
                case "DIS-01" -> "discharge-summary";
                default -> "document";
            };
        };
    }

    private static String codeOf(String stored) {
        if (stored == null) {
            return "";
        }
        int caret = stored.indexOf('^');
        return caret < 0 ? stored : stored.substring(0, caret);
    }

    /** A registry time (14-digit UTC) as an instant; the epoch when missing, so it sorts last. */
    private static OffsetDateTime utc(String t) {
        if (t == null || t.length() < 14) {
            return OffsetDateTime.of(1970, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
        }
        try {
            return LocalDateTime.of(Integer.parseInt(t.substring(0, 4)), Integer.parseInt(t.substring(4, 6)),
                    Math.max(1, Integer.parseInt(t.substring(6, 8))), Integer.parseInt(t.substring(8, 10)),
                    Integer.parseInt(t.substring(10, 12)), Integer.parseInt(t.substring(12, 14))).atOffset(ZoneOffset.UTC);
        } catch (java.time.DateTimeException | NumberFormatException e) {
            return OffsetDateTime.of(1970, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
        }
    }
}
