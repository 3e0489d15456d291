package org.qiao.pix.v2;

import ca.uhn.hl7v2.ErrorCode;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.Segment;
import org.qiao.journal.IdempotentReceiver;
import org.qiao.journal.InboundMessage;
import org.qiao.pix.Demographics;
import org.qiao.pix.IdentityDomains;
import org.qiao.pix.PatientFeed;
import org.qiao.pix.PixManager;
import org.qiao.pix.UnknownIdentifierException;
import org.qiao.record.Visit;
import org.qiao.record.VisitRecorder;

import java.util.List;
import java.util.Set;

/**
 * ITI-8 Patient Identity Feed (HL7 v2.3.1): ADT^A01, A04, A05, A08 register or update a patient, A40 merges.
 * The ACK is built inside the transaction, journaled with the effect, and returned only after the commit.
 */
public class PatientIdentityFeedHandler extends IdentityFeedHandler {

    private static final Set<String> REGISTER_OR_UPDATE = Set.of("A01", "A04", "A05", "A08");

    private final VisitRecorder visits;

    public PatientIdentityFeedHandler(PixManager pix, IdentityDomains domains, IdempotentReceiver receiver) {
        this(pix, domains, receiver, VisitRecorder.NONE);
    }

    /** With {@code visits}: an A01 (admission) or A04 (outpatient registration) is also a visit on the timeline. */
    public PatientIdentityFeedHandler(PixManager pix, IdentityDomains domains, IdempotentReceiver receiver,
                                      VisitRecorder visits) {
        super(pix, domains, receiver);
        this.visits = visits;
    }

    @Override
    protected String apply(Message request, InboundMessage inbound) throws HL7Exception {
        var msh = (Segment) request.get("MSH");
        var event = V2.get(msh, 9, 2);
        var pid = V2.segment(request, "PID");
        if (pid == null) {
            throw V2.error("PID segment missing", ErrorCode.SEGMENT_SEQUENCE_ERROR, "PID", 0, 1, 0);
        }
        var source = domains.forSource(V2.nullToEmpty(V2.get(msh, 3, 1)), V2.nullToEmpty(V2.get(msh, 4, 1)))
                .orElse(null);
        var feed = new PatientFeed(V2.identifiers(pid, 3, domains, "PID", source),
                demographics(pid, V2.segment(request, "PV1")), domains);
        if (V2.get(pid, 5, 1) == null) {
            throw V2.error("Patient name (PID-5) missing", ErrorCode.REQUIRED_FIELD_MISSING, "PID", 5, 1, 1);
        }
        if (REGISTER_OR_UPDATE.contains(event)) {
            var visit = visit(event, feed, request, inbound);
            return receiver.receive(inbound, () -> {
                pix.feed(feed);
                if (visit != null) {
                    visits.record(visit);
                }
                return ack(request);
            }).response();
        }
        if ("A40".equals(event)) {
            var mrg = V2.segment(request, "MRG");
            if (mrg == null || V2.get(mrg, 1, 1) == null) {
                throw V2.error("Prior patient identifier (MRG-1) missing", ErrorCode.REQUIRED_FIELD_MISSING, "MRG", 1, 1, 1);
            }
            var retired = V2.identifiers(mrg, 1, domains, "MRG", source).get(0);
            if (!retired.domain().equals(feed.identifiers().get(0).domain())) {
                // ITI TF-2a 3.8.4.2: a merge happens within one domain; MRG-1.4 must equal PID-3.4
                throw V2.error("MRG-1 and PID-3 must be in the same assigning authority",
                        ErrorCode.UNKNOWN_KEY_IDENTIFIER, "MRG", 1, 1, 4);
            }
            try {
                return receiver.receive(inbound, () -> {
                    pix.merge(feed, retired, "ITI-8 A40 " + V2.nullToEmpty(inbound.sendingApplication()) + "|"
                            + V2.nullToEmpty(inbound.sendingFacility()) + "|" + V2.nullToEmpty(inbound.controlId()));
                    return ack(request);
                }).response();
            } catch (UnknownIdentifierException e) {
                throw V2.error(e.getMessage(), ErrorCode.UNKNOWN_KEY_IDENTIFIER, "MRG", 1, 1, 1);
            } catch (IllegalArgumentException e) {
                throw V2.error(e.getMessage(), ErrorCode.DUPLICATE_KEY_IDENTIFIER, "MRG", 1, 1, 1);
            }
        }
        throw V2.error("Unsupported trigger event " + event, ErrorCode.UNSUPPORTED_EVENT_CODE, "MSH", 9, 1, 2);
    }

    /**
     * The visit an A01 or A04 reports (HL7 v2.5 3.3.1, 3.3.4), at the admit time (PV1-44), else the event's time
     * (EVN-2), else the message's (MSH-7); null for the other events and for a message without PV1.
     */
    private static VisitRecorder.Reported visit(String event, PatientFeed feed, Message request, InboundMessage inbound)
            throws HL7Exception {
        var pv1 = V2.segment(request, "PV1");
        if (pv1 == null || !("A01".equals(event) || "A04".equals(event))) {
            return null;
        }
        var evn = V2.segment(request, "EVN");
        var time = V2.get(pv1, 44, 1);
        if (time == null && evn != null) {
            time = V2.get(evn, 2, 1);
        }
        if (time == null) {
            time = V2.get((Segment) request.get("MSH"), 7, 1);
        }
        var d = feed.demographics();
        return new VisitRecorder.Reported(feed.recordKey(), "A01".equals(event) ? Visit.Kind.ADMISSION
                : Visit.Kind.OUTPATIENT, time, inbound.sendingFacility(), d.patientClass(), d.visitNumber(),
                d.location(), d.attending(), null, inbound.controlId());
    }

    static String ack(Message request) {
        try {
            var ack = request.generateACK();
            copyCharset(request, ack);
            return ack.encode();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot build acknowledgement", e);
        }
    }

    static String nak(Message request, HL7Exception error) throws HL7Exception {
        try {
            var nak = request.generateACK(ca.uhn.hl7v2.AcknowledgmentCode.AE, error);
            copyCharset(request, nak);
            var err = (Segment) nak.get("ERR");
            if (err != null && V2.get(err, 1, 1) != null && V2.get(err, 1, 2) == null) {
                // HAPI leaves the segment sequence out of ERR-1; ITI TF-2a shows it (PID^1^3^204)
                ca.uhn.hl7v2.util.Terser.set(err, 1, 0, 2, 1, "1");
            }
            return nak.encode();
        } catch (java.io.IOException e) {
            throw new HL7Exception("Cannot build acknowledgement", e);
        }
    }

    private static void copyCharset(Message request, Message response) throws HL7Exception {
        var charset = V2.get((Segment) request.get("MSH"), 18, 1);
        if (charset != null) {
            ca.uhn.hl7v2.util.Terser.set((Segment) response.get("MSH"), 18, 0, 1, 1, charset);
        }
    }

    static Demographics demographics(Segment pid, Segment pv1) throws HL7Exception {
        // limits are the patient_record column sizes: a longer value is the sender's error (AE 102 at the
        // field), not a failed insert
        return new Demographics(
                limit(V2.get(pid, 5, 0, 1, 1), 200, "PID", 5, 1), limit(V2.get(pid, 5, 2), 200, "PID", 5, 2),
                limit(V2.get(pid, 7, 1), 26, "PID", 7, 1), limit(V2.get(pid, 8, 1), 8, "PID", 8, 1),
                limit(V2.get(pid, 11, 0, 1, 1), 400, "PID", 11, 1), limit(V2.get(pid, 11, 3), 200, "PID", 11, 3),
                limit(V2.get(pid, 11, 4), 200, "PID", 11, 4), limit(V2.get(pid, 11, 5), 40, "PID", 11, 5),
                limit(V2.get(pid, 11, 6), 40, "PID", 11, 6), limit(phone(pid), 100, "PID", 13, 1),
                limit(V2.get(pid, 18, 1), 200, "PID", 18, 1),
                limit(V2.get(pv1, 2, 1), 8, "PV1", 2, 1), limit(V2.encoded(pv1, 3), 200, "PV1", 3, 0),
                limit(V2.get(pv1, 19, 1), 200, "PV1", 19, 1), limit(V2.encoded(pv1, 7), 400, "PV1", 7, 0),
                limit(V2.get(pv1, 44, 1), 26, "PV1", 44, 1), limit(V2.get(pv1, 45, 1), 26, "PV1", 45, 1),
                pid.encode(), pv1 == null ? null : pv1.encode(),
                names(pid), repetitions(pid, 11), repetitions(pid, 13));
    }

    /**
     * Every PID-5 repetition as sent (HL7 v2.5 2.A.89 XPN: e.g. the hanzi name with XPN-8 {@code I} and its pinyin
     * with {@code P}); each one's family and given name within the search key columns' size, as the first's.
     */
    private static List<String> names(Segment pid) throws HL7Exception {
        int reps = pid.getField(5).length;
        for (int rep = 1; rep < reps; rep++) {
            for (int component = 1; component <= 2; component++) {
                var value = V2.get(pid, 5, rep, component, 1);
                if (value != null && value.length() > 200) {
                    throw V2.error("PID-5." + component + " of repetition " + (rep + 1) + " is " + value.length()
                                    + " characters long; at most 200 are kept", ErrorCode.DATA_TYPE_ERROR, "PID", 5,
                            rep + 1, component);
                }
            }
        }
        return repetitions(pid, 5);
    }

    /** The non-empty repetitions of a field, each encoded with the standard delimiters (as stored). */
    private static List<String> repetitions(Segment pid, int field) throws HL7Exception {
        var out = new java.util.ArrayList<String>();
        for (var rep : pid.getField(field)) {
            var encoded = ca.uhn.hl7v2.parser.PipeParser.encode(rep,
                    ca.uhn.hl7v2.parser.EncodingCharacters.defaultInstance());
            if (!encoded.isEmpty()) {
                out.add(encoded);
            }
        }
        return out;
    }

    private static String limit(String value, int max, String segment, int field, int component)
            throws HL7Exception {
        if (value != null && value.length() > max) {
            throw V2.error(segment + "-" + field + (component > 0 ? "." + component : "") + " is " + value.length()
                    + " characters long; at most " + max + " are kept", ErrorCode.DATA_TYPE_ERROR, segment, field, 1,
                    component);
        }
        return value;
    }

    private static String phone(Segment pid) throws HL7Exception {
        var number = V2.get(pid, 13, 1);
        return number != null ? number : V2.get(pid, 13, 12);
    }

}
