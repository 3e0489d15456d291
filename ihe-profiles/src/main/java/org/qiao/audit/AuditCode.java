package org.qiao.audit;

/** A coded value of an audit message (EventID, EventTypeCode): code, code system name, display name. */
public record AuditCode(String code, String system, String display) {
}
