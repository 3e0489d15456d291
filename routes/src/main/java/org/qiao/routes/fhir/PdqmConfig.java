package org.qiao.routes.fhir;

import ca.uhn.fhir.context.FhirContext;
import org.openehealth.ipf.commons.ihe.fhir.FhirTransactionConfiguration;
import org.openehealth.ipf.commons.ihe.fhir.FhirTransactionValidator;
import org.openehealth.ipf.commons.ihe.fhir.audit.FhirQueryAuditDataset;
import org.openehealth.ipf.platform.camel.ihe.fhir.core.custom.CustomFhirComponent;
import org.qiao.fhir.pdqm.PdqmService;
import org.qiao.fhir.pixm.PatientResources;
import org.qiao.pdq.DemographicsSearchStore;
import org.qiao.pix.PersonIndexStore;
import org.qiao.routes.config.QiaoProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * IHE PDQm Patient Demographics Supplier on the FHIR base, on the patient index ITI-21 and ITI-47 answer from;
 * {@code qiao.pdq.max-results} bounds an answer as it does theirs.
 */
@Configuration
public class PdqmConfig {

    @Bean
    PdqmService pdqmService(DemographicsSearchStore search, PersonIndexStore index, PatientResources patients,
                            QiaoProperties properties) {
        return new PdqmService(search, index, patients, properties.getPdq().getMaxResults());
    }

    /** ITI-78 Mobile Patient Demographics Query: GET|POST /fhir/Patient?…, GET /fhir/Patient/{regional id}. */
    @Bean("pdqm-iti78")
    CustomFhirComponent<FhirQueryAuditDataset> iti78(FhirContext context) {
        return new CustomFhirComponent<>(new FhirTransactionConfiguration<>("pdqm-iti78",
                "Mobile Patient Demographics Query", true, null, new Iti78AuditStrategy(), context,
                new PdqmProvider(), null, FhirTransactionValidator.NO_VALIDATION));
    }
}
