package org.qiao.routes.mllp;

import ca.uhn.hl7v2.AcknowledgmentCode;
import ca.uhn.hl7v2.ErrorCode;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.camel.Exchange;
import org.openehealth.ipf.platform.camel.ihe.core.InterceptorSupport;
import org.openehealth.ipf.platform.camel.ihe.mllp.core.intercept.consumer.ConsumerStringProcessingInterceptor;
import org.qiao.journal.InboundMessage;
import org.qiao.journal.MessageJournal;
import org.qiao.translation.InboundResults;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * Outermost interceptor of the shared MLLP port. Steps for every frame:
 * <ol>
 *   <li>decode it by its MSH-18 and read the header fields the journal keeps;</li>
 *   <li>answer AR itself for frames no transaction may see: too large, not HL7, or an unsupported
 *       message type, trigger event or version (ITI TF-2a C.2.3: codes 200, 201, 203 at MSH-9/MSH-12);</li>
 *   <li>otherwise let IPF dispatch it to its transaction route;</li>
 *   <li>journal every message whose transaction did not journal it together with its effect (queries,
 *       rejections, errors), and time it per transaction and outcome.</li>
 * </ol>
 */
public class MllpJournalInterceptor extends InterceptorSupport {

    private static final Logger log = LoggerFactory.getLogger(MllpJournalInterceptor.class);

    /** Exchange property: the {@link InboundMessage} being processed. */
    public static final String INBOUND = "qiao.inbound";
    /** Exchange property set by a transaction that journaled the message with its effect. */
    public static final String JOURNALED = "qiao.journaled";
    /** Exchange property: the IHE transaction a route handled the message as. */
    public static final String TRANSACTION = "qiao.transaction";

    private final MessageJournal journal;
    private final Naks naks;
    private final MeterRegistry meters;
    /** message type → trigger event → [version, transaction] */
    private final Map<String, Map<String, String[]>> accepted;

    private final InboundResults results;
    private final org.qiao.routes.pix.PatientAdministrationDoor pam;

    public MllpJournalInterceptor(MessageJournal journal, Naks naks, MeterRegistry meters,
                                  Map<String, Map<String, String[]>> accepted, InboundResults results,
                                  org.qiao.routes.pix.PatientAdministrationDoor pam) {
        this.results = results;
        this.pam = pam;
        this.journal = journal;
        this.naks = naks;
        this.meters = meters;
        this.accepted = accepted;
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
    static ca.uhn.hl7v2.HL7Exception failure(Throwable e, String controlId) {
        for (var cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ca.uhn.hl7v2.HL7Exception hl7) {
                log.info("Message {} cannot be read: {}", controlId, hl7.getMessage());
                var text = hl7.getMessageWithoutLocation() == null ? "unreadable content" : hl7.getMessageWithoutLocation();
                var error = new ca.uhn.hl7v2.HL7Exception("The message cannot be read: " + text,
                        hl7.getErrorCode() == ErrorCode.APPLICATION_INTERNAL_ERROR.getCode()
                                ? ErrorCode.DATA_TYPE_ERROR : ErrorCode.errorCodeFor(hl7.getErrorCode()));
                error.setLocation(hl7.getLocation() != null && hl7.getLocation().getSegmentName() != null
                        ? hl7.getLocation() : new ca.uhn.hl7v2.Location().withSegmentName("MSH").withSegmentRepetition(1));
                return error;
            }
        }
        log.error("Processing failed for message {}", controlId, e);
        return Naks.error("Internal error", ErrorCode.APPLICATION_INTERNAL_ERROR, "MSH", 0, 0);
    }

    private void handle(Exchange exchange) throws Exception {
        var started = System.nanoTime();
        var body = exchange.getIn().getBody();
        InboundMessage inbound;
        String response;
        if (body instanceof OversizedFrame big) {
            var head = new String(big.head(), Hl7Charsets.of(null));
            inbound = inbound(head, "UTF-8");
            response = naks.nak(head, AcknowledgmentCode.AR, Naks.error("Message of " + big.length()
                    + " bytes exceeds the limit of " + big.limit() + " bytes", ErrorCode.APPLICATION_INTERNAL_ERROR,
                    "MSH", 0, 0));
            exchange.getMessage().setBody(response);
        } else {
            var text = Hl7Charsets.decode(exchange.getIn().getBody(byte[].class));
            exchange.getIn().setBody(text);
            inbound = inbound(text, Hl7Charsets.of(Hl7Charsets.msh18(text)).name());
            exchange.setProperty(INBOUND, inbound);
            var rejection = rejection(text);
            var door = rejection == null ? transactionOf(text) : null;
            if (rejection != null) {
                response = naks.nak(text, AcknowledgmentCode.AR, rejection);
                exchange.getMessage().setBody(response);
            } else if (MllpConfig.RESULTS.equals(door) || MllpConfig.NOTES.equals(door)
                    || MllpConfig.DISCHARGES.equals(door)) {
                // results, notes and discharges are not IPF transactions: our own door journals and queues them
                exchange.setProperty(TRANSACTION, door);
                try {
                    var answer = results.accept(inbound.withTransaction(door));
                    if (answer.journaled()) {
                        exchange.setProperty(JOURNALED, true);
                    }
                    response = answer.ack();
                } catch (Exception e) {
                    // not journaled with an effect: the rejection is journaled below like any other
                    response = naks.nak(text, AcknowledgmentCode.AE, failure(e, inbound.controlId()));
                }
                exchange.getMessage().setBody(response);
            } else if (MllpConfig.PAM.equals(door)) {
                // ITI-30 shares ADT^A40 with ITI-8 (told apart by version), which IPF's dispatcher cannot do
                exchange.setProperty(TRANSACTION, MllpConfig.PAM);
                try {
                    var answer = pam.accept(text, inbound.withTransaction(MllpConfig.PAM),
                            String.valueOf(exchange.getIn().getHeader("CamelNettyRemoteAddress")));
                    if (answer.journaled()) {
                        exchange.setProperty(JOURNALED, true);
                    }
                    response = answer.ack();
                } catch (Exception e) {
                    response = naks.nak(text, AcknowledgmentCode.AE, failure(e, inbound.controlId()));
                }
                exchange.getMessage().setBody(response);
            } else {
                try {
                    getWrappedProcessor().process(exchange);
                    response = exchange.getMessage().getBody(String.class);
                } catch (Exception e) {
                    response = naks.nak(text, AcknowledgmentCode.AE, failure(e, inbound.controlId()));
                    exchange.getMessage().setBody(response);
                }
            }
        }
        var transaction = exchange.getProperty(TRANSACTION, String.class);
        var outcome = field(response, "MSA", 1);
        if (exchange.getProperty(JOURNALED) == null) {
            // a query, a refusal or an error: nothing was accepted, so the answer need not wait for the entry
            journal.recordLater(inbound.withTransaction(transaction), outcome == null ? "??" : outcome,
                    reason(response), response);
        }
        timer(transaction == null ? "none" : transaction, outcome == null ? "none" : outcome)
                .record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    /** Timers by transaction and outcome: found here, not built and looked up in the registry per message. */
    private final Map<String, Timer> timers = new java.util.concurrent.ConcurrentHashMap<>();

    private Timer timer(String transaction, String outcome) {
        return timers.computeIfAbsent(transaction + ' ' + outcome, key -> Timer.builder("qiao.mllp.messages")
                .description("HL7 v2 messages received on the MLLP port")
                .tag("transaction", transaction)
                .tag("outcome", outcome)
                .publishPercentileHistogram()
                .register(meters));
    }

    /** Why the message must be refused before dispatch, or null if a transaction accepts it. */
    private ca.uhn.hl7v2.HL7Exception rejection(String text) {
        if (!text.startsWith("MSH") || text.length() < 9) {
            return Naks.error("Not an HL7 v2 message: it does not start with an MSH segment",
                    ErrorCode.SEGMENT_SEQUENCE_ERROR, "MSH", 0, 0);
        }
        var delimiters = delimiterProblem(text);
        if (delimiters != null) {
            return Naks.error(delimiters, ErrorCode.DATA_TYPE_ERROR, "MSH", 2, 0);
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 && c != '\r' && c != '\n' && c != '\t') {
                // HL7 v2 sends control characters only escaped (\Xhh\); 0x0B and 0x1C would also break MLLP framing
                return Naks.error(String.format("The message contains the control character 0x%02X at offset %d; "
                        + "HL7 v2 allows it only escaped (\\X%02X\\)", (int) c, i, (int) c),
                        ErrorCode.DATA_TYPE_ERROR, "MSH", 0, 0);
            }
        }
        var segmentProblem = segmentNameProblem(text);
        if (segmentProblem != null) {
            return Naks.error(segmentProblem, ErrorCode.SEGMENT_SEQUENCE_ERROR, "MSH", 0, 0);
        }
        var shape = shapeProblem(text);
        if (shape != null) {
            return shape;
        }
        var type = field(text, "MSH", 9, 1);
        var event = field(text, "MSH", 9, 2);
        var version = field(text, "MSH", 12, 1);
        var events = type == null ? null : accepted.get(type);
        if (events == null) {
            return Naks.error("Unsupported message type " + type, ErrorCode.UNSUPPORTED_MESSAGE_TYPE, "MSH", 9, 1);
        }
        var spec = event == null ? null : events.get(event);
        if (spec == null) {
            return Naks.error("Unsupported trigger event " + type + "^" + event + "; accepted: " + events.keySet(),
                    ErrorCode.UNSUPPORTED_EVENT_CODE, "MSH", 9, 2);
        }
        if (MllpConfig.DISCHARGES.equals(spec[1]) && !results.hasChannel(field(text, "MSH", 3, 1), field(text, "MSH", 4, 1))) {
            // an A03 from a PIX source that sends every ADT event: unsupported for it, as before discharges existed
            return Naks.error("Unsupported trigger event " + type + "^" + event + " from a system without a translation "
                    + "channel; accepted: " + events.keySet().stream().filter(e -> !"A03".equals(e)).sorted().toList(),
                    ErrorCode.UNSUPPORTED_EVENT_CODE, "MSH", 9, 2);
        }
        var versionField = field(text, "MSH", 12);
        if (version == null || transactionFor(spec, version) == null || versionField.indexOf(text.charAt(5)) >= 0) {
            return Naks.error(type + "^" + event + " must be HL7 version " + versions(spec) + ", not " + version,
                    ErrorCode.UNSUPPORTED_VERSION_ID, "MSH", 12, 1);
        }
        return null;
    }

    /**
     * Why MSH-1 and MSH-2 cannot delimit the message, or null. HL7 v2.x 2.5: a field separator, then four
     * (from v2.7 five) distinct encoding characters, none of them a letter, digit, space or the field separator.
     */
    static String delimiterProblem(String text) {
        if (text.length() < 8 || text.charAt(3) == '\r' || text.charAt(3) == '\n') {
            return "MSH-1 and MSH-2 (field separator and encoding characters) are missing";
        }
        char sep = text.charAt(3);
        int end = text.indexOf(sep, 4);
        int cr = text.indexOf('\r');
        if (end < 0 || (cr >= 0 && cr < end)) {
            return "MSH-2 (encoding characters) is not followed by the field separator";
        }
        var encoding = text.substring(4, end);
        if (!usableDelimiter(sep)) {
            return "MSH-1 field separator '" + sep + "' cannot be a delimiter";
        }
        if (encoding.length() < 4 || encoding.length() > 5) {
            return "MSH-2 must hold 4 encoding characters (component, repetition, escape, subcomponent), not "
                    + encoding.length();
        }
        for (int i = 0; i < encoding.length(); i++) {
            char c = encoding.charAt(i);
            if (!usableDelimiter(c) || c == sep || encoding.indexOf(c) != i) {
                return "MSH-2 encoding characters must be distinct and differ from the field separator, "
                        + "letters, digits and spaces";
            }
        }
        return null;
    }

    /**
     * A segment that does not start with a three-character name and the field separator, or null. HAPI's
     * parser fails on such segments with errors that say nothing to the sender (an empty name even with a
     * ClassCastException), so they are refused here, by line number.
     */
    static String segmentNameProblem(String text) {
        char sep = text.charAt(3);
        int line = 0;
        // segments end with CR; LFs before a segment (CR LF line ends) are tolerated, one inside a value is left to HAPI
        for (int start = 0, n = text.length(); start < n; ) {
            int end = text.indexOf('\r', start);
            end = end < 0 ? n : end;
            line++;
            int s = start;
            while (s < end && text.charAt(s) == '\n') {
                s++;
            }
            int length = end - s;
            boolean named = length == 0 || length >= 3 && Character.isUpperCase(text.charAt(s))
                    && isNameChar(text.charAt(s + 1)) && isNameChar(text.charAt(s + 2))
                    && (length == 3 || text.charAt(s + 3) == sep);
            if (!named) {
                var begin = length > 12 ? text.substring(s, s + 12) + "…" : text.substring(s, end);
                return "Segment " + line + " ('" + begin + "') does not start with a segment name and the field "
                        + "separator";
            }
            start = end + 1;
        }
        return null;
    }

    /** Bounds on one field's shape; no HL7 v2 data type or real value comes near them. */
    static final int MAX_REPETITIONS = 2000;
    static final int MAX_COMPONENTS = 100;
    static final int MAX_SUBCOMPONENTS = 100;

    /**
     * A field with more repetitions, components or subcomponents than any real message has, or null. HAPI's
     * parser takes time quadratic in these counts (measured on this engine: 20 000 components in one field 6 s,
     * 100 000 repetitions 16 s), so without this bound one small crafted message holds a worker for minutes.
     * One pass over the text, counting separators.
     */
    static ca.uhn.hl7v2.HL7Exception shapeProblem(String text) {
        char fieldSep = text.charAt(3);
        char componentSep = text.charAt(4);
        char repetitionSep = text.charAt(5);
        char subcomponentSep = text.charAt(7);
        int segmentStart = 0;
        while (segmentStart < text.length()) {
            int end = text.indexOf('\r', segmentStart);
            if (end < 0) {
                end = text.length();
            }
            while (segmentStart < end && text.charAt(segmentStart) == '\n') {
                segmentStart++;
            }
            // MSH-1 is the field separator itself and MSH-2 the encoding characters: counting starts at MSH-3
            boolean msh = end - segmentStart >= 3 && text.startsWith("MSH", segmentStart);
            int field = msh ? 2 : 0;
            int repetitions = 1;
            int components = 1;
            int subcomponents = 1;
            int i = msh ? text.indexOf(fieldSep, segmentStart + 4) : segmentStart + 3;
            for (i = Math.max(i, segmentStart); i < end; i++) {
                char c = text.charAt(i);
                String problem = null;
                if (c == fieldSep) {
                    field++;
                    repetitions = 1;
                    components = 1;
                    subcomponents = 1;
                } else if (c == repetitionSep && ++repetitions > MAX_REPETITIONS) {
                    problem = "more than " + MAX_REPETITIONS + " repetitions";
                } else if (c == repetitionSep) {
                    components = 1;
                    subcomponents = 1;
                } else if (c == componentSep && ++components > MAX_COMPONENTS) {
                    problem = "more than " + MAX_COMPONENTS + " components in one repetition";
                } else if (c == componentSep) {
                    subcomponents = 1;
                } else if (c == subcomponentSep && ++subcomponents > MAX_SUBCOMPONENTS) {
                    problem = "more than " + MAX_SUBCOMPONENTS + " subcomponents in one component";
                }
                if (problem != null) {
                    var name = text.substring(segmentStart, Math.min(segmentStart + 3, end));
                    return Naks.error(name + "-" + field + " has " + problem + "; no HL7 v2 value has that many",
                            ErrorCode.DATA_TYPE_ERROR, name, field, 0);
                }
            }
            segmentStart = end + 1;
        }
        return null;
    }

    private static boolean isNameChar(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    private static boolean usableDelimiter(char c) {
        return c > 0x20 && c < 0x7f && !Character.isLetterOrDigit(c);
    }

    private String transactionOf(String text) {
        var events = accepted.get(field(text, "MSH", 9, 1));
        var spec = events == null ? null : events.get(field(text, "MSH", 9, 2));
        return spec == null ? null : spec.length == 2 ? spec[1] : transactionFor(spec, field(text, "MSH", 12, 1));
    }

    /** The transaction of the {versions, transaction} pair that lists {@code version}, or null. */
    private static String transactionFor(String[] spec, String version) {
        for (int i = 0; i + 1 < spec.length; i += 2) {
            if (java.util.Arrays.asList(spec[i].split(" ")).contains(version)) {
                return spec[i + 1];
            }
        }
        return null;
    }

    private static String versions(String[] spec) {
        var all = new StringBuilder();
        for (int i = 0; i < spec.length; i += 2) {
            all.append(all.length() == 0 ? "" : " or ").append(spec[i]);
        }
        return all.toString();
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
        int at = response.indexOf("\rERR|");
        if (at < 0) {
            return field(response, "MSA", 3);
        }
        int end = response.indexOf('\r', at + 1);
        return response.substring(at + 1, end < 0 ? response.length() : end);
    }

    static String field(String message, String segment, int field) {
        return field(message, segment, field, 0);
    }

    /**
     * A field (or its component, when {@code component} &gt; 0) of the first segment with that name,
     * read from the text without parsing: it must work on messages HAPI cannot parse.
     */
    static String field(String message, String segment, int field, int component) {
        if (message == null || message.length() < 8) {
            return null;
        }
        char sep = message.charAt(3);
        char compSep = message.charAt(4);
        boolean msh = "MSH".equals(segment);
        // found with indexOf and cut once, not char by char, by regex or by splitting the segment: this runs about
        // ten times per frame, and the char-by-char scan alone was 12 % of a PDQ query's CPU
        int n = message.length();
        int lf = message.indexOf('\n');
        int start = 0;
        while (start < n) {
            if (lf >= 0 && lf < start) {
                lf = message.indexOf('\n', start);
            }
            int cr = message.indexOf('\r', start);
            int end = cr < 0 ? (lf < 0 ? n : lf) : (lf < 0 ? cr : Math.min(cr, lf));
            if (end - start <= segment.length() || !message.startsWith(segment, start)
                    || message.charAt(start + segment.length()) != sep) {
                start = end + 1;
                continue;
            }
            // the value is what follows the index-th separator (index 0: the segment name); MSH-1 is the
            // separator itself, so MSH-n follows the (n-1)th
            int index = msh ? field - 1 : field;
            int from = start;
            for (int k = 0; k < index; k++) {
                int next = message.indexOf(sep, from);
                if (next < 0 || next >= end) {
                    return null;
                }
                from = next + 1;
            }
            int to = indexBefore(message, sep, from, end);
            if (msh && field == 2) {
                return message.substring(from, to);
            }
            if (component > 0) {
                for (int k = 1; k < component; k++) {
                    int next = indexBefore(message, compSep, from, to);
                    if (next == to) {
                        return null;
                    }
                    from = next + 1;
                }
                to = indexBefore(message, '~', from, indexBefore(message, compSep, from, to));
            }
            return from == to ? null : message.substring(from, to);
        }
        return null;
    }

    /** The first {@code c} in text[from, to), or {@code to}. */
    private static int indexBefore(String text, char c, int from, int to) {
        int i = text.indexOf(c, from);
        return i < 0 || i > to ? to : i;
    }
}
