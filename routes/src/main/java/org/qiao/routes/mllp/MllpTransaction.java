package org.qiao.routes.mllp;

import ca.uhn.hl7v2.model.Message;
import org.apache.camel.Processor;
import org.qiao.journal.Answer;
import org.qiao.journal.InboundMessage;

import java.util.List;
import java.util.Set;
import java.util.function.BiPredicate;

/**
 * One HL7 v2 transaction on the shared MLLP port: the messages it takes, in which HL7 versions, and who answers
 * them. Each feature contributes its transactions as beans; {@link MllpTransactions} is the table built from them,
 * and the MLLP layer knows no transaction but through it. Adding one means: a descriptor, a handler, a test.
 *
 * @param name         the IHE transaction (ITI-8 …): journal entries, metrics and route ids carry it
 * @param messages     message type and trigger event, e.g. {@code ADT^A01}
 * @param versions     the HL7 versions (MSH-12) accepted
 * @param handler      answers a message
 * @param ipfComponent the IPF MLLP component the message is answered behind (it parses, audits and checks the
 *                     answer as its transaction), or null for a door of our own that gets the text
 * @param requestCheck a check IPF runs on the parsed request before the handler, or null
 * @param senders      which senders (MSH-3, MSH-4) may send these messages, or null for every sender
 */
public record MllpTransaction(String name, Set<String> messages, List<String> versions, Handler handler,
                              String ipfComponent, Processor requestCheck, Senders senders) {

    /** Answers a message handed to a transaction. */
    @FunctionalInterface
    public interface Handler {
        Answer answer(Request request) throws Exception;
    }

    /**
     * A message handed to a transaction.
     *
     * @param text          the decoded text as received
     * @param inbound       what the journal keeps of it, with the transaction's name
     * @param message       IPF's parse of it behind an IPF component; null for a door of our own
     * @param remoteAddress the sender's address
     */
    public record Request(String text, InboundMessage inbound, Message message, String remoteAddress) {
    }

    /**
     * The senders a transaction takes messages from; the others get "unsupported trigger event" (201).
     *
     * @param accepts     tests MSH-3 and MSH-4 (first components)
     * @param description how the refusal names the others, e.g. "from a system without a translation channel"
     */
    public record Senders(BiPredicate<String, String> accepts, String description) {
    }

    /** A transaction answered behind IPF's component {@code ipfComponent} (e.g. {@code pix-iti8}). */
    public static MllpTransaction behindIpf(String name, String ipfComponent, List<String> versions,
                                            Set<String> messages, Handler handler) {
        return new MllpTransaction(name, Set.copyOf(messages), List.copyOf(versions), handler, ipfComponent, null, null);
    }

    /** A transaction answered by a door of our own, given the text (no IPF component fits it). */
    public static MllpTransaction door(String name, List<String> versions, Set<String> messages, Handler handler) {
        return new MllpTransaction(name, Set.copyOf(messages), List.copyOf(versions), handler, null, null, null);
    }

    /** The same, with IPF's {@code check} run on the parsed request first (behind IPF only). */
    public MllpTransaction checkedBy(Processor check) {
        if (ipfComponent == null) {
            throw new IllegalStateException(name + ": only a transaction behind IPF has a parsed request to check");
        }
        return new MllpTransaction(name, messages, versions, handler, ipfComponent, check, senders);
    }

    /** The same, taking messages only from the senders {@code accepts} lets through. */
    public MllpTransaction onlyFrom(BiPredicate<String, String> accepts, String description) {
        return new MllpTransaction(name, messages, versions, handler, ipfComponent, requestCheck,
                new Senders(accepts, description));
    }

    boolean behindIpf() {
        return ipfComponent != null;
    }

    boolean acceptsSender(String application, String facility) {
        return senders == null || senders.accepts().test(application, facility);
    }
}
