package org.qiao.journal;

/**
 * The answer to an inbound message, and whether the message was journaled together with its effect (in the
 * same transaction). A door that gets {@code journaled == false} journals the message itself, after the answer
 * has left, as it does for queries, refusals and errors.
 *
 * @param ack       the encoded answer
 * @param journaled true when the message and its effect were committed together
 */
public record Answer(String ack, boolean journaled) {

    /** An answer that changed nothing (a query, or an error), so nothing was journaled with it. */
    public static Answer withoutEffect(String ack) {
        return new Answer(ack, false);
    }
}
