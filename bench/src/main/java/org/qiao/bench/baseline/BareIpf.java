package org.qiao.bench.baseline;

import ca.uhn.hl7v2.model.Message;
import org.apache.camel.builder.RouteBuilder;
import org.openehealth.ipf.commons.ihe.xds.core.responses.QueryResponse;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Response;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Status;
import org.qiao.bench.XdsRequests;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * Baselines for the IPF doors: IPF's own pix-iti8 (MLLP), xds-iti41 and xds-iti18 (SOAP under /services)
 * endpoints that answer a canned success without doing any work: the ACK HAPI generates, a Success
 * RegistryResponse, a Success AdhocQueryResponse with no objects; and xds-iti18 answering ten canned document
 * entries (bare-iti18-10), the size of the engine's answers. Same framework stack as the engine
 * (Spring Boot, Camel, CXF, IPF 5.1.0), ATNA off.
 * Usage: {@code --server.port=<http> --bench.mllp-port=<mllp>}.
 */
@SpringBootApplication
public class BareIpf {

    public static void main(String[] args) {
        var app = new SpringApplication(BareIpf.class);
        app.setDefaultProperties(java.util.Map.of(
                "spring.application.name", "bare-ipf",
                "spring.main.banner-mode", "off",
                "ipf.atna.audit-enabled", "false",
                "camel.springboot.main-run-controller", "true",
                "management.endpoints.web.exposure.include", "health"));
        app.run(args);
    }

    /** Ten entries as the bulk loader registers them for one resident (XdsRequests.entry). */
    static QueryResponse tenEntries() {
        var response = new QueryResponse(Status.SUCCESS);
        var patient = XdsRequests.patient("QR0000000001");
        for (int n = 0; n < 10; n++) {
            response.getDocumentEntries().add(XdsRequests.entry(patient, "2.16.156.10011.0.99.7." + n,
                    n % 2 == 0 ? "LAB-01" : "RAD-01", "2024061" + n + "093000"));
        }
        return response;
    }

    @Bean
    RouteBuilder bareRoutes(@Value("${bench.mllp-port}") int mllpPort) {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("pix-iti8://127.0.0.1:" + mllpPort)
                        .routeId("bare-iti8")
                        .process(e -> e.getMessage().setBody(e.getIn().getBody(Message.class).generateACK()));
                from("xds-iti41:bare-iti41")
                        .routeId("bare-iti41")
                        .process(e -> e.getMessage().setBody(new Response(Status.SUCCESS)));
                from("xds-iti18:bare-iti18")
                        .routeId("bare-iti18")
                        .process(e -> e.getMessage().setBody(new QueryResponse(Status.SUCCESS)));
                // the same answer the engine gives a loaded resident, from memory: what IPF and CXF alone
                // cost to transform and write ten document entries
                var tenEntries = tenEntries();
                from("xds-iti18:bare-iti18-10")
                        .routeId("bare-iti18-10")
                        .process(e -> e.getMessage().setBody(tenEntries));
            }
        };
    }
}
