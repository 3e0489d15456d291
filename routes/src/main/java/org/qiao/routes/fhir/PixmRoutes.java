package org.qiao.routes.fhir;

import ca.uhn.fhir.rest.api.MethodOutcome;
import org.apache.camel.builder.RouteBuilder;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.openehealth.ipf.commons.ihe.fhir.Constants;
import org.qiao.fhir.pixm.PixmFeedParameters;
import org.qiao.fhir.pixm.PixmFeedService;
import org.qiao.fhir.pixm.PixmQueryService;
import org.springframework.stereotype.Component;

/**
 * IHE PIXm doors on the FHIR base /fhir (IPF FHIR components of {@link PixmConfig}), audited by IPF:
 * <ul>
 *   <li>ITI-83 Mobile Patient Identifier Cross-reference Query: GET /fhir/Patient/$ihe-pix →
 *       {@link PixmQueryService#query}</li>
 *   <li>ITI-104 Patient Identity Feed FHIR: PUT /fhir/Patient?identifier=… → {@link PixmFeedService#feed}:
 *       201 for a new patient, 200 for an update or a merge, with the person as a Patient</li>
 * </ul>
 */
@Component
public class PixmRoutes extends RouteBuilder {

    private final PixmQueryService query;
    private final PixmFeedService feed;

    public PixmRoutes(PixmQueryService query, PixmFeedService feed) {
        this.query = query;
        this.feed = feed;
    }

    @Override
    public void configure() {
        from("pixm-iti83:iti83" + FhirConfig.ENDPOINT)
                .routeId("iti83")
                .errorHandler(noErrorHandler())
                .process(e -> e.getMessage().setBody(query.query(e.getIn().getBody(Parameters.class))));

        from("pixm-iti104:iti104" + FhirConfig.ENDPOINT)
                .routeId("iti104")
                .errorHandler(noErrorHandler())
                .process(e -> {
                    var outcome = feed.feed(e.getIn().getHeader(Constants.FHIR_REQUEST_PARAMETERS,
                            PixmFeedParameters.class), e.getIn().getBody(Patient.class));
                    e.getMessage().setBody(new MethodOutcome(new IdType("Patient", outcome.regionalId()),
                            outcome.created()).setResource(outcome.patient()));
                });
    }
}
