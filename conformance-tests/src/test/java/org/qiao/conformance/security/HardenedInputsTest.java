package org.qiao.conformance.security;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.qiao.conformance.support.AdminClient;
import org.qiao.conformance.support.Engine;
import org.qiao.conformance.support.Hl7;
import org.qiao.conformance.support.Mllp;
import org.qiao.conformance.support.Soap;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.qiao.conformance.support.Hl7.HOSP_A;

/**
 * Attacks on the parsers and on the server's resources: external entities and entity expansion in SOAP,
 * oversized requests and headers, slow senders on HTTP and MLLP, too many MLLP connections.
 */
class HardenedInputsTest {

    private static final String ITI18 = "urn:ihe:iti:2007:RegistryStoredQuery";
    private static final String STACK = "\\bat (org|java|sun)\\.[a-zA-Z.]+\\(";
    private static Engine engine;

    @BeforeAll
    static void start() throws Exception {
        engine = Engine.start("--qiao.http.max-request-size=1MB", "--server.tomcat.connection-timeout=2s",
                "--qiao.mllp.frame-timeout=2s", "--qiao.mllp.max-connections=20");
    }

    @AfterAll
    static void stop() throws Exception {
        engine.close();
    }

    private static HttpResponse<String> soap(String body) throws Exception {
        return Soap.post(engine.url("/services/xds-iti18"), ITI18, body);
    }

    private static String query(String slotValue) {
        return "<query:AdhocQueryRequest xmlns:query=\"urn:oasis:names:tc:ebxml-regrep:xsd:query:3.0\" "
                + "xmlns:rim=\"urn:oasis:names:tc:ebxml-regrep:xsd:rim:3.0\"><query:ResponseOption returnType=\"ObjectRef\"/>"
                + "<rim:AdhocQuery id=\"urn:uuid:14d4debf-8f97-4251-9a74-a90016b0af0d\"><rim:Slot name=\"$XDSDocumentEntryPatientId\">"
                + "<rim:ValueList><rim:Value>" + slotValue + "</rim:Value></rim:ValueList></rim:Slot></rim:AdhocQuery>"
                + "</query:AdhocQueryRequest>";
    }

    @Test
    void externalEntitiesAreRefusedAndNothingOfTheFileComesBack() throws Exception {
        var secret = Files.createTempFile("qiao-secret-", ".txt");
        Files.writeString(secret, "TOP-SECRET-" + System.nanoTime());
        var url = engine.url("/services/xds-iti18");
        var body = "<?xml version=\"1.0\"?><!DOCTYPE foo [<!ENTITY xxe SYSTEM \"" + secret.toUri() + "\">]>"
                + Soap.envelope(ITI18, url, query("'&xxe;'"));
        var answer = soap(body);
        assertThat(answer.statusCode()).isBetween(400, 599);
        assertThat(answer.body()).contains("Fault").doesNotContain("TOP-SECRET").doesNotContainPattern(STACK);
    }

    @Test
    void entityExpansionBombIsRefusedQuickly() throws Exception {
        var dtd = new StringBuilder("<!DOCTYPE lolz [<!ENTITY lol \"lol\">");
        for (int i = 1; i <= 9; i++) {
            dtd.append("<!ENTITY lol").append(i).append(" \"");
            for (int j = 0; j < 10; j++) {
                dtd.append("&lol").append(i == 1 ? "" : String.valueOf(i - 1)).append(';');
            }
            dtd.append("\">");
        }
        dtd.append("]>");
        var started = System.nanoTime();
        var answer = soap("<?xml version=\"1.0\"?>" + dtd + Soap.envelope(ITI18, engine.url("/services/xds-iti18"), query("&lol9;")));
        var seconds = (System.nanoTime() - started) / 1e9;
        assertThat(answer.statusCode()).isBetween(400, 599);
        assertThat(answer.body()).contains("Fault").doesNotContain("lollollol").doesNotContainPattern(STACK);
        assertThat(seconds).as("answered without expanding").isLessThan(20);
        assertThat(engine.alive()).isTrue();
    }

    @Test
    void aRequestOverTheSizeLimitGets413BeforeItIsRead() throws Exception {
        var big = "x".repeat(2 * 1024 * 1024);
        var answer = soap(Soap.envelope(ITI18, engine.url("/services/xds-iti18"), query(big)));
        assertThat(answer.statusCode()).isEqualTo(413);
        assertThat(answer.body()).doesNotContainPattern(STACK);
    }

    @Test
    void aChunkedRequestOverTheSizeLimitIsCutOffWithAFault() throws Exception {
        var big = "x".repeat(2 * 1024 * 1024);
        var p = new ProcessBuilder("curl", "-sS", "--max-time", "60", "-X", "POST", "-H", "Transfer-Encoding: chunked",
                "-H", "Content-Type: application/soap+xml; charset=UTF-8; action=\"" + ITI18 + "\"",
                "--data-binary", "@-", "-w", "\nHTTP %{http_code}", engine.url("/services/xds-iti18"))
                .redirectErrorStream(true).start();
        try (var out = p.getOutputStream()) {
            out.write(Soap.envelope(ITI18, engine.url("/services/xds-iti18"), query(big)).getBytes(StandardCharsets.UTF_8));
        } catch (IOException closedEarly) {
            // the server may stop reading once the limit is passed
        }
        var answer = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(90, TimeUnit.SECONDS)).isTrue();
        assertThat(answer).doesNotContain("HTTP 200").doesNotContainPattern(STACK);
        assertThat(answer).containsAnyOf("Fault", "HTTP 413", "HTTP 400");
    }

    @Test
    void oversizedHeadersGet400() throws Exception {
        var answer = engine.http().send(HttpRequest.newBuilder(URI.create(engine.url("/services/xds-iti18?wsdl")))
                .header("X-Padding", "p".repeat(32 * 1024)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(400);
    }

    @Test
    void tooManyHeadersGet400() throws Exception {
        var request = HttpRequest.newBuilder(URI.create(engine.url("/services/xds-iti18?wsdl")));
        for (int i = 0; i < 150; i++) {
            request.header("X-Many-" + i, "v");
        }
        assertThat(engine.http().send(request.build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(400);
        var few = HttpRequest.newBuilder(URI.create(engine.url("/services/xds-iti18?wsdl"))).header("X-One", "v").build();
        assertThat(engine.http().send(few, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    }

    @Test
    void aSlowHttpSenderIsDisconnected() throws Exception {
        try (var socket = new Socket("127.0.0.1", engine.httpPort)) {
            socket.setSoTimeout(15_000);
            socket.getOutputStream().write("POST /services/xds-iti18 HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            var started = System.nanoTime();
            // never finishes its headers: the server must hang up after its connection timeout (2 s here)
            var read = socket.getInputStream().read(new byte[4096]);
            var seconds = (System.nanoTime() - started) / 1e9;
            assertThat(seconds).isLessThan(12);
            assertThat(read == -1 || read > 0).isTrue();
        }
        assertThat(Soap.post(engine.url("/services/xds-iti18"), ITI18, "x").statusCode()).isEqualTo(500);
    }

    @Test
    void anMllpFrameNotFinishedInTimeIsClosedAndJournaled() throws Exception {
        try (var slow = new Mllp(engine.mllpPort)) {
            var controlId = Hl7.controlId();
            var message = Hl7.adt("A01", controlId, "SLOW-1^^^" + HOSP_A, "慢", "发");
            slow.sendRaw(("\u000b" + message.substring(0, 60)).getBytes(StandardCharsets.UTF_8));
            var started = System.nanoTime();
            assertThat(slow.closedByPeer()).isTrue();
            assertThat((System.nanoTime() - started) / 1e9).isBetween(1.0, 15.0);
        }
        var journal = new AdminClient(engine).json("/api/journal?limit=20").toString();
        assertThat(journal).contains("not completed within 2 s");
        // a sender that is fast enough is still served
        var ack = Mllp.exchange(engine.mllpPort, Hl7.adt("A01", Hl7.controlId(), "FAST-1^^^" + HOSP_A, "快", "发"));
        assertThat(Hl7.field(ack, "MSA", 1)).isEqualTo("AA");
    }

    @Test
    void connectionsOverTheMllpLimitAreClosedAndTheOthersKeepWorking() throws Exception {
        var open = new ArrayList<Mllp>();
        try {
            for (int i = 0; i < 20; i++) {
                var c = new Mllp(engine.mllpPort);
                // one exchange each, so the server has surely counted the connection
                assertThat(Hl7.field(c.send(Hl7.q23(Hl7.controlId(), "NONE-" + i + "^^^" + HOSP_A, "")), "MSA", 1))
                        .isIn("AA", "AE");
                open.add(c);
            }
            try (var extra = new Mllp(engine.mllpPort)) {
                String answer;
                try {
                    answer = extra.send(Hl7.adt("A01", Hl7.controlId(), "LIMIT-1^^^" + HOSP_A, "多", "余"));
                } catch (IOException reset) {
                    answer = null;
                }
                assertThat(answer).as("the 21st connection").isNull();
            }
            assertThat(Hl7.field(open.get(0).send(Hl7.adt("A01", Hl7.controlId(), "LIMIT-2^^^" + HOSP_A, "原", "有")),
                    "MSA", 1)).isEqualTo("AA");
        } finally {
            for (var c : open) {
                c.close();
            }
        }
        Thread.sleep(500);
        var ack = Mllp.exchange(engine.mllpPort, Hl7.adt("A01", Hl7.controlId(), "LIMIT-3^^^" + HOSP_A, "再", "来"));
        assertThat(Hl7.field(ack, "MSA", 1)).isEqualTo("AA");
        assertThat(new AdminClient(engine).patient("hosp-a-mrn", "LIMIT-1")).isNull();
    }
}
