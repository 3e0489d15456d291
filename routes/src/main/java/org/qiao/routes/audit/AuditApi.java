package org.qiao.routes.audit;

import org.qiao.audit.AuditQuery;
import org.qiao.audit.AuditRecordRepository;
import org.qiao.audit.StoredAudit;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Search of the audit record repository for auditors (read-only; roles come from the security configuration).
 * Filters are optional and combine with AND: {@code from} (inclusive) and {@code to} (exclusive) are ISO-8601
 * instants on the event time; {@code patient} is a CX id as sent, or a bare id under any assigning authority;
 * {@code user} any UserID / AlternativeUserID / UserName; {@code node} a NetworkAccessPointID or AuditSourceID;
 * {@code eventId} and {@code eventType} codes (110112, ITI-18); {@code outcome} 0, 4, 8 or 12.
 */
@RestController
@RequestMapping("/api/audit")
public class AuditApi {

    private final AuditRecordRepository repository;

    public AuditApi(AuditRecordRepository repository) {
        this.repository = repository;
    }

    /** Matching records, newest event first, without their XML. */
    @GetMapping
    public List<Map<String, Object>> search(@RequestParam(required = false) String from,
                                            @RequestParam(required = false) String to,
                                            @RequestParam(required = false) String patient,
                                            @RequestParam(required = false) String user,
                                            @RequestParam(required = false) String node,
                                            @RequestParam(required = false) String eventId,
                                            @RequestParam(required = false) String eventType,
                                            @RequestParam(required = false) Integer outcome,
                                            @RequestParam(defaultValue = "100") int limit) {
        if (limit < 1) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "limit must be at least 1");
        }
        var query = query(from, to, patient, user, node, eventId, eventType, outcome, Math.min(limit, AuditQuery.MAX_LIMIT));
        return repository.search(query).stream().map(AuditApi::summary).toList();
    }

    @GetMapping("/count")
    public Map<String, Long> count(@RequestParam(required = false) String from,
                                   @RequestParam(required = false) String to,
                                   @RequestParam(required = false) String patient,
                                   @RequestParam(required = false) String user,
                                   @RequestParam(required = false) String node,
                                   @RequestParam(required = false) String eventId,
                                   @RequestParam(required = false) String eventType,
                                   @RequestParam(required = false) Integer outcome) {
        return Map.of("count", repository.count(query(from, to, patient, user, node, eventId, eventType, outcome, 1)));
    }

    /** One record with its syslog header fields and the message as received. */
    @GetMapping("/{id:\\d+}")
    public Map<String, Object> record(@PathVariable long id) {
        var a = repository.get(id)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No audit record " + id));
        var map = summary(a);
        map.put("syslogTimestamp", a.syslogTimestamp());
        map.put("raw", a.raw());
        return map;
    }

    private static AuditQuery query(String from, String to, String patient, String user, String node, String eventId,
                                    String eventType, Integer outcome, int limit) {
        return new AuditQuery(instant("from", from), instant("to", to), patient, user, node, eventId, eventType,
                outcome, limit);
    }

    private static Map<String, Object> summary(StoredAudit a) {
        var map = new LinkedHashMap<String, Object>(); // keeps nulls, which Map.of refuses
        map.put("id", a.id());
        map.put("receivedAt", a.receivedAt());
        map.put("eventDateTime", a.eventDateTime());
        map.put("eventId", a.eventId());
        map.put("eventTypes", a.eventTypes());
        map.put("action", a.action());
        map.put("outcome", a.outcome());
        map.put("sourceId", a.sourceId());
        map.put("patients", a.patients());
        map.put("users", a.users());
        map.put("nodes", a.nodes());
        map.put("objects", a.objects());
        map.put("transport", a.transport());
        map.put("sender", a.sender());
        map.put("syslogHost", a.syslogHost());
        map.put("syslogApp", a.syslogApp());
        map.put("syslogMsgId", a.syslogMsgId());
        map.put("parseError", a.parseError());
        return map;
    }

    /** ISO-8601 with Z or an offset; a '+' left unencoded in the query string arrives as a space. */
    private static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        var text = value.strip().replace(' ', '+');
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                    name + " must be an ISO-8601 instant such as 2025-03-01T08:00:00Z, not " + value);
        }
    }
}
