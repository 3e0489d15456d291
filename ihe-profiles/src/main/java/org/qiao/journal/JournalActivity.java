package org.qiao.journal;

import java.time.OffsetDateTime;

/**
 * Messages of one transaction in one period (an hour or a minute), and how many were not accepted (anything but
 * AA: AE, AR, or a frame that was not HL7).
 */
public record JournalActivity(OffsetDateTime period, String transaction, long messages, long failed) {
}
