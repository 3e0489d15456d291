package org.qiao.journal;

import java.time.OffsetDateTime;

/** What failed and why: refused messages grouped by sender, transaction, outcome and reason. */
public record JournalFailure(String sendingApplication, String sendingFacility, String transaction, String outcome,
                             String reason, long count, OffsetDateTime last, long lastId) {
}
