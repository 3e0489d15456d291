package org.qiao.routes.registry;

import org.qiao.registry.DocumentRegistry;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.openehealth.ipf.commons.ihe.xds.core.requests.QueryRegistry;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RemoveMetadata;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.lcm.SubmitObjectsRequest;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.query.AdhocQueryRequest;
import org.openehealth.ipf.commons.ihe.xds.core.responses.QueryResponse;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Response;
import org.springframework.stereotype.Component;

import static org.openehealth.ipf.platform.camel.ihe.xds.XdsCamelValidators.iti18RequestValidator;
import static org.openehealth.ipf.platform.camel.ihe.xds.XdsCamelValidators.iti42RequestValidator;
import static org.openehealth.ipf.platform.camel.ihe.xds.XdsCamelValidators.iti42ResponseValidator;
import static org.openehealth.ipf.platform.camel.ihe.xds.XdsCamelValidators.iti57RequestValidator;
import static org.openehealth.ipf.platform.camel.ihe.xds.XdsCamelValidators.iti57ResponseValidator;
import static org.openehealth.ipf.platform.camel.ihe.xds.XdsCamelValidators.iti62RequestValidator;
import static org.openehealth.ipf.platform.camel.ihe.xds.XdsCamelValidators.iti62ResponseValidator;

/**
 * XDS.b Document Registry doors (SOAP 1.2 under /services, IPF/CXF): validate the request with IPF's
 * metadata validators, call the registry, validate the response.
 * <ul>
 *   <li>ITI-42 Register Document Set-b: /services/xds-iti42 → {@link DocumentRegistry#registerDocumentSet}</li>
 *   <li>ITI-57 Update Document Set: /services/xds-iti57 → {@link DocumentRegistry#updateDocumentSet}</li>
 *   <li>ITI-62 Remove Metadata: /services/xds-iti62 → {@link DocumentRegistry#removeMetadata}</li>
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

        from("xds-iti57:xds-iti57")
                .routeId("iti57")
                .doTry()
                    .process(e -> UpdateRequestErrors.checkSyntax(e.getIn().getBody(SubmitObjectsRequest.class)))
                    .process(iti57RequestValidator())
                    // converting to IPF's model also checks the request (it rejects original versions)
                    .process(e -> e.getMessage().setBody(
                            registry.updateDocumentSet(e.getIn().getBody(RegisterDocumentSet.class)), Response.class))
                .doCatch(Exception.class)
                    .process(e -> {
                        var caught = e.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
                        var answer = UpdateRequestErrors.remap(caught);
                        if (answer == null) {
                            throw caught;
                        }
                        // IPF answers any exception it still finds on the exchange; this one is answered
                        e.removeProperty(Exchange.EXCEPTION_CAUGHT);
                        e.getMessage().setBody(answer, Response.class);
                    })
                .end()
                .process(iti57ResponseValidator());

        from("xds-iti62:xds-iti62")
                .routeId("iti62")
                .process(iti62RequestValidator())
                .process(e -> e.getMessage().setBody(
                        registry.removeMetadata(e.getIn().getBody(RemoveMetadata.class)), Response.class))
                .process(iti62ResponseValidator());

        from("xds-iti18:xds-iti18")
                .routeId("iti18")
                .process(e -> StoredQueryParameterCheck.check(e.getIn().getBody(AdhocQueryRequest.class)))
                .process(iti18RequestValidator())
                // no IPF response validation here: it refuses deprecated folders, which Metadata Update
                // (ITI-57) makes legitimate answers
                .process(e -> e.getMessage().setBody(
                        registry.storedQuery(e.getIn().getBody(QueryRegistry.class)), QueryResponse.class));
    }
}
