package org.qiao.routes.fhir;

import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Parameters;
import org.openehealth.ipf.commons.audit.AuditContext;
import org.openehealth.ipf.commons.audit.model.AuditMessage;
import org.openehealth.ipf.commons.ihe.fhir.audit.FhirQueryAuditDataset;
import org.openehealth.ipf.commons.ihe.fhir.audit.FhirQueryAuditStrategy;
import org.openehealth.ipf.commons.ihe.fhir.audit.codes.FhirEventTypeCode;
import org.openehealth.ipf.commons.ihe.fhir.audit.codes.FhirParticipantObjectIdTypeCode;
import org.openehealth.ipf.commons.ihe.fhir.audit.events.BalpQueryInformationBuilder;
import org.qiao.fhir.pixm.PixmQueryService;

import java.util.Map;

/**
 * The ATNA event of an ITI-83 query at the PIX Manager, the shape IPF 5.1.0's (unserved) PIXm module writes (PIXm
 * ITI TF-2 2:3.83.5): EventID 110112 Query, action E, EventTypeCode ITI-83 "Mobile Patient Identifier
 * Cross-reference Query"; the patient is the sourceIdentifier ({@code system|value}); the query string as the
 * PIXmQuery participant object. A query without sourceIdentifier is audited too, without a patient (IPF's
 * strategy would throw and lose the event).
 */
public class Iti83AuditStrategy extends FhirQueryAuditStrategy {

    public Iti83AuditStrategy() {
        super(true);
    }

    @Override
    public FhirQueryAuditDataset enrichAuditDatasetFromRequest(FhirQueryAuditDataset dataset, Object request,
                                                               Map<String, Object> parameters) {
        var enriched = super.enrichAuditDatasetFromRequest(dataset, request, parameters);
        if (request instanceof Parameters in) {
            in.getParameter().stream()
                    .filter(p -> PixmQueryService.SOURCE_IDENTIFIER.equals(p.getName()))
                    .filter(p -> p.getValue() instanceof Identifier)
                    .map(p -> (Identifier) p.getValue())
                    .forEach(id -> enriched.getPatientIds().add(id.getSystem() + "|" + id.getValue()));
        }
        return enriched;
    }

    @Override
    public AuditMessage[] makeAuditMessage(AuditContext auditContext, FhirQueryAuditDataset dataset) {
        return new BalpQueryInformationBuilder(auditContext, dataset,
                FhirEventTypeCode.MobilePatientIdentifierCrossReferenceQuery)
                .addPatients(dataset.getPatientIds())
                .setQueryParameters("PIXmQuery", FhirParticipantObjectIdTypeCode.MobilePatientIdentifierCrossReferenceQuery,
                        dataset.getQueryString())
                .getMessages();
    }
}
