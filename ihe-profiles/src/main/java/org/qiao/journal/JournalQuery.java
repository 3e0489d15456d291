package org.qiao.journal;

import java.time.Instant;

/**
 * A search of the message journal; every filter is optional and they combine with AND.
 * {@code sender} matches the sending application or facility (MSH-3 / MSH-4, exact, case-insensitive);
 * {@code outcome} is an acknowledgment code (AA, AE, AR) or {@code FAILED} for anything but AA;
 * {@code text} is found anywhere in the message as received, its control id or the reason it was refused;
 * {@code from} is inclusive and {@code to} exclusive; {@code beforeId} pages back from the newest.
 */
public record JournalQuery(String sender, String transaction, String outcome, Instant from, Instant to, String text,
                           Long beforeId, int limit) {

    public static final int MAX_LIMIT = 500;
    public static final String FAILED = "FAILED";

    public JournalQuery {
        sender = blankToNull(sender);
        transaction = blankToNull(transaction);
        outcome = blankToNull(outcome);
        text = blankToNull(text);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT);
        }
    }

    public static JournalQuery newest(int limit) {
        return new JournalQuery(null, null, null, null, null, null, null, limit);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
