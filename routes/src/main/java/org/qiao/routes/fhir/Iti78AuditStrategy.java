package org.qiao.routes.fhir;

import org.hl7.fhir.r4.model.IdType;
import org.openehealth.ipf.commons.audit.AuditContext;
import org.openehealth.ipf.commons.audit.model.AuditMessage;
import org.openehealth.ipf.commons.ihe.fhir.audit.FhirQueryAuditDataset;
import org.openehealth.ipf.commons.ihe.fhir.audit.FhirQueryAuditStrategy;
import org.openehealth.ipf.commons.ihe.fhir.audit.codes.FhirEventTypeCode;
import org.openehealth.ipf.commons.ihe.fhir.audit.codes.FhirParticipantObjectIdTypeCode;
import org.openehealth.ipf.commons.ihe.fhir.audit.events.BalpQueryInformationBuilder;

import java.util.Map;

/**
 * The ATNA event of an ITI-78 query at the Patient Demographics Supplier, the shape IPF 5.1.0's (unserved) PDQm
 * module writes (PDQm ITI TF-2 2:3.78.5): EventID 110112 Query, action E, EventTypeCode ITI-78 "Mobile Patient
 * Demographics Query"; the patients of {@code _id} / {@code identifier} (a read: its id); the query string as the
 * MobilePatientDemographicsQuery participant object.
 */
public class Iti78AuditStrategy extends FhirQueryAuditStrategy {

    public Iti78AuditStrategy() {
        super(true);
    }

    @Override
    public FhirQueryAuditDataset enrichAuditDatasetFromRequest(FhirQueryAuditDataset dataset, Object request,
                                                               Map<String, Object> parameters) {
        var enriched = super.enrichAuditDatasetFromRequest(dataset, request, parameters);
        if (request instanceof IdType id) {
            enriched.getPatientIds().add(id.getValue());
        }
        return enriched;
    }

    @Override
    public AuditMessage[] makeAuditMessage(AuditContext auditContext, FhirQueryAuditDataset dataset) {
        return new BalpQueryInformationBuilder(auditContext, dataset, FhirEventTypeCode.MobilePatientDemographicsQuery)
                .addPatients(dataset.getPatientIds())
                .setQueryParameters("MobilePatientDemographicsQuery",
                        FhirParticipantObjectIdTypeCode.MobilePatientDemographicsQuery, dataset.getQueryString())
                .getMessages();
    }
}
