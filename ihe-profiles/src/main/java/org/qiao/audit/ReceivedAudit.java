package org.qiao.audit;

import java.time.Instant;

/**
 * One syslog message as it arrived, with its audit record when the message could be read.
 *
 * @param raw        the syslog MSG (the audit XML), or the whole frame when it was not RFC 5424 syslog
 * @param record     the parsed audit message, or null
 * @param parseError why it could not be read (null when {@code record} is present)
 */
public record ReceivedAudit(String transport, String sender, String syslogHost, String syslogApp, String syslogMsgId,
                            Instant syslogTimestamp, String raw, AuditRecord record, String parseError) {

    public static final String TLS = "TLS";
    public static final String UDP = "UDP";
    /** This engine's own audit messages, handed to its repository in the process. */
    public static final String LOCAL = "LOCAL";
}
