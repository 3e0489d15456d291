package org.qiao.journal;

import java.time.OffsetDateTime;

/** A stored journal row. */
public record JournalEntry(long id, OffsetDateTime receivedAt, String protocol, String transaction,
                           String messageType, String sendingApplication, String sendingFacility,
                           String controlId, String charset, String outcome, String reason,
                           String raw, String response) {
}
