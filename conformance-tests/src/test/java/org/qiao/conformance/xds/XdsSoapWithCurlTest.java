package org.qiao.conformance.xds;

import org.junit.jupiter.api.Test;
import org.qiao.conformance.support.EngineTestSupport;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The SOAP doors seen by curl, an independent HTTP client: WSDL, and clean faults for broken requests. */
class XdsSoapWithCurlTest extends EngineTestSupport {

    private static String curl(String... args) throws Exception {
        var cmd = new ArrayList<>(List.of("curl", "-s", "-w", "\nHTTP %{http_code}"));
        cmd.addAll(List.of(args));
        var p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        var out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return out;
    }

    @Test
    void everyRegistryEndpointPublishesItsWsdl() throws Exception {
        for (var service : List.of("xds-iti18", "xds-iti42", "xds-iti57", "xds-iti62", "xds-iti41", "xds-iti43")) {
            var wsdl = curl(engine.url("/services/" + service + "?wsdl"));
            assertThat(wsdl).as(service).contains("HTTP 200").contains("<definitions").contains("urn:ihe:iti:xds-b:20");
        }
    }

    @Test
    void brokenRequestsGetASoapFaultWithoutStackTrace() throws Exception {
        var url = engine.url("/services/xds-iti42");
        var type = "Content-Type: application/soap+xml; charset=UTF-8; action=\"urn:ihe:iti:2007:RegisterDocumentSet-b\"";
        var notXml = curl("-X", "POST", "-H", type, "--data-binary", "this is not XML", url);
        var wrongBody = curl("-X", "POST", "-H", type, "--data-binary",
                "<soap:Envelope xmlns:soap=\"http://www.w3.org/2003/05/soap-envelope\"><soap:Body><x:nonsense xmlns:x=\"urn:x\"/>"
                        + "</soap:Body></soap:Envelope>", url);
        var truncated = curl("-X", "POST", "-H", type, "--data-binary",
                "<soap:Envelope xmlns:soap=\"http://www.w3.org/2003/05/soap-envelope\"><soap:Body><lcm:SubmitObjectsRequest", url);
        for (var answer : List.of(notXml, wrongBody, truncated)) {
            assertThat(answer).contains("Fault").contains("HTTP 500");
            assertThat(answer).doesNotContainPattern("\\bat (org|java|sun)\\.[a-zA-Z.]+\\(");
        }
    }

    @Test
    void brokenMtomMimeGetsAFaultToo() throws Exception {
        var url = engine.url("/services/xds-iti42");
        var broken = curl("-X", "POST", "-H",
                "Content-Type: multipart/related; type=\"application/xop+xml\"; boundary=\"MIMEBoundary\"; "
                        + "start=\"<root@qiao>\"; start-info=\"application/soap+xml\"",
                "--data-binary", "--MIMEBoundary\r\nContent-Type: application/xop+xml\r\n\r\n<broken", url);
        assertThat(broken).contains("Fault");
        assertThat(broken).doesNotContainPattern("\\bat (org|java|sun)\\.[a-zA-Z.]+\\(");
    }
}
