package org.qiao.routes.pix;

import org.apache.camel.builder.RouteBuilder;
import org.qiao.pix.v3.PatientIdentityFeedV3Handler;
import org.qiao.pix.v3.PixQueryV3Handler;
import org.springframework.stereotype.Component;

import static org.openehealth.ipf.platform.camel.ihe.hl7v3.PixPdqV3CamelValidators.iti44RequestValidator;
import static org.openehealth.ipf.platform.camel.ihe.hl7v3.PixPdqV3CamelValidators.iti44ResponseValidator;
import static org.openehealth.ipf.platform.camel.ihe.hl7v3.PixPdqV3CamelValidators.iti45RequestValidator;
import static org.openehealth.ipf.platform.camel.ihe.hl7v3.PixPdqV3CamelValidators.iti45ResponseValidator;

/**
 * PIX Manager doors for HL7 v3 (SOAP 1.2 under /services, IPF's hl7v3 components on CXF). The body is the
 * HL7 v3 message as a string; IPF's validators check request and answer (XML schema and the Gazelle
 * schematron), and IPF answers an invalid request or any failure with a NAK of the transaction's type.
 * <ul>
 *   <li>ITI-44 Patient Identity Feed v3: /services/pixv3-iti44 → {@link PatientIdentityFeedV3Handler}</li>
 *   <li>ITI-45 PIX Query v3: /services/pixv3-iti45 → {@link PixQueryV3Handler}</li>
 * </ul>
 */
@Component
public class PixV3Routes extends RouteBuilder {

    private final PatientIdentityFeedV3Handler feedHandler;
    private final PixQueryV3Handler queryHandler;

    public PixV3Routes(PatientIdentityFeedV3Handler feedHandler, PixQueryV3Handler queryHandler) {
        this.feedHandler = feedHandler;
        this.queryHandler = queryHandler;
    }

    @Override
    public void configure() {
        from("pixv3-iti44:pixv3-iti44")
                .routeId("iti44")
                .process(iti44RequestValidator())
                .process(e -> e.getMessage().setBody(feedHandler.handle(e.getIn().getBody(String.class))))
                .process(iti44ResponseValidator());

        from("pixv3-iti45:pixv3-iti45")
                .routeId("iti45")
                .process(iti45RequestValidator())
                .process(e -> e.getMessage().setBody(queryHandler.handle(e.getIn().getBody(String.class))))
                .process(iti45ResponseValidator());
    }
}
