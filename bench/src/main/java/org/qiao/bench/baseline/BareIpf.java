package org.qiao.bench.baseline;

import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.Segment;
import ca.uhn.hl7v2.util.Terser;
import org.apache.camel.Processor;
import org.apache.camel.builder.RouteBuilder;
import org.openehealth.ipf.commons.ihe.xds.core.requests.ProvideAndRegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.responses.QueryResponse;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Response;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Status;
import org.qiao.bench.XdsRequests;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

import static org.openehealth.ipf.platform.camel.ihe.xds.XdsCamelValidators.iti18RequestValidator;
import static org.openehealth.ipf.platform.camel.ihe.xds.XdsCamelValidators.iti18ResponseValidator;
import static org.openehealth.ipf.platform.camel.ihe.xds.XdsCamelValidators.iti41RequestValidator;
import static org.openehealth.ipf.platform.camel.ihe.xds.XdsCamelValidators.iti41ResponseValidator;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Baselines for the IPF doors: IPF's own pix-iti8 and pdq-iti21 (MLLP), xds-iti41 and xds-iti18 (SOAP under
 * /services) endpoints that answer a canned success without doing any work: the ACK HAPI generates, an RSP^K22
 * with one canned PID (the size of the engine's answer to the harness's query), a Success RegistryResponse, a
 * Success AdhocQueryResponse with no objects; and xds-iti18 answering ten canned document entries
 * (bare-iti18-10), the size of the engine's answers. Same framework stack as the engine (Spring Boot, Camel, CXF,
 * IPF 5.1.0). ATNA off unless {@code --ipf.atna.audit-enabled=true} (then IPF builds and sends each transaction's
 * audit message, as the engine does, to the syslog port given); no validation of XDS requests and answers unless
 * {@code --bench.validate=true}; with it, bare-iti41-durable stores each submission in the least durable way
 * ({@link DurableMinimum}).
 * Usage: {@code --server.port=<http> --bench.mllp-port=<mllp> --bench.pdq-port=<mllp>}.
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
            var entry = XdsRequests.entry(patient, "2.16.156.10011.0.99.7." + n,
                    n % 2 == 0 ? "LAB-01" : "RAD-01", "2024061" + n + "093000");
            // what a registry adds to a stored entry (and IPF's answer validator wants)
            entry.setHash("da39a3ee5e6b4b0d3255bfef95601890afd80709");
            entry.setSize(10240L);
            entry.setRepositoryUniqueId("2.16.156.10011.0.99.3");
            entry.setAvailabilityStatus(org.openehealth.ipf.commons.ihe.xds.core.metadata.AvailabilityStatus.APPROVED);
            response.getDocumentEntries().add(entry);
        }
        return response;
    }

    /** The engine's RSP^K22 for one resident found (MSA-2, QAK-1 and QPD echo the request). */
    static String pdqAnswer(Message query) throws Exception {
        var terser = new Terser(query);
        return "MSH|^~\\&|QIAO|REGION|" + terser.get("MSH-3") + "|" + terser.get("MSH-4") + "|"
                + OffsetDateTime.now().format(TS) + "||RSP^K22^RSP_K21|" + SEQUENCE.incrementAndGet() + "|P|2.5||||||UNICODE UTF-8\r"
                + "MSA|AA|" + terser.get("MSH-10") + "\r"
                + "QAK|" + terser.get("QPD-2") + "|OK||1|1|0\r"
                + ((Segment) query.get("QPD")).encode() + "\r"
                + "PID|1||BL0000000005^^^HOSP_A&2.16.156.10011.0.99.2.1&ISO^PI~510000000000000005^^^CN-ID&"
                + "2.16.156.10011.1.3&ISO^PI~QR0000000006^^^QIAO&2.16.156.10011.0.99.1&ISO^PI||朱^勇||19761217|M|||"
                + "红星路51号^^成都市^四川省^610000^CHN||028-84010850\r";
    }

    private static final AtomicLong SEQUENCE = new AtomicLong();
    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyyMMddHHmmss.SSSZ");

    @Bean
    RouteBuilder bareRoutes(@Value("${bench.mllp-port}") int mllpPort, @Value("${bench.pdq-port}") int pdqPort,
                            @Value("${bench.validate:false}") boolean validate) throws Exception {
        // with bench.validate, the XDS routes check request and answer with IPF's validators, as IPF's blueprint
        // and the engine do (MLLP endpoints always check acceptance)
        Processor none = e -> { };
        var durable = validate ? new DurableMinimum(java.nio.file.Path.of("durable")) : null;
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("pix-iti8://127.0.0.1:" + mllpPort)
                        .routeId("bare-iti8")
                        .process(e -> e.getMessage().setBody(e.getIn().getBody(Message.class).generateACK()));
                from("pdq-iti21://127.0.0.1:" + pdqPort)
                        .routeId("bare-iti21")
                        .process(e -> e.getMessage().setBody(pdqAnswer(e.getIn().getBody(Message.class))));
                from("xds-iti41:bare-iti41")
                        .routeId("bare-iti41")
                        .process(validate ? iti41RequestValidator() : none)
                        .process(e -> e.getMessage().setBody(new Response(Status.SUCCESS)))
                        .process(validate ? iti41ResponseValidator() : none);
                if (durable != null) {
                    // the least a durable repository does: document file fsynced, one H2 row committed
                    from("xds-iti41:bare-iti41-durable")
                            .routeId("bare-iti41-durable")
                            .process(iti41RequestValidator())
                            .process(e -> e.getMessage().setBody(durable.store(
                                    e.getIn().getBody(ProvideAndRegisterDocumentSet.class))))
                            .process(iti41ResponseValidator());
                }
                from("xds-iti18:bare-iti18")
                        .routeId("bare-iti18")
                        .process(e -> e.getMessage().setBody(new QueryResponse(Status.SUCCESS)));
                // the same answer the engine gives a loaded resident, from memory: what IPF and CXF alone
                // cost to transform and write ten document entries
                var tenEntries = tenEntries();
                from("xds-iti18:bare-iti18-10")
                        .routeId("bare-iti18-10")
                        .process(validate ? iti18RequestValidator() : none)
                        .process(e -> e.getMessage().setBody(tenEntries))
                        .process(validate ? iti18ResponseValidator() : none);
            }
        };
    }
}
