package org.qiao.routes.mllp;

import ca.uhn.hl7v2.model.Message;
import org.apache.camel.Exchange;
import org.qiao.journal.Answer;
import org.qiao.journal.InboundMessage;

/**
 * What the MLLP layer knows of the frame in flight: the message as journaled, the transaction that took it and
 * the handler's answer. It rides on the exchange through IPF's chain (the only way from the journal step, outside
 * IPF's dispatcher, to the route inside it and back), set by the MLLP layer only.
 */
final class MllpFrame {

    private static final String PROPERTY = "qiao.mllpFrame";

    /** The message as the journal keeps it (no transaction yet). */
    InboundMessage inbound;
    private String remoteAddress;
    private MllpTransaction transaction;
    private Answer answer;

    /** The frame's context, on the exchange for the steps after this one. */
    static MllpFrame start(Exchange exchange, InboundMessage inbound, String remoteAddress) {
        var frame = new MllpFrame();
        frame.inbound = inbound;
        frame.remoteAddress = remoteAddress;
        exchange.setProperty(PROPERTY, frame);
        return frame;
    }

    static MllpFrame of(Exchange exchange) {
        return exchange.getProperty(PROPERTY, MllpFrame.class);
    }

    /** The transaction the message was handed to (it is journaled and timed under its name). */
    void handedTo(MllpTransaction transaction) {
        this.transaction = transaction;
    }

    String transactionName() {
        return transaction == null ? null : transaction.name();
    }

    /** Asks the transaction's handler, and keeps its answer; {@code parsed} is IPF's parse, null for our doors. */
    Answer answer(Message parsed) throws Exception {
        answer = transaction.handler().answer(new MllpTransaction.Request(inbound.raw(),
                inbound.withTransaction(transaction.name()), parsed, remoteAddress));
        return answer;
    }

    /** Whether the handler journaled the message together with its effect. */
    boolean journaled() {
        return answer != null && answer.journaled();
    }
}
