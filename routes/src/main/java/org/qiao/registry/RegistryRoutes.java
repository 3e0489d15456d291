package org.qiao.registry;

import org.apache.camel.builder.RouteBuilder;
import org.openehealth.ipf.commons.ihe.xds.core.requests.QueryRegistry;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.responses.QueryResponse;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Response;
import org.springframework.stereotype.Component;

import static org.openehealth.ipf.platform.camel.ihe.xds.XdsCamelValidators.iti18RequestValidator;
import static org.openehealth.ipf.platform.camel.ihe.xds.XdsCamelValidators.iti18ResponseValidator;
import static org.openehealth.ipf.platform.camel.ihe.xds.XdsCamelValidators.iti42RequestValidator;
import static org.openehealth.ipf.platform.camel.ihe.xds.XdsCamelValidators.iti42ResponseValidator;

/**
 * XDS.b Document Registry doors (SOAP 1.2 under /services, IPF/CXF): validate the request with IPF's
 * metadata validators, call the registry, validate the response.
 * <ul>
 *   <li>ITI-42 Register Document Set-b: /services/xds-iti42 → {@link DocumentRegistry#registerDocumentSet}</li>
 *   <li>ITI-18 Registry Stored Query: /services/xds-iti18 → {@link DocumentRegistry#storedQuery}</li>
 * </ul>
 */
@Component
public class RegistryRoutes extends RouteBuilder {

    private final DocumentRegistry registry;

    public RegistryRoutes(DocumentRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void configure() {
        from("xds-iti42:xds-iti42")
                .routeId("iti42")
                .process(iti42RequestValidator())
                .process(e -> e.getMessage().setBody(
                        registry.registerDocumentSet(e.getIn().getBody(RegisterDocumentSet.class)), Response.class))
                .process(iti42ResponseValidator());

        from("xds-iti18:xds-iti18")
                .routeId("iti18")
                .process(iti18RequestValidator())
                .process(e -> e.getMessage().setBody(
                        registry.storedQuery(e.getIn().getBody(QueryRegistry.class)), QueryResponse.class))
                .process(iti18ResponseValidator());
    }
}
