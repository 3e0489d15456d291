package org.qiao.routes.fhir;

import org.apache.camel.builder.RouteBuilder;
import org.hl7.fhir.r4.model.IdType;
import org.openehealth.ipf.commons.ihe.fhir.Constants;
import org.qiao.fhir.pdqm.PdqmSearchParameters;
import org.qiao.fhir.pdqm.PdqmService;
import org.springframework.stereotype.Component;

/**
 * IHE PDQm door on the FHIR base /fhir (the IPF FHIR component of {@link PdqmConfig}), audited by IPF:
 * ITI-78 Mobile Patient Demographics Query, a Patient search (→ {@link PdqmService#search}, the whole answer, which
 * IPF's bundle provider pages) or a read by the regional id (→ {@link PdqmService#read}).
 */
@Component
public class PdqmRoutes extends RouteBuilder {

    private final PdqmService pdqm;

    public PdqmRoutes(PdqmService pdqm) {
        this.pdqm = pdqm;
    }

    @Override
    public void configure() {
        from("pdqm-iti78:iti78" + FhirConfig.ENDPOINT)
                .routeId("iti78")
                .errorHandler(noErrorHandler())
                .process(e -> {
                    if (e.getIn().getBody() instanceof IdType id) {
                        e.getMessage().setBody(pdqm.read(id.getIdPart()));
                    } else {
                        e.getMessage().setBody(pdqm.search(
                                e.getIn().getHeader(Constants.FHIR_REQUEST_PARAMETERS, PdqmSearchParameters.class)));
                    }
                });
    }
}
