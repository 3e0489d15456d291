package org.qiao.conformance.v3;

import org.junit.jupiter.api.Test;
import org.qiao.conformance.support.EngineTestSupport;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.qiao.conformance.v3.V3Client.HOSP_A;
import static org.qiao.conformance.v3.V3Client.QUERY;
import static org.qiao.conformance.v3.V3Client.text;

/**
 * IPF's hl7v3 modules are served here only as 5.1-20250424 (a build from before 5.1.0): the engine carries
 * them beside the 5.1.0 core, publishes their WSDLs and answers a PIX v3 query through them.
 */
class Hl7v3ModulesTest extends EngineTestSupport {

    @Test
    void theJarCarriesTheHl7v3ModulesAt20250424AndEverythingElseOfIpfAt510() throws Exception {
        var jar = Path.of(System.getProperty("qiao.jar", "../routes/target/qiao.jar")).toAbsolutePath();
        var ipf = new ArrayList<String>();
        try (var zip = new ZipFile(jar.toFile())) {
            zip.stream().map(e -> e.getName())
                    .filter(n -> n.startsWith("BOOT-INF/lib/ipf-"))
                    .map(n -> n.substring("BOOT-INF/lib/".length()))
                    .forEach(ipf::add);
        }
        assertThat(ipf).contains("ipf-platform-camel-ihe-hl7v3-5.1-20250424.jar", "ipf-commons-ihe-hl7v3-5.1-20250424.jar",
                "ipf-platform-camel-ihe-ws-5.1.0.jar", "ipf-commons-ihe-ws-5.1.0.jar", "ipf-commons-ihe-core-5.1.0.jar",
                "ipf-commons-xml-5.1.0.jar", "ipf-platform-camel-ihe-xds-5.1.0.jar");
        // only the two hl7v3 modules come from the older build; no second copy of any module
        assertThat(ipf.stream().filter(n -> n.contains("5.1-20250424")))
                .containsExactlyInAnyOrder("ipf-platform-camel-ihe-hl7v3-5.1-20250424.jar",
                        "ipf-commons-ihe-hl7v3-5.1-20250424.jar");
        assertThat(ipf.stream().filter(n -> n.startsWith("ipf-") && !n.startsWith("ipf-gazelle")
                && !n.contains("5.1-20250424"))).allMatch(n -> n.endsWith("-5.1.0.jar"));
    }

    @Test
    void bothPixV3DoorsPublishTheirWsdl() throws Exception {
        var http = engine.http();
        for (var door : new String[] {"pixv3-iti44", "pixv3-iti45"}) {
            var wsdl = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(engine.url("/services/" + door + "?wsdl")))
                    .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(wsdl.statusCode()).as(door).isEqualTo(200);
            assertThat(wsdl.body()).as(door).contains("urn:ihe:iti:pixv3:2007", "PIXManager_Service");
        }
        var iti45 = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(engine.url("/services/pixv3-iti45?wsdl")))
                .build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        assertThat(iti45).contains("PIXManager_PRPA_IN201309UV02", "urn:hl7-org:v3:PRPA_IN201310UV02");
        var iti44 = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(engine.url("/services/pixv3-iti44?wsdl")))
                .build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        assertThat(iti44).contains("PIXManager_PRPA_IN201301UV02", "PIXManager_PRPA_IN201302UV02",
                "PIXManager_PRPA_IN201304UV02");
    }

    @Test
    void aPixV3QueryMakesTheRoundTripThroughIpfsComponent() throws Exception {
        var client = new V3Client(engine);
        var envelope = client.envelope("pixv3-iti45", QUERY, V3Client.query(HOSP_A, "NOBODY-" + System.nanoTime()));
        var answer = client.curl("pixv3-iti45", V3Client.action(QUERY), envelope);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        var xml = answer.xml();
        assertThat(text(xml, "local-name(/soap:Envelope/soap:Body/*)")).isEqualTo("PRPA_IN201310UV02");
        assertThat(text(xml, "/soap:Envelope/soap:Header/wsa:Action")).isEqualTo("urn:hl7-org:v3:PRPA_IN201310UV02");
        var messageId = envelope.substring(envelope.indexOf("<wsa:MessageID>") + 15, envelope.indexOf("</wsa:MessageID>"));
        assertThat(text(xml, "/soap:Envelope/soap:Header/wsa:RelatesTo")).isEqualTo(messageId);
        // the answer passed IPF's response validator (schema and Gazelle schematron) on its way out
        assertThat(text(xml, "//hl7:acknowledgement/hl7:typeCode/@code")).isEqualTo("AE");
        assertThat(text(xml, "//hl7:queryAck/hl7:queryResponseCode/@code")).isEqualTo("AE");
    }
}
