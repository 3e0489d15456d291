package org.qiao.routes.fhir;

import ca.uhn.fhir.context.FhirContext;
import org.openehealth.ipf.commons.ihe.fhir.FhirTransactionConfiguration;
import org.openehealth.ipf.commons.ihe.fhir.FhirTransactionValidator;
import org.openehealth.ipf.commons.ihe.fhir.audit.FhirQueryAuditDataset;
import org.openehealth.ipf.platform.camel.ihe.fhir.core.custom.CustomFhirComponent;
import org.qiao.fhir.pixm.PatientResources;
import org.qiao.fhir.pixm.PixmFeedService;
import org.qiao.fhir.pixm.PixmQueryService;
import org.qiao.pix.IdentityDomains;
import org.qiao.pix.PersonIndexStore;
import org.qiao.pix.PixManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * IHE PIXm 3.0 Patient Identifier Cross-reference Manager on the FHIR base: one IPF FHIR component per transaction
 * (the bean name is the Camel scheme), each with its own provider and audit strategy on the shared FhirContext.
 * A provider serves one endpoint only (IPF refuses a second consumer), so each is built here, per bean.
 */
@Configuration
public class PixmConfig {

    @Bean
    PatientResources patientResources(IdentityDomains domains, PersonIndexStore index) {
        return new PatientResources(domains, index);
    }

    @Bean
    PixmQueryService pixmQueryService(PixManager pix, PatientResources patients) {
        return new PixmQueryService(pix, patients);
    }

    @Bean
    PixmFeedService pixmFeedService(PixManager pix, PersonIndexStore index, PatientResources patients,
                                    TransactionTemplate tx) {
        return new PixmFeedService(pix, index, patients, tx);
    }

    /** ITI-83 Mobile Patient Identifier Cross-reference Query: GET /fhir/Patient/$ihe-pix. */
    @Bean("pixm-iti83")
    CustomFhirComponent<FhirQueryAuditDataset> iti83(FhirContext context) {
        return new CustomFhirComponent<>(new FhirTransactionConfiguration<>("pixm-iti83",
                "Mobile Patient Identifier Cross-reference Query", true, null, new Iti83AuditStrategy(), context,
                new PixmQueryProvider(), null, FhirTransactionValidator.NO_VALIDATION));
    }

    /** ITI-104 Patient Identity Feed FHIR: PUT /fhir/Patient?identifier=urn:oid:…|… */
    @Bean("pixm-iti104")
    CustomFhirComponent<Iti104AuditStrategy.Iti104AuditDataset> iti104(FhirContext context, IdentityDomains domains) {
        return new CustomFhirComponent<>(new FhirTransactionConfiguration<>("pixm-iti104",
                "Patient Identity Feed FHIR", false, null, new Iti104AuditStrategy(domains.affinityDomain().oid()),
                context, new PixmFeedProvider(), null, FhirTransactionValidator.NO_VALIDATION));
    }
}
