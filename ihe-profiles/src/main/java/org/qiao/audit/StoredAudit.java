package org.qiao.audit;

import java.time.Instant;
import java.util.List;

/**
 * A stored audit record. Search results leave {@code raw} null (the XML is fetched by id);
 * for unreadable messages the event fields are null and {@code parseError} says why.
 */
public record StoredAudit(long id, Instant receivedAt, String transport, String sender, String syslogHost,
                          String syslogApp, String syslogMsgId, Instant syslogTimestamp, AuditCode eventId,
                          List<AuditCode> eventTypes, String action, Integer outcome, Instant eventDateTime,
                          String sourceId, List<AuditParticipant> participants, String parseError, String raw) {

    public List<String> values(AuditParticipant.Kind kind) {
        return participants.stream().filter(p -> p.kind() == kind).map(AuditParticipant::value).toList();
    }

    public List<String> patients() {
        return values(AuditParticipant.Kind.PATIENT);
    }

    public List<String> users() {
        return values(AuditParticipant.Kind.USER);
    }

    public List<String> nodes() {
        return values(AuditParticipant.Kind.NODE);
    }

    public List<String> objects() {
        return values(AuditParticipant.Kind.OBJECT);
    }
}
