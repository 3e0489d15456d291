package org.qiao.translation;

import ca.uhn.hl7v2.AcknowledgmentCode;
import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.ErrorCode;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.Segment;
import ca.uhn.hl7v2.parser.GenericParser;
import ca.uhn.hl7v2.util.Terser;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;
import org.qiao.journal.Answer;
import org.qiao.journal.IdempotentReceiver;
import org.qiao.journal.InboundMessage;
import org.qiao.outbox.Outbox;
import org.qiao.pix.IdentityDomains;
import org.qiao.record.Visit;
import org.qiao.record.VisitRecorder;
import org.qiao.stats.Measure;
import org.qiao.stats.Tally;

import java.util.Map;

/**
 * The door for results (ORU^R01: lab or exam), clinical notes (MDM^T02) and discharges (ADT^A03) on the MLLP
 * port. The ACK (AA) means the message is journaled and its translation queued in the same transaction;
 * translation and registration happen afterwards, exactly once, through the outbox ({@link LabResultTranslation}).
 * Steps: read the message (AE when it cannot be read as its kind), find the sender's channel (AE when none),
 * decide the kind (an ORU^R01 is an exam report when {@link LabReport#exam()} or when its channel translates exams
 * but not lab results), refuse a kind the channel does not allow (AE, ERR at MSH-9), journal and queue.
 */
public class InboundResults {

    public static final String DESTINATION = "translation";
    public static final String RESULT = "ORU^R01";
    public static final String NOTE = "MDM^T02";
    /** Outbox kind of an ORU^R01 translated as an exam report. */
    public static final String EXAM = "ORU^R01/exam";
    public static final String DISCHARGE = "ADT^A03";

    private static final GenericParser PARSER;

    static {
        var context = new DefaultHapiContext();
        context.setValidationContext(ValidationContextFactory.noValidation());
        PARSER = context.getGenericParser();
    }

    private final Map<String, ResultChannel> channels;
    private final IdempotentReceiver receiver;
    private final Outbox outbox;
    private final IdentityDomains domains;
    private final VisitRecorder visits;
    private final Tally tally;

    public InboundResults(Map<String, ResultChannel> channels, IdempotentReceiver receiver, Outbox outbox) {
        this(channels, receiver, outbox, null, VisitRecorder.NONE, Tally.NONE);
    }

    /**
     * With the resident record and statistics: a lab result's observations are counted (Measure.LAB_RESULTS and
     * ABNORMAL_LAB_RESULTS by OBX-3 code), a discharge is a visit on the timeline with its diagnoses counted
     * (DISCHARGE_DIAGNOSES by DG1-3 code), in the transaction that journals and queues the message.
     */
    public InboundResults(Map<String, ResultChannel> channels, IdempotentReceiver receiver, Outbox outbox,
                          IdentityDomains domains, VisitRecorder visits, Tally tally) {
        this.channels = channels;
        this.receiver = receiver;
        this.outbox = outbox;
        this.domains = domains;
        this.visits = visits;
        this.tally = tally;
    }

    /** Whether a translation channel is configured for this sender (MSH-3, MSH-4). */
    public boolean hasChannel(String application, String facility) {
        return channels.containsKey(application + "^" + facility);
    }

    public Answer accept(InboundMessage inbound) throws HL7Exception {
        Message request;
        try {
            request = PARSER.parse(inbound.raw());
        } catch (RuntimeException e) {
            // HAPI's parser can fail with a ClassCastException on structures it does not expect
            throw new HL7Exception("The message cannot be parsed as " + inbound.messageType(), ErrorCode.DATA_TYPE_ERROR);
        }
        String orderingKey;
        String kind;
        Runnable facts = () -> { };
        try {
            var channel = channels.get(inbound.sendingApplication() + "^" + inbound.sendingFacility());
            if (channel == null) {
                throw new HL7Exception("No result channel is configured for " + inbound.sendingApplication() + "^"
                        + inbound.sendingFacility(), ErrorCode.UNKNOWN_KEY_IDENTIFIER);
            }
            ResultChannel.Kind translation;
            if (NOTE.equals(inbound.messageType())) {
                var note = MdmParser.parse(inbound.raw());
                if (note.patientIdentifier() == null || note.patientIdentifier().isBlank()) {
                    throw new HL7Exception("Patient identifier (PID-3) missing", ErrorCode.REQUIRED_FIELD_MISSING);
                }
                orderingKey = note.sendingFacility() + "|" + note.documentNumber();
                translation = ResultChannel.Kind.NOTE;
                kind = NOTE;
            } else if (DISCHARGE.equals(inbound.messageType())) {
                var discharge = AdtParser.parse(inbound.raw());
                orderingKey = discharge.sendingFacility() + "|" + discharge.patientIdentifier();
                translation = ResultChannel.Kind.DISCHARGE;
                kind = DISCHARGE;
                facts = dischargeFacts(discharge, channel, request);
            } else {
                var report = OruParser.parse(inbound.raw());
                if (report.patientIdentifiers().isEmpty() || report.patientIdentifiers().get(0).isBlank()) {
                    throw new HL7Exception("Patient identifier (PID-3) missing", ErrorCode.REQUIRED_FIELD_MISSING);
                }
                orderingKey = report.orderKey();
                var exam = report.exam() || channel.allows(ResultChannel.Kind.EXAM) && !channel.allows(ResultChannel.Kind.LAB);
                if (exam && report.observations().stream().allMatch(o -> o.value() == null)) {
                    throw new HL7Exception("Exam report without any report text in OBX-5", ErrorCode.REQUIRED_FIELD_MISSING);
                }
                translation = exam ? ResultChannel.Kind.EXAM : ResultChannel.Kind.LAB;
                kind = exam ? EXAM : RESULT;
                if (!exam) {
                    facts = () -> countLabResults(report);
                }
            }
            if (!channel.allows(translation)) {
                var refused = new HL7Exception("Channel " + channel.key() + " is not configured for " + translation.configName
                        + " translations (it allows " + channel.translations().stream().map(k -> k.configName).sorted().toList()
                        + ")", ErrorCode.UNSUPPORTED_MESSAGE_TYPE);
                refused.setSegmentName("MSH");
                refused.setSegmentRepetition(1);
                refused.setFieldPosition(9);
                throw refused;
            }
        } catch (HL7Exception e) {
            return new Answer(ack(request, AcknowledgmentCode.AE, e), false);
        } catch (RuntimeException e) {
            // HAPI reads a segment of unexpected shape as generic fields (Varies), which our readers then cannot
            // use: the content is not the result or note the message type promises
            var error = new HL7Exception("The message cannot be read as " + inbound.messageType() + ": a segment "
                    + "or field does not have the structure of HL7 v2.5", ErrorCode.DATA_TYPE_ERROR);
            return new Answer(ack(request, AcknowledgmentCode.AE, error), false);
        }
        var key = orderingKey;
        var queued = kind;
        var recorded = facts;
        var ack = receiver.receive(inbound, () -> {
            outbox.enqueue(DESTINATION, queued, key, inbound.raw());
            recorded.run();
            return ack(request, AcknowledgmentCode.AA, null);
        }).response();
        return new Answer(ack, true);
    }

    /** One count per observation on its day (OBR-7, else MSH-7); abnormal per OBX-8 (table 0078). */
    private void countLabResults(LabReport report) {
        var day = Tally.day(report.observationTime() != null ? report.observationTime() : report.messageTime());
        for (var o : report.observations()) {
            if (o.code() == null || o.code().isBlank()) {
                continue;
            }
            tally.count(Measure.LAB_RESULTS, day, report.sendingFacility(), o.code());
            var flag = o.abnormalFlag() == null ? "" : o.abnormalFlag().trim();
            if (!flag.isEmpty() && !flag.equalsIgnoreCase("N")) {
                tally.count(Measure.ABNORMAL_LAB_RESULTS, day, report.sendingFacility(), o.code());
            }
        }
    }

    /**
     * The discharge's visit (at PV1-45, else EVN-2, else MSH-7: HL7 v2.5 3.3.3) with its diagnoses, and one count per DG1-3 code;
     * nothing when the patient's domain is unknown (the translation reports that later, as for any discharge).
     */
    private Runnable dischargeFacts(Discharge discharge, ResultChannel channel, Message request) throws HL7Exception {
        if (domains == null || discharge.patientIdentifier() == null || discharge.patientIdentifier().isBlank()) {
            return () -> { };
        }
        org.qiao.pix.Identifier patient;
        try {
            patient = channel.patientIdentifier(discharge.patientIdentifier(), domains);
        } catch (IllegalStateException e) {
            return () -> { };
        }
        var time = discharge.discharged();
        if (time == null || time.isBlank()) {
            try {
                time = Terser.get((Segment) request.get("EVN"), 2, 0, 1, 1);
            } catch (HL7Exception e) {
                time = null; // no EVN segment
            }
        }
        if (time == null || time.isBlank()) {
            time = Terser.get((Segment) request.get("MSH"), 7, 0, 1, 1);
        }
        var at = time;
        var diagnoses = discharge.diagnoses().stream().filter(d -> d.code() != null)
                .map(d -> d.code() + (d.text() == null ? "" : "^" + d.text())).collect(java.util.stream.Collectors.joining("~"));
        return () -> {
            visits.record(new VisitRecorder.Reported(patient, Visit.Kind.DISCHARGE, at, discharge.sendingFacility(),
                    "I", discharge.visitNumber(), null, discharge.attending(), diagnoses, discharge.controlId()));
            for (var d : discharge.diagnoses()) {
                if (d.code() != null && !d.code().isBlank()) {
                    tally.count(Measure.DISCHARGE_DIAGNOSES, Tally.day(at), discharge.sendingFacility(), d.code());
                }
            }
        };
    }

    private static String ack(Message request, AcknowledgmentCode code, HL7Exception error) {
        try {
            var ack = error == null ? request.generateACK() : request.generateACK(code, error);
            var charset = Terser.get((Segment) request.get("MSH"), 18, 0, 1, 1);
            if (charset != null && !charset.isEmpty()) {
                Terser.set((Segment) ack.get("MSH"), 18, 0, 1, 1, charset);
            }
            return ack.encode();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot build acknowledgement", e);
        }
    }
}
