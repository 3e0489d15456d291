package org.qiao.routes.mllp;

import ca.uhn.hl7v2.AcknowledgmentCode;
import ca.uhn.hl7v2.ErrorCode;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.Location;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.camel.Exchange;
import org.openehealth.ipf.platform.camel.ihe.core.InterceptorSupport;
import org.openehealth.ipf.platform.camel.ihe.mllp.core.intercept.consumer.ConsumerStringProcessingInterceptor;
import org.qiao.journal.InboundMessage;
import org.qiao.journal.MessageJournal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.qiao.routes.mllp.Hl7Fields.field;

/**
 * Outermost interceptor of the shared MLLP port. Steps for every frame:
 * <ol>
 *   <li>decode it by its MSH-18 and read the header fields the journal keeps;</li>
 *   <li>answer AR itself for frames no transaction may see ({@link FrameChecks}: too large, not HL7, unusable) or
 *       takes ({@link MllpTransactions}: unsupported message type, trigger event or version);</li>
 *   <li>otherwise hand it to its transaction: through IPF's dispatcher to the transaction's IPF route, or to the
 *       transaction's own door;</li>
 *   <li>journal every message its handler did not journal together with its effect (queries, refusals, errors),
 *       and time it per transaction and outcome.</li>
 * </ol>
 */
public class MllpJournalInterceptor extends InterceptorSupport {

    private static final Logger log = LoggerFactory.getLogger(MllpJournalInterceptor.class);

    private final MessageJournal journal;
    private final Naks naks;
    private final MeterRegistry meters;
    private final MllpTransactions transactions;
    /** Timers by transaction and outcome: found here, not built and looked up in the registry per message. */
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    public MllpJournalInterceptor(MessageJournal journal, Naks naks, MeterRegistry meters,
                                  MllpTransactions transactions) {
        this.journal = journal;
        this.naks = naks;
        this.meters = meters;
        this.transactions = transactions;
        addBefore(ConsumerStringProcessingInterceptor.class.getName());
    }

    @Override
    public void process(Exchange exchange) {
        try {
            handle(exchange);
        } catch (Exception e) {
            exchange.setException(null);
            exchange.getMessage().setBody(naks.nak(exchange.getIn().getBody(String.class), AcknowledgmentCode.AE,
                    failure(e, null)));
        }
    }

    /**
     * The error to answer for an exception out of a transaction. HAPI's parser throws HL7Exception for text
     * it cannot read as the declared message (bad encoding characters, a value of the wrong type, a broken
     * segment); that is the sender's problem: 102 data type error with HAPI's words (no class names).
     * Anything else is ours: 207, and the details stay in the log.
     */
    static HL7Exception failure(Throwable e, String controlId) {
        for (var cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof HL7Exception hl7) {
                log.info("Message {} cannot be read: {}", controlId, hl7.getMessage());
                var text = hl7.getMessageWithoutLocation() == null ? "unreadable content" : hl7.getMessageWithoutLocation();
                var error = new HL7Exception("The message cannot be read: " + text,
                        hl7.getErrorCode() == ErrorCode.APPLICATION_INTERNAL_ERROR.getCode()
                                ? ErrorCode.DATA_TYPE_ERROR : ErrorCode.errorCodeFor(hl7.getErrorCode()));
                error.setLocation(hl7.getLocation() != null && hl7.getLocation().getSegmentName() != null
                        ? hl7.getLocation() : new Location().withSegmentName("MSH").withSegmentRepetition(1));
                return error;
            }
        }
        log.error("Processing failed for message {}", controlId, e);
        return Naks.error("Internal error", ErrorCode.APPLICATION_INTERNAL_ERROR, "MSH", 0, 0);
    }

    private void handle(Exchange exchange) {
        var started = System.nanoTime();
        var frame = exchange.getIn().getBody() instanceof OversizedFrame big ? oversized(exchange, big) : dispatch(exchange);
        // the answer names the character set its bytes are encoded in (MllpFrameEncoderFactory reads it back)
        var response = Hl7Charsets.namingItsCharset(exchange.getMessage().getBody(String.class));
        exchange.getMessage().setBody(response);
        var transaction = frame.transactionName();
        var outcome = field(response, "MSA", 1);
        if (!frame.journaled()) {
            // a query, a refusal or an error: nothing was accepted, so the answer need not wait for the entry
            journal.recordLater(frame.inbound.withTransaction(transaction), outcome == null ? "??" : outcome,
                    reason(response), response);
        }
        timer(transaction == null ? "none" : transaction, outcome == null ? "none" : outcome)
                .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
    }

    private MllpFrame oversized(Exchange exchange, OversizedFrame big) {
        var head = new String(big.head(), Hl7Charsets.of(null));
        var frame = MllpFrame.start(exchange, inbound(head, "UTF-8"), remoteAddress(exchange));
        exchange.getMessage().setBody(naks.nak(head, AcknowledgmentCode.AR, Naks.error("Message of " + big.length()
                + " bytes exceeds the limit of " + big.limit() + " bytes", ErrorCode.APPLICATION_INTERNAL_ERROR,
                "MSH", 0, 0)));
        return frame;
    }

    /** Refuses the frame, or hands it to its transaction; the answer is left as the exchange's body. */
    private MllpFrame dispatch(Exchange exchange) {
        var text = Hl7Charsets.decode(exchange.getIn().getBody(byte[].class));
        exchange.getIn().setBody(text);
        var frame = MllpFrame.start(exchange, inbound(text, Hl7Charsets.of(Hl7Charsets.msh18(text)).name()),
                remoteAddress(exchange));
        var refusal = FrameChecks.problem(text);
        var resolution = refusal == null ? transactions.resolve(text) : null;
        if (refusal == null) {
            refusal = resolution.refusal();
        }
        if (refusal != null) {
            exchange.getMessage().setBody(naks.nak(text, AcknowledgmentCode.AR, refusal));
            return frame;
        }
        var transaction = resolution.transaction();
        try {
            if (transaction.behindIpf()) {
                // IPF's dispatcher finds the transaction's route (MllpRoutes), which names it on the frame
                getWrappedProcessor().process(exchange);
            } else {
                frame.handedTo(transaction);
                exchange.getMessage().setBody(frame.answer(null).ack());
            }
        } catch (Exception e) {
            // not journaled with an effect: the error answer is journaled like any other
            exchange.getMessage().setBody(naks.nak(text, AcknowledgmentCode.AE, failure(e, frame.inbound.controlId())));
        }
        return frame;
    }

    private static String remoteAddress(Exchange exchange) {
        return String.valueOf(exchange.getIn().getHeader("CamelNettyRemoteAddress"));
    }

    private Timer timer(String transaction, String outcome) {
        return timers.computeIfAbsent(transaction + ' ' + outcome, key -> Timer.builder("qiao.mllp.messages")
                .description("HL7 v2 messages received on the MLLP port")
                .tag("transaction", transaction)
                .tag("outcome", outcome)
                .publishPercentileHistogram()
                .register(meters));
    }

    private static InboundMessage inbound(String text, String charset) {
        var type = field(text, "MSH", 9, 1);
        var event = field(text, "MSH", 9, 2);
        var messageType = type == null ? null : event == null ? type : type + "^" + event;
        return new InboundMessage("MLLP", null, messageType, field(text, "MSH", 3, 1), field(text, "MSH", 4, 1),
                field(text, "MSH", 10, 1), charset, text);
    }

    private static String reason(String response) {
        if (response == null) {
            return "no response";
        }
        var ack = field(response, "MSA", 1);
        if ("AA".equals(ack) || "CA".equals(ack)) {
            return null;
        }
        int at = response.length() < 4 ? -1 : response.indexOf("\rERR" + response.charAt(3));
        if (at < 0) {
            return field(response, "MSA", 3);
        }
        int end = response.indexOf('\r', at + 1);
        return response.substring(at + 1, end < 0 ? response.length() : end);
    }
}
