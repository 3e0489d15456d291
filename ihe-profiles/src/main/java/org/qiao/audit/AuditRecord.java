package org.qiao.audit;

import java.time.Instant;
import java.util.List;

/**
 * What an audit message (DICOM PS3.15 A.5 or RFC 3881) says, as far as searches need it.
 *
 * @param action  EventActionCode (C, R, U, D, E) or null
 * @param outcome EventOutcomeIndicator (0, 4, 8, 12)
 */
public record AuditRecord(AuditCode eventId, List<AuditCode> eventTypes, String action, int outcome,
                          Instant eventDateTime, String sourceId, List<AuditParticipant> participants) {

    public AuditRecord {
        eventTypes = List.copyOf(eventTypes);
        participants = List.copyOf(participants);
    }
}
