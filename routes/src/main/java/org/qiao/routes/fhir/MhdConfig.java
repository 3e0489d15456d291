package org.qiao.routes.fhir;

import ca.uhn.fhir.context.FhirContext;
import org.openehealth.ipf.commons.ihe.fhir.BatchTransactionResourceProvider;
import org.openehealth.ipf.commons.ihe.fhir.FhirTransactionConfiguration;
import org.openehealth.ipf.commons.ihe.fhir.FhirTransactionValidator;
import org.openehealth.ipf.commons.ihe.fhir.audit.FhirAuditDataset;
import org.openehealth.ipf.commons.ihe.fhir.audit.FhirQueryAuditDataset;
import org.openehealth.ipf.commons.ihe.fhir.iti65.Iti65AuditDataset;
import org.openehealth.ipf.commons.ihe.fhir.iti65.Iti65ClientAuditStrategy;
import org.openehealth.ipf.commons.ihe.fhir.iti65.Iti65ServerAuditStrategy;
import org.openehealth.ipf.commons.ihe.fhir.iti66.Iti66AuditStrategy;
import org.openehealth.ipf.commons.ihe.fhir.iti66.Iti66ListResourceProvider;
import org.openehealth.ipf.commons.ihe.fhir.iti67.Iti67AuditStrategy;
import org.openehealth.ipf.commons.ihe.fhir.iti67.Iti67ResourceProvider;
import org.openehealth.ipf.commons.ihe.fhir.iti68bin.Iti68BinaryResourceProvider;
import org.openehealth.ipf.commons.ihe.fhir.iti68bin.Iti68BinaryServerAuditStrategy;
import org.openehealth.ipf.platform.camel.ihe.fhir.core.custom.CustomFhirComponent;
import org.qiao.fhir.mhd.MobileDocumentService;
import org.qiao.pix.IdentityDomains;
import org.qiao.pix.PixManager;
import org.qiao.registry.DocumentRegistry;
import org.qiao.repository.DocumentRepository;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * IHE MHD 4.2.1 Document Recipient and Responder: one IPF FHIR component per transaction, each with IPF's MHD
 * provider and audit strategy (the configuration IPF's own, unserved, Camel MHD component would use), on the
 * shared FhirContext. Each configuration and provider is built here, per application context: IPF's ready-made
 * ones are JVM-wide singletons bound to one context.
 */
@Configuration
public class MhdConfig {

    @Bean
    MobileDocumentService mobileDocumentService(DocumentRegistry registry, DocumentRepository repository,
                                                PixManager pix, IdentityDomains domains) {
        return new MobileDocumentService(registry, repository, pix, domains);
    }

    /** ITI-65 Provide Document Bundle: POST /fhir with a transaction Bundle. */
    @Bean("mhd-iti65")
    CustomFhirComponent<Iti65AuditDataset> iti65(FhirContext context) {
        var configuration = new FhirTransactionConfiguration<>("mhd-iti65", "Provide Document Bundle", false,
                new Iti65ClientAuditStrategy(), new ProvideAuditStrategy(), context,
                new BatchTransactionResourceProvider() { }, null, FhirTransactionValidator.NO_VALIDATION);
        // every transaction Bundle reaches the route, which refuses one without an MHD profile in words
        // (IPF's selector answers "no matching consumer")
        configuration.setStaticConsumerSelector(request -> true);
        return new CustomFhirComponent<>(configuration);
    }

    /** ITI-66 Find Document Lists: GET|POST /fhir/List?patient.identifier=…, read List/{id}. */
    @Bean("mhd-iti66")
    CustomFhirComponent<FhirQueryAuditDataset> iti66(FhirContext context) {
        return new CustomFhirComponent<>(new FhirTransactionConfiguration<>("mhd-iti66", "Find Document Lists", true,
                new Iti66AuditStrategy(false), new Iti66AuditStrategy(true), context, new Iti66ListResourceProvider(),
                null, FhirTransactionValidator.NO_VALIDATION));
    }

    /** ITI-67 Find Document References: GET|POST /fhir/DocumentReference?patient.identifier=…, read by id. */
    @Bean("mhd-iti67")
    CustomFhirComponent<FhirQueryAuditDataset> iti67(FhirContext context) {
        return new CustomFhirComponent<>(new FhirTransactionConfiguration<>("mhd-iti67", "Find Document References",
                true, new Iti67AuditStrategy(false), new Iti67AuditStrategy(true), context, new Iti67ResourceProvider(),
                null, FhirTransactionValidator.NO_VALIDATION));
    }

    /**
     * ITI-68 Retrieve Document: GET /fhir/Binary/{id} (the attachment URL of DocumentReference/{id}); the bytes
     * with their mime type unless FHIR is asked for. Audited by the route, which knows the document and patient.
     */
    @Bean("mhd-iti68")
    CustomFhirComponent<FhirAuditDataset> iti68(FhirContext context) {
        return new CustomFhirComponent<>(new FhirTransactionConfiguration<>("mhd-iti68", "Retrieve Document", false,
                null, new Iti68BinaryServerAuditStrategy(), context, new Iti68BinaryResourceProvider(), null,
                FhirTransactionValidator.NO_VALIDATION));
    }

    /**
     * IPF's ITI-65 server audit, which finds the patient and submission set only in a List that declares the MHD
     * SubmissionSet profile; a List without it (the profile is optional on the List) is read here the same way.
     */
    static final class ProvideAuditStrategy extends Iti65ServerAuditStrategy {
        @Override
        public Iti65AuditDataset enrichAuditDatasetFromRequest(Iti65AuditDataset dataset, Object request,
                                                                java.util.Map<String, Object> parameters) {
            var enriched = super.enrichAuditDatasetFromRequest(dataset, request, parameters);
            if (enriched.getPatientIds().isEmpty() && request instanceof org.hl7.fhir.r4.model.Bundle bundle) {
                bundle.getEntry().stream().map(org.hl7.fhir.r4.model.Bundle.BundleEntryComponent::getResource)
                        .filter(org.hl7.fhir.r4.model.ListResource.class::isInstance)
                        .map(org.hl7.fhir.r4.model.ListResource.class::cast)
                        .filter(l -> l.getCode().getCoding().stream().anyMatch(c -> "submissionset".equals(c.getCode())))
                        .findFirst().ifPresent(l -> {
                            var subject = l.getSubject();
                            enriched.getPatientIds().add(subject.hasReference() ? subject.getReference()
                                    : subject.getIdentifier().getSystem() + "|" + subject.getIdentifier().getValue());
                            if (!l.getIdentifier().isEmpty()) {
                                enriched.setSubmissionSetUuid(l.getIdentifier().get(0).getValue());
                            }
                        });
            }
            return enriched;
        }
    }
}
