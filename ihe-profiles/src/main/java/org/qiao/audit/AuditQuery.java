package org.qiao.audit;

import java.time.Instant;

/**
 * Search filters, all optional and combined with AND.
 *
 * @param from      event time at or after (unreadable messages: reception time)
 * @param to        event time before
 * @param patient   a patient id as sent ({@code 123^^^&1.2.3&ISO}); without {@code ^} any assigning authority
 * @param user      UserID, AlternativeUserID or UserName of an active participant
 * @param node      NetworkAccessPointID of an active participant, or the AuditSourceID
 * @param eventId   EventID code, e.g. 110112
 * @param eventType one EventTypeCode code, e.g. ITI-18
 * @param outcome   EventOutcomeIndicator
 * @param limit     at most this many records, newest first
 */
public record AuditQuery(Instant from, Instant to, String patient, String user, String node, String eventId,
                         String eventType, Integer outcome, int limit) {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;

    public AuditQuery {
        patient = blankToNull(patient);
        user = blankToNull(user);
        node = blankToNull(node);
        eventId = blankToNull(eventId);
        eventType = blankToNull(eventType);
        limit = limit <= 0 ? DEFAULT_LIMIT : Math.min(limit, MAX_LIMIT);
    }

    public static AuditQuery all() {
        return new AuditQuery(null, null, null, null, null, null, null, null, DEFAULT_LIMIT);
    }

    public AuditQuery from(Instant v) { return new AuditQuery(v, to, patient, user, node, eventId, eventType, outcome, limit); }
    public AuditQuery to(Instant v) { return new AuditQuery(from, v, patient, user, node, eventId, eventType, outcome, limit); }
    public AuditQuery patient(String v) { return new AuditQuery(from, to, v, user, node, eventId, eventType, outcome, limit); }
    public AuditQuery user(String v) { return new AuditQuery(from, to, patient, v, node, eventId, eventType, outcome, limit); }
    public AuditQuery node(String v) { return new AuditQuery(from, to, patient, user, v, eventId, eventType, outcome, limit); }
    public AuditQuery eventId(String v) { return new AuditQuery(from, to, patient, user, node, v, eventType, outcome, limit); }
    public AuditQuery eventType(String v) { return new AuditQuery(from, to, patient, user, node, eventId, v, outcome, limit); }
    public AuditQuery outcome(Integer v) { return new AuditQuery(from, to, patient, user, node, eventId, eventType, v, limit); }
    public AuditQuery limit(int v) { return new AuditQuery(from, to, patient, user, node, eventId, eventType, outcome, v); }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
