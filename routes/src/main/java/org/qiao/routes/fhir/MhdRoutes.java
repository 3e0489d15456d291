package org.qiao.routes.fhir;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.hl7.fhir.r4.model.Binary;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Reference;
import org.openehealth.ipf.commons.audit.AuditContext;
import org.openehealth.ipf.commons.audit.codes.EventOutcomeIndicator;
import org.openehealth.ipf.commons.ihe.fhir.Constants;
import org.openehealth.ipf.commons.ihe.fhir.iti66.Iti66ListSearchParameters;
import org.openehealth.ipf.commons.ihe.fhir.iti67.Iti67SearchParameters;
import org.openehealth.ipf.commons.ihe.fhir.iti68.Iti68ServerAuditStrategy;
import org.openehealth.ipf.commons.ihe.fhir.mhd.MhdProfile;
import org.qiao.fhir.mhd.MobileDocumentService;
import org.springframework.stereotype.Component;

import java.util.Set;

/**
 * IHE MHD 4.2.1 doors on the FHIR base /fhir (IPF FHIR components of {@link MhdConfig}):
 * <ul>
 *   <li>ITI-65 Provide Document Bundle: POST /fhir (transaction Bundle) → {@link MobileDocumentService#provide}</li>
 *   <li>ITI-66 Find Document Lists: /fhir/List → {@link MobileDocumentService#findLists}</li>
 *   <li>ITI-67 Find Document References: /fhir/DocumentReference → {@link MobileDocumentService#findDocumentReferences}</li>
 *   <li>ITI-68 Retrieve Document: GET /fhir/Binary/{id} → {@link MobileDocumentService#retrieve}</li>
 * </ul>
 */
@Component
public class MhdRoutes extends RouteBuilder {

    /** The Provide Bundle profiles of MHD 4.2.1 and the 3.x ones IPF still accepts (ITI TF-2 3.65.4.1.2). */
    private static final Set<String> PROVIDE_PROFILES = Set.of(
            MhdProfile.ITI65_COMPREHENSIVE_BUNDLE.getUrl(), MhdProfile.ITI65_MINIMAL_BUNDLE.getUrl(),
            MhdProfile.ITI65_UNCONTAINED_COMPREHENSIVE_BUNDLE.getUrl(),
            "http://ihe.net/fhir/StructureDefinition/IHE_MHD_Provide_Comprehensive_DocumentBundle",
            "http://ihe.net/fhir/StructureDefinition/IHE_MHD_Provide_Minimal_DocumentBundle");

    private final MobileDocumentService documents;
    private final AuditContext auditContext;

    public MhdRoutes(MobileDocumentService documents, AuditContext auditContext) {
        this.documents = documents;
        this.auditContext = auditContext;
    }

    @Override
    public void configure() {
        from("mhd-iti65:iti65" + FhirConfig.ENDPOINT)
                .routeId("iti65")
                .errorHandler(noErrorHandler())
                .process(e -> {
                    var bundle = e.getIn().getBody(Bundle.class);
                    if (bundle.getMeta().getProfile().stream().map(CanonicalType::getValue).noneMatch(PROVIDE_PROFILES::contains)) {
                        throw new InvalidRequestException("ITI-65: Bundle.meta.profile must name an MHD Provide"
                                + " Document Bundle profile, e.g. " + MhdProfile.ITI65_COMPREHENSIVE_BUNDLE.getUrl());
                    }
                    e.getMessage().setBody(documents.provide(bundle));
                });

        from("mhd-iti66:iti66" + FhirConfig.ENDPOINT)
                .routeId("iti66")
                .errorHandler(noErrorHandler())
                .process(e -> {
                    if (e.getIn().getBody() instanceof IdType id) {
                        e.getMessage().setBody(documents.list(id.getIdPart()));
                    } else {
                        e.getMessage().setBody(documents.findLists(
                                e.getIn().getHeader(Constants.FHIR_REQUEST_PARAMETERS, Iti66ListSearchParameters.class)));
                    }
                });

        from("mhd-iti67:iti67" + FhirConfig.ENDPOINT)
                .routeId("iti67")
                .errorHandler(noErrorHandler())
                .process(e -> {
                    if (e.getIn().getBody() instanceof IdType id) {
                        e.getMessage().setBody(documents.documentReference(id.getIdPart(), base(e)));
                    } else {
                        e.getMessage().setBody(documents.findDocumentReferences(
                                e.getIn().getHeader(Constants.FHIR_REQUEST_PARAMETERS, Iti67SearchParameters.class), base(e)));
                    }
                });

        // audited here rather than by IPF's interceptor, which would not know the document or the patient
        from("mhd-iti68:iti68?audit=false&fhirContext=#fhirContext")
                .routeId("iti68")
                .errorHandler(noErrorHandler())
                .process(e -> {
                    var id = e.getIn().getBody(IdType.class);
                    MobileDocumentService.RetrievedDocument found = null;
                    try {
                        found = documents.retrieve(id.getIdPart());
                        var binary = new Binary();
                        binary.setId(id.getIdPart());
                        binary.setContentType(found.mimeType());
                        binary.setData(found.bytes());
                        binary.setSecurityContext(new Reference("DocumentReference/" + id.getIdPart()));
                        e.getMessage().setBody(binary);
                    } finally {
                        auditRetrieve(e, found);
                    }
                });
    }

    /** The FHIR base the client used, for the documents' attachment URLs. */
    private static String base(Exchange e) {
        return e.getIn().getHeader(Constants.FHIR_REQUEST_DETAILS, RequestDetails.class).getFhirServerBase();
    }

    /** IPF's ITI-68 audit event (BALP PHI export, EventTypeCode ITI-68) with the document and its patient. */
    private void auditRetrieve(Exchange e, MobileDocumentService.RetrievedDocument found) {
        var strategy = new Iti68ServerAuditStrategy();
        var dataset = strategy.createAuditDataset();
        dataset.setSourceUserId("unknown");
        dataset.setDestinationUserId(e.getIn().getHeader(Constants.HTTP_URL, String.class));
        dataset.setRemoteAddress(e.getIn().getHeader(Constants.HTTP_CLIENT_IP_ADDRESS, String.class));
        if (found != null) {
            dataset.getPatientIds().add(found.patient());
            dataset.setDocumentUniqueId(found.uniqueId());
            dataset.setRepositoryUniqueId(found.repositoryUniqueId());
        }
        dataset.setEventOutcomeIndicator(found != null ? EventOutcomeIndicator.Success : EventOutcomeIndicator.MajorFailure);
        strategy.doAudit(auditContext, dataset);
    }
}
