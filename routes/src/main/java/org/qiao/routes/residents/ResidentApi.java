package org.qiao.routes.residents;

import jakarta.servlet.http.HttpServletRequest;
import org.qiao.pix.PixManager;
import org.qiao.pix.PersonIndexStore.StoredRecord;
import org.qiao.record.ResidentRecordService;
import org.qiao.record.ResidentRecordService.Entry;
import org.qiao.routes.audit.AuditEvents;
import org.qiao.routes.console.QueryValues;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The resident's shared record as JSON: search, one resident, the lifetime timeline. Reading a resident or a
 * timeline is audited (ATNA, with the user); roles: WebSecurityConfig (patient data: ADMIN, OPERATOR, CLINICIAN).
 */
@RestController
@RequestMapping("/api/residents")
public class ResidentApi {

    private final ResidentRecordService residents;
    private final PixManager pix;
    private final AuditEvents audit;

    public ResidentApi(ResidentRecordService residents, PixManager pix, AuditEvents audit) {
        this.residents = residents;
        this.pix = pix;
        this.audit = audit;
    }

    public record IdentifierView(String domain, String namespace, String value, String status) {
    }

    public record SummaryView(String regionalId, String name, String familyName, String givenName, String sex,
                              String birthDate, List<IdentifierView> identifiers) {
    }

    public record RecordView(String domain, String value, String status, String familyName, String givenName,
                             String sex, String birthDate, String street, String city, String phone,
                             List<String> names) {
    }

    public record LinkView(long id, String kind, String cause, String a, String b, OffsetDateTime at, Long undoneBy) {
    }

    public record ResidentView(String regionalId, List<IdentifierView> identifiers, List<RecordView> records,
                               List<LinkView> links) {
    }

    public record TimelineView(String regionalId, int count, List<Entry> entries) {
    }

    /** Residents by name (hanzi or pinyin, prefix), birth date, or any identifier. */
    @GetMapping
    public List<SummaryView> search(@RequestParam(required = false) String q) {
        try {
            return residents.search(q).stream().map(s -> new SummaryView(s.regionalId(),
                    join(s.familyName(), s.givenName()), s.familyName(), s.givenName(), s.sex(), isoDate(s.birthDate()),
                    s.identifiers().stream().map(id -> new IdentifierView(id.domain(), null, id.value(), "ACTIVE"))
                            .toList())).toList();
        } catch (IllegalArgumentException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, e.getMessage());
        }
    }

    @GetMapping("/{regionalId}")
    public ResidentView resident(@PathVariable String regionalId, Authentication user, HttpServletRequest request) {
        var resident = residents.resident(regionalId).orElseThrow(() -> unknown(regionalId));
        audit.recordRead(user.getName(), "resident record", resident.regionalId(), request.getRemoteAddr());
        var ids = resident.identifiers().stream().map(h -> h.identifier()).collect(Collectors.toSet());
        var links = pix.linkEvents(500).stream().filter(e -> ids.contains(e.a()) || ids.contains(e.b()))
                .map(e -> new LinkView(e.id(), e.kind(), e.cause(), e.a().toString(), e.b().toString(), e.createdAt(),
                        e.undoneBy())).toList();
        return new ResidentView(resident.regionalId(), resident.identifiers().stream()
                .map(h -> new IdentifierView(h.identifier().domain(), h.domainName(), h.identifier().value(), h.status()))
                .toList(), resident.records().stream().map(ResidentApi::record).toList(), links);
    }

    /** The timeline, newest first; kind (comma-separated), hospital, from and to (yyyy-MM-dd) filter it. */
    @GetMapping("/{regionalId}/timeline")
    public TimelineView timeline(@PathVariable String regionalId, @RequestParam(required = false) String kind,
                                 @RequestParam(required = false) String hospital,
                                 @RequestParam(required = false) String from, @RequestParam(required = false) String to,
                                 Authentication user, HttpServletRequest request) {
        var filter = filter(kind, hospital, from, to);
        var person = residents.personOf(regionalId).orElseThrow(() -> unknown(regionalId));
        audit.recordRead(user.getName(), "resident timeline", regionalId, request.getRemoteAddr());
        var entries = residents.timeline(person, filter);
        return new TimelineView(regionalId, entries.size(), entries);
    }

    /** A timeline filter from request parameters; a bad one is answered 400 with the reason. */
    static ResidentRecordService.Filter filter(String kind, String hospital, String from, String to) {
        try {
            Set<String> kinds = kind == null || kind.isBlank() ? Set.of()
                    : new HashSet<>(Arrays.stream(kind.split(",")).map(String::strip).filter(k -> !k.isEmpty()).toList());
            return new ResidentRecordService.Filter(kinds, hospital == null || hospital.isBlank() ? null : hospital,
                    QueryValues.day(from, "from", null), QueryValues.day(to, "to", null));
        } catch (IllegalArgumentException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, e.getMessage());
        }
    }

    private static ResponseStatusException unknown(String regionalId) {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "No resident has the regional id " + QueryValues.abbreviate(regionalId));
    }

    private static RecordView record(StoredRecord r) {
        var d = r.demographics();
        return new RecordView(r.key().domain(), r.key().value(), r.status(), d.familyName(), d.givenName(), d.sex(),
                isoDate(d.birthDate()), d.street(), d.city(), d.phone(), d.names());
    }

    /** A full name as people write it: hanzi run together (张三), other scripts with a space (Zhang San). */
    static String join(String family, String given) {
        var f = family == null ? "" : family.strip();
        var g = given == null ? "" : given.strip();
        var hanzi = org.qiao.pix.matching.NameNormalizer.isHanzi(f + g);
        return (f + (hanzi || f.isEmpty() || g.isEmpty() ? "" : " ") + g).strip();
    }

    /** YYYYMMDD… as yyyy-MM-dd (as people and JSON read dates). */
    static String isoDate(String hl7) {
        if (hl7 == null || hl7.length() < 8 || !hl7.substring(0, 8).chars().allMatch(Character::isDigit)) {
            return hl7;
        }
        return hl7.substring(0, 4) + "-" + hl7.substring(4, 6) + "-" + hl7.substring(6, 8);
    }
}
