package org.qiao.routes.pdq;

import org.qiao.pdq.QueryContinuations;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.qiao.pdq.v3.PatientDemographicsQueryV3Handler;
import org.springframework.stereotype.Component;

import static org.openehealth.ipf.platform.camel.ihe.hl7v3.PixPdqV3CamelValidators.iti47RequestValidator;
import static org.openehealth.ipf.platform.camel.ihe.hl7v3.PixPdqV3CamelValidators.iti47ResponseValidator;

/**
 * ITI-47 Patient Demographics Query HL7 V3 at /services/pdqv3-iti47 (SOAP 1.2, IPF's pdqv3-iti47 component on
 * CXF) → {@link PatientDemographicsQueryV3Handler}. IPF hands the query, its continuation (QUQI_IN000003UV01)
 * and the cancel to this one route; continuations are ours ({@link QueryContinuations}, shared with ITI-21/22),
 * so IPF's own continuation cache is not switched on. Requests and answers go through IPF's validators.
 */
@Component
public class PdqV3Routes extends RouteBuilder {

    private final PatientDemographicsQueryV3Handler handler;

    public PdqV3Routes(PatientDemographicsQueryV3Handler handler) {
        this.handler = handler;
    }

    @Override
    public void configure() {
        from("pdqv3-iti47:pdqv3-iti47")
                .routeId("iti47")
                .process(PdqV3Routes::validateRequest)
                .process(e -> e.getMessage().setBody(handler.handle(e.getIn().getBody(String.class))))
                .process(iti47ResponseValidator());
    }

    /**
     * IPF's ITI-47 schematron predates patientTelecom as a query parameter (ITI TF-2b 3.47.4.1.2 allows it) and
     * refuses it; the validator therefore sees the request without that parameter, which the handler reads.
     */
    private static void validateRequest(Exchange exchange) throws Exception {
        var body = exchange.getIn().getBody(String.class);
        if (body == null || !body.contains("patientTelecom")) {
            iti47RequestValidator().process(exchange);
            return;
        }
        var copy = exchange.copy();
        copy.getIn().setBody(body.replaceAll(
                "(?s)<(\\w+:)?patientTelecom\\b.*?</(\\w+:)?patientTelecom\\s*>", ""));
        iti47RequestValidator().process(copy);
    }
}
