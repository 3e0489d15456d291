package org.qiao.routes.repository;

import org.qiao.repository.DocumentRepository;

import org.apache.camel.builder.RouteBuilder;
import org.openehealth.ipf.commons.ihe.xds.core.requests.ProvideAndRegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Response;
import org.openehealth.ipf.commons.ihe.xds.core.responses.RetrievedDocumentSet;
import org.springframework.stereotype.Component;

import static org.openehealth.ipf.platform.camel.ihe.xds.XdsCamelValidators.iti41RequestValidator;
import static org.openehealth.ipf.platform.camel.ihe.xds.XdsCamelValidators.iti41ResponseValidator;
import static org.openehealth.ipf.platform.camel.ihe.xds.XdsCamelValidators.iti43RequestValidator;
import static org.openehealth.ipf.platform.camel.ihe.xds.XdsCamelValidators.iti43ResponseValidator;

/**
 * XDS.b Document Repository doors (SOAP 1.2 with MTOM under /services):
 * <ul>
 *   <li>ITI-41 Provide and Register Document Set-b: /services/xds-iti41 → {@link DocumentRepository#provideAndRegister}</li>
 *   <li>ITI-43 Retrieve Document Set: /services/xds-iti43 → {@link DocumentRepository#retrieve}</li>
 * </ul>
 */
@Component
public class RepositoryRoutes extends RouteBuilder {

    private final DocumentRepository repository;

    public RepositoryRoutes(DocumentRepository repository) {
        this.repository = repository;
    }

    @Override
    public void configure() {
        from("xds-iti41:xds-iti41")
                .routeId("iti41")
                .process(iti41RequestValidator())
                .process(e -> e.getMessage().setBody(repository.provideAndRegister(
                        e.getIn().getBody(ProvideAndRegisterDocumentSet.class)), Response.class))
                .process(iti41ResponseValidator());

        from("xds-iti43:xds-iti43")
                .routeId("iti43")
                .process(iti43RequestValidator())
                .process(e -> e.getMessage().setBody(repository.retrieve(
                        e.getIn().getBody(RetrieveDocumentSet.class)), RetrievedDocumentSet.class))
                .process(iti43ResponseValidator());
    }
}
