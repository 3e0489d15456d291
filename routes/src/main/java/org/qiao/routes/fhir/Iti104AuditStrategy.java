package org.qiao.routes.fhir;

import ca.uhn.fhir.rest.api.MethodOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.openehealth.ipf.commons.audit.AuditContext;
import org.openehealth.ipf.commons.audit.codes.EventActionCode;
import org.openehealth.ipf.commons.audit.model.AuditMessage;
import org.openehealth.ipf.commons.audit.types.EventType;
import org.openehealth.ipf.commons.ihe.core.atna.event.DefaultPatientRecordEventBuilder;
import org.openehealth.ipf.commons.ihe.fhir.Constants;
import org.openehealth.ipf.commons.ihe.fhir.audit.FhirAuditDataset;
import org.openehealth.ipf.commons.ihe.fhir.audit.FhirAuditStrategy;
import org.qiao.fhir.pixm.PixmFeedParameters;

import java.util.Map;

/**
 * The ATNA event of an ITI-104 Patient Identity Feed FHIR at the PIX Manager. IPF 5.1.0 has none, so it is ITI-8's
 * shape (IPF's Iti8AuditStrategy; ITI TF-2a 3.8.5.1.2): EventID 110110 Patient Record, EventTypeCode ITI-104
 * "Patient Identity Feed FHIR"; action C for a patient the feed created, U for an update (and for a refused
 * request, whose effect is unknown); a merge (Patient.link replaced-by) is two events as an A40 is: D for the
 * retired identifier and U for the survivor. Patient ids are CX ({@code value^^^&oid&ISO}), as IPF's patient
 * record events require.
 */
public class Iti104AuditStrategy extends FhirAuditStrategy<Iti104AuditStrategy.Iti104AuditDataset> {

    public static final EventType PATIENT_IDENTITY_FEED_FHIR =
            EventType.of("ITI-104", "urn:ihe:event-type-code", "Patient Identity Feed FHIR");

    private final String regionalOid;

    /** @param regionalOid the affinity domain's OID, for a survivor named as {@code Patient/<regional id>} */
    public Iti104AuditStrategy(String regionalOid) {
        super(true);
        this.regionalOid = regionalOid;
    }

    /** What an ITI-104 event tells: the fed patient, the survivor of a merge, and whether the feed created it. */
    public static class Iti104AuditDataset extends FhirAuditDataset {
        String fedPatient;
        String survivor;
        boolean merge;
        boolean created;

        public Iti104AuditDataset(boolean serverSide) {
            super(serverSide);
        }
    }

    @Override
    public Iti104AuditDataset createAuditDataset() {
        return new Iti104AuditDataset(isServerSide());
    }

    @Override
    public Iti104AuditDataset enrichAuditDatasetFromRequest(Iti104AuditDataset dataset, Object request,
                                                            Map<String, Object> parameters) {
        var enriched = super.enrichAuditDatasetFromRequest(dataset, request, parameters);
        if (parameters.get(Constants.FHIR_REQUEST_PARAMETERS) instanceof PixmFeedParameters feed) {
            feed.getPatientIdParam().stream().findFirst()
                    .ifPresent(t -> enriched.fedPatient = cx(t.getSystem(), t.getValue()));
        }
        if (request instanceof Patient patient) {
            patient.getLink().stream().filter(l -> l.getType() == Patient.LinkType.REPLACEDBY).findFirst()
                    .ifPresent(link -> {
                        enriched.merge = true;
                        var other = link.getOther();
                        if (other.hasIdentifier()) {
                            enriched.survivor = cx(other.getIdentifier().getSystem(), other.getIdentifier().getValue());
                        } else if (other.getReference() != null && other.getReference().contains("Patient/")) {
                            var ref = other.getReference();
                            enriched.survivor = cx(regionalOid, ref.substring(ref.lastIndexOf('/') + 1));
                        }
                    });
        }
        return enriched;
    }

    @Override
    public boolean enrichAuditDatasetFromResponse(Iti104AuditDataset dataset, Object response, AuditContext context) {
        if (response instanceof MethodOutcome outcome) {
            dataset.created = Boolean.TRUE.equals(outcome.getCreated());
            return true;
        }
        return super.enrichAuditDatasetFromResponse(dataset, response, context);
    }

    @Override
    public AuditMessage[] makeAuditMessage(AuditContext auditContext, Iti104AuditDataset dataset) {
        if (dataset.merge) {
            return new AuditMessage[] {
                    event(auditContext, dataset, EventActionCode.Delete, dataset.fedPatient),
                    event(auditContext, dataset, EventActionCode.Update, dataset.survivor)};
        }
        return new AuditMessage[] {event(auditContext, dataset,
                dataset.created ? EventActionCode.Create : EventActionCode.Update, dataset.fedPatient)};
    }

    private static AuditMessage event(AuditContext context, Iti104AuditDataset dataset, EventActionCode action,
                                      String patient) {
        // no message id to name (ITI-8 gives MSH-10): the patient alone
        return new DefaultPatientRecordEventBuilder(context, dataset, action, PATIENT_IDENTITY_FEED_FHIR)
                .addPatients(null, null, patient)
                .getMessage();
    }

    /** An identifier as an HL7 v2 CX with an ISO universal id: {@code value^^^&oid&ISO}; null without a value. */
    static String cx(String system, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        var oid = system == null ? "" : system.replaceFirst("^(?i)urn:oid:", "");
        return value + "^^^&" + oid + "&ISO";
    }
}
