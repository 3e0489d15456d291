package org.qiao.routes.audit;

import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.util.Terser;
import org.openehealth.ipf.commons.audit.AuditContext;
import org.openehealth.ipf.commons.audit.codes.EventActionCode;
import org.openehealth.ipf.commons.audit.codes.EventOutcomeIndicator;
import org.openehealth.ipf.commons.audit.codes.EventTypeCode;
import org.openehealth.ipf.commons.audit.event.PatientRecordBuilder;
import org.openehealth.ipf.commons.audit.event.SecurityAlertBuilder;
import org.openehealth.ipf.commons.audit.types.EventType;
import org.openehealth.ipf.commons.ihe.hl7v2.audit.iti10.Iti10AuditStrategy;
import org.openehealth.ipf.commons.ihe.hl7v2.audit.iti30.Iti30AuditStrategy;
import org.qiao.routes.security.tls.NodeAuthenticationListener;
import org.qiao.routes.security.tls.TlsContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import java.security.cert.X509Certificate;
import java.util.ArrayList;

/**
 * ATNA events that IPF's endpoints cannot see by themselves: certificates refused by our own trust manager
 * (HTTP and syslog doors; IPF audits the MLLP door's handshakes itself) and ITI-10 notifications, which leave
 * through Qiao's outbox rather than an IPF producer, ITI-30 messages, which Qiao's own door answers (see
 * PatientAdministrationDoor), and operators' decisions on the patient index.
 */
@Component
public class AuditEvents implements NodeAuthenticationListener {

    private static final Logger log = LoggerFactory.getLogger(AuditEvents.class);

    private final AuditContext audit;
    private final HapiContext hapi;

    public AuditEvents(AuditContext audit, HapiContext hapi, ObjectProvider<TlsContext> tls) {
        this.audit = audit;
        this.hapi = hapi;
        tls.ifAvailable(t -> t.setListener(this));
    }

    /** DICOM Security Alert (110113) with event type Node Authentication (110126), peer as alert subject. */
    @Override
    public void refused(String door, String peer, X509Certificate[] chain, String reason) {
        var subject = chain.length > 0 ? chain[0].getSubjectX500Principal().getName() : "no certificate";
        log.warn("{} door refused TLS peer {} ({}): {}", door, peer, subject, reason);
        if (!audit.isAuditEnabled()) {
            return;
        }
        audit.audit(new SecurityAlertBuilder(EventOutcomeIndicator.SeriousFailure,
                door + " node authentication failed for " + subject + ": " + reason, EventTypeCode.NodeAuthentication)
                .setAuditSource(audit)
                .addReportingActiveParticipant("Qiao " + door, null, null, null, null, false)
                .addAlertUriSubjectParticipantObject(peer, null, null)
                .getMessage());
    }

    /**
     * ITI-30 as the Patient Demographics Supplier / PIX Manager (the receiving side): IPF's strategy makes the
     * Patient Record events (A40 gives two: the retired id deleted, the survivor updated). The dataset is
     * filled here because IPF's own filler needs its Groovy HL7 DSL.
     */
    public void patientAdministration(ca.uhn.hl7v2.model.Message message, String remoteAddress, boolean success) {
        if (!audit.isAuditEnabled()) {
            return;
        }
        try {
            var terser = new Terser(message);
            var strategy = new Iti30AuditStrategy(true);
            var dataset = strategy.createAuditDataset();
            dataset.setSendingApplication(terser.get("MSH-3-1"));
            dataset.setSendingFacility(terser.get("MSH-4-1"));
            dataset.setReceivingApplication(terser.get("MSH-5-1"));
            dataset.setReceivingFacility(terser.get("MSH-6-1"));
            dataset.setMessageType(terser.get("MSH-9-2"));
            dataset.setMessageControlId(terser.get("MSH-10"));
            dataset.setRemoteAddress(remoteAddress);
            dataset.setPatientId(repetitions(message, "PID", 3));
            if ("A40".equals(terser.get("MSH-9-2"))) {
                dataset.setOldPatientId(repetitions(message, "MRG", 1));
            }
            dataset.setEventOutcomeIndicator(success ? EventOutcomeIndicator.Success : EventOutcomeIndicator.SeriousFailure);
            for (var record : strategy.makeAuditMessage(audit, dataset)) {
                audit.audit(record);
            }
        } catch (Exception e) {
            log.warn("ITI-30 message could not be audited: {}", e.toString());
        }
    }

    /** The repetitions of a field of the first segment so named (in any group), encoded as IPF does: ~-joined. */
    private static String repetitions(ca.uhn.hl7v2.model.Message message, String segment, int field)
            throws ca.uhn.hl7v2.HL7Exception {
        var finder = new ca.uhn.hl7v2.util.SegmentFinder(message);
        ca.uhn.hl7v2.model.Segment found;
        try {
            found = finder.findSegment(segment, 0);
        } catch (ca.uhn.hl7v2.HL7Exception none) {
            return null;
        }
        var parts = new ArrayList<String>();
        for (var rep : found.getField(field)) {
            parts.add(rep.encode());
        }
        return parts.isEmpty() ? null : String.join("~", parts);
    }

    /** Event type of an operator's decision on the patient index (link, keep apart, undo); no IHE code fits. */
    public static final EventType PIX_DECISION = EventType.of("PIX-DECISION", "Qiao", "Patient index decision");

    /**
     * An operator's decision on the patient index (review link or separation, undo of a link event): a
     * Patient Record Update event naming the operator and, when it succeeded, the person's regional id.
     */
    public void operatorDecision(String user, String decision, boolean success, String patientId) {
        if (!audit.isAuditEnabled()) {
            return;
        }
        try {
            var builder = new PatientRecordBuilder(success ? EventOutcomeIndicator.Success
                    : EventOutcomeIndicator.MinorFailure, decision, EventActionCode.Update, PIX_DECISION)
                    .setAuditSource(audit)
                    .addActiveParticipant(user, null, user, true, null, null);
            if (patientId != null) {
                builder.addPatient(patientId, null, null);
            }
            audit.audit(builder.getMessage());
        } catch (Exception e) {
            log.warn("Decision '{}' of {} could not be audited: {}", decision, user, e.toString());
        }
    }

    /** Event type of a person reading a resident's record in the console; no IHE transaction applies. */
    public static final EventType RECORD_READ = EventType.of("RECORD-READ", "Qiao", "Resident record read");

    /**
     * A user read a resident's record (the resident page, its timeline, a document) in the console: a Patient
     * Record event (DICOM 110110) with action Read, the user as the active participant, the regional id as the
     * patient (DICOM PS3.15 A.5.3.12), so the audit trail answers "who looked at this resident".
     */
    public void recordRead(String user, String what, String regionalId, String remoteAddress) {
        if (!audit.isAuditEnabled()) {
            return;
        }
        try {
            var builder = new PatientRecordBuilder(EventOutcomeIndicator.Success, what, EventActionCode.Read,
                    RECORD_READ).setAuditSource(audit)
                    .addActiveParticipant(user, null, user, true, null, remoteAddress);
            builder.addPatient(regionalId, null, null);
            audit.audit(builder.getMessage());
        } catch (Exception e) {
            log.warn("Reading of {} by {} could not be audited: {}", regionalId, user, e.toString());
        }
    }

    /** ITI-10 as the PIX Manager (the sending side): Patient Record event, the notified patient ids. */
    public void pixUpdateNotification(String subscriberAddress, String payload, boolean delivered) {
        if (!audit.isAuditEnabled()) {
            return;
        }
        try {
            var message = hapi.getPipeParser().parse(payload);
            var terser = new Terser(message);
            var strategy = new Iti10AuditStrategy(false);
            var dataset = strategy.createAuditDataset();
            dataset.setSendingApplication(terser.get("MSH-3-1"));
            dataset.setSendingFacility(terser.get("MSH-4-1"));
            dataset.setReceivingApplication(terser.get("MSH-5-1"));
            dataset.setReceivingFacility(terser.get("MSH-6-1"));
            dataset.setMessageType(terser.get("MSH-9-1") + "^" + terser.get("MSH-9-2"));
            dataset.setMessageControlId(terser.get("MSH-10"));
            dataset.setRemoteAddress(subscriberAddress);
            var ids = new ArrayList<String>();
            var pid3 = ((ca.uhn.hl7v2.model.Segment) message.get("PID")).getField(3);
            for (var cx : pid3) {
                ids.add(cx.encode());
            }
            dataset.setPatientIds(ids.toArray(String[]::new));
            dataset.setEventOutcomeIndicator(delivered ? EventOutcomeIndicator.Success : EventOutcomeIndicator.SeriousFailure);
            audit.audit(strategy.makeAuditMessage(audit, dataset));
        } catch (Exception e) {
            log.warn("ITI-10 to {} could not be audited: {}", subscriberAddress, e.toString());
        }
    }
}
