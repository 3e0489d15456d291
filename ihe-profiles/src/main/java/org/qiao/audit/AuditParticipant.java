package org.qiao.audit;

/** One searchable participant value of an audit event. */
public record AuditParticipant(Kind kind, String value) {

    public enum Kind {
        /** a patient object's id, as sent (CX, e.g. {@code 123^^^&1.2.3&ISO}) */
        PATIENT,
        /** an active participant's UserID, AlternativeUserID or UserName */
        USER,
        /** an active participant's NetworkAccessPointID (IP address or host name) */
        NODE,
        /** any other participant object id: documents, submission sets, queries */
        OBJECT
    }
}
