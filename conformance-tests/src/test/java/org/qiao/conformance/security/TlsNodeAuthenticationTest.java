package org.qiao.conformance.security;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.qiao.conformance.support.AdminClient;
import org.qiao.conformance.support.Engine;
import org.qiao.conformance.support.Hl7;
import org.qiao.conformance.support.Mllp;
import org.qiao.conformance.support.TestCertificates;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.qiao.conformance.support.TestCertificates.EXPIRED;
import static org.qiao.conformance.support.TestCertificates.GOOD;
import static org.qiao.conformance.support.TestCertificates.UNKNOWN;

/**
 * IHE ATNA node authentication at the wire: HTTPS and MLLP over TLS with client certificates required, checked
 * with curl, openssl s_client and Java clients; certificates from bin/certs' own command.
 */
class TlsNodeAuthenticationTest {

    private static final String HOSP_A = "HOSP_A&2.16.156.10011.0.99.2.1&ISO";
    private static TestCertificates certs;
    private static Engine engine;
    private static int syslogTlsPort;
    private static AdminClient auditor;

    /** ITI-10 subscriber over TLS: what it received, and who the engine said it was. */
    private static final List<String> notified = new java.util.concurrent.CopyOnWriteArrayList<>();
    private static final List<String> notifierSubjects = new java.util.concurrent.CopyOnWriteArrayList<>();
    private static javax.net.ssl.SSLServerSocket subscriber;

    @BeforeAll
    static void start() throws Exception {
        certs = TestCertificates.generate();
        syslogTlsPort = Engine.freePort();
        subscriber = (javax.net.ssl.SSLServerSocket) certs.server(TestCertificates.SUBSCRIBER).getServerSocketFactory()
                .createServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        subscriber.setNeedClientAuth(true);
        var accept = new Thread(TlsNodeAuthenticationTest::serveSubscriber, "tls-subscriber");
        accept.setDaemon(true);
        accept.start();
        var args = new ArrayList<>(certs.engineArgs("http", "mllp"));
        args.addAll(List.of("--qiao.pix.subscribers[0].name=tls-consumer", "--qiao.pix.subscribers[0].host=localhost",
                "--qiao.pix.subscribers[0].port=" + subscriber.getLocalPort(), "--qiao.pix.subscribers[0].tls=true",
                "--qiao.pix.subscribers[0].domains=hosp-a-mrn", "--qiao.outbox.poll-interval=100ms"));
        // the audit record repository takes syslog over TLS too, and the engine sends its own ATNA messages there
        // (over the wire: local delivery, the default, would hand them over in the process)
        args.addAll(List.of("--qiao.audit-repository.tls-port=" + syslogTlsPort,
                "--ipf.atna.audit-repository-transport=TLS", "--ipf.atna.audit-repository-port=" + syslogTlsPort,
                "--qiao.audit-repository.local-delivery=false"));
        engine = Engine.start(certs.client(GOOD), args.toArray(String[]::new));
        auditor = new AdminClient(engine, Engine.AUDITOR);
    }

    private static long count(String query) throws Exception {
        return auditor.json("/api/audit/count?" + query).get("count").asLong();
    }

    /** A DICOM audit message in an RFC 5424 frame with RFC 5425 octet counting. */
    private static byte[] syslogFrame(String marker) {
        var xml = "<AuditMessage><EventIdentification EventActionCode=\"E\" EventDateTime=\"2026-11-25T10:00:00Z\" "
                + "EventOutcomeIndicator=\"0\"><EventID csd-code=\"110112\" codeSystemName=\"DCM\" originalText=\"Query\"/>"
                + "<EventTypeCode csd-code=\"ITI-18\" codeSystemName=\"IHE Transactions\" originalText=\"Registry Stored Query\"/>"
                + "</EventIdentification><ActiveParticipant UserID=\"" + marker + "\" UserIsRequestor=\"true\"/>"
                + "<AuditSourceIdentification AuditSourceID=\"ehr-b\"/></AuditMessage>";
        var message = "<85>1 2026-11-25T10:00:00Z ehr-b.example EHR - IHE+RFC-3881 - \uFEFF" + xml;
        var bytes = message.getBytes(StandardCharsets.UTF_8);
        var frame = (bytes.length + " ").getBytes(StandardCharsets.US_ASCII);
        var all = new byte[frame.length + bytes.length];
        System.arraycopy(frame, 0, all, 0, frame.length);
        System.arraycopy(bytes, 0, all, frame.length, bytes.length);
        return all;
    }

    private static Result opensslSend(String node, byte[] data) throws Exception {
        var p = new ProcessBuilder("openssl", "s_client", "-quiet", "-no_ign_eof", "-connect", "127.0.0.1:" + syslogTlsPort,
                "-CAfile", certs.file("ca.crt").toString(), "-cert", certs.file(node + ".crt").toString(),
                "-key", certs.file(node + ".key").toString()).redirectErrorStream(true).start();
        p.getOutputStream().write(data);
        p.getOutputStream().flush();
        Thread.sleep(1500);
        p.getOutputStream().close();
        var out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(30, TimeUnit.SECONDS);
        return new Result(p.exitValue(), out);
    }

    @AfterAll
    static void stop() throws Exception {
        engine.close();
        subscriber.close();
    }

    /** Answers every A31 with AA, as a PIX Consumer does. */
    private static void serveSubscriber() {
        while (!subscriber.isClosed()) {
            try (var socket = (javax.net.ssl.SSLSocket) subscriber.accept()) {
                socket.startHandshake();
                var peer = (java.security.cert.X509Certificate) socket.getSession().getPeerCertificates()[0];
                notifierSubjects.add(peer.getSubjectX500Principal().getName());
                byte[] frame;
                while ((frame = Mllp.readFrame(socket.getInputStream())) != null) {
                    var message = new String(frame, StandardCharsets.UTF_8);
                    notified.add(message);
                    var ack = "MSH|^~\\&|CONSUMER|HOSP|QIAO|REGION|20261125||ACK|" + Hl7.controlId() + "|P|2.5\rMSA|AA|"
                            + Hl7.field(message, "MSH", 10) + "\r";
                    var out = socket.getOutputStream();
                    out.write(0x0b);
                    out.write(ack.getBytes(StandardCharsets.UTF_8));
                    out.write(new byte[] {0x1c, 0x0d});
                    out.flush();
                }
            } catch (IOException e) {
                // a closed server socket ends the loop; a failed handshake waits for the next connection
            }
        }
    }

    private static Result run(String... command) throws Exception {
        var p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        var out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), out);
    }

    private record Result(int exit, String out) { }

    private static List<String> curl(String node, String path) {
        var cmd = new ArrayList<>(List.of("curl", "-sS", "--max-time", "30", "--cacert", certs.file("ca.crt").toString(),
                "-o", "/dev/null", "-w", "HTTP %{http_code}"));
        if (node != null) {
            cmd.addAll(List.of("--cert", certs.file(node + ".crt").toString(), "--key", certs.file(node + ".key").toString()));
        }
        cmd.add(engine.url(path));
        return cmd;
    }

    @Test
    void curlWithTheHospitalsCertificateGetsTheWsdlOverHttps() throws Exception {
        var r = run(curl(GOOD, "/services/xds-iti18?wsdl").toArray(String[]::new));
        assertThat(r.out()).isEqualTo("HTTP 200");
        assertThat(engine.url("/")).startsWith("https://");
    }

    @Test
    void curlWithTheHospitalsCertificateReadsTheFhirCapabilityStatementOverHttps() throws Exception {
        var r = run(curl(GOOD, "/fhir/metadata").toArray(String[]::new));
        assertThat(r.out()).isEqualTo("HTTP 200");
    }

    @Test
    void aFhirQueryOverTlsIsAuditedWithTheNodesCertificateName() throws Exception {
        var before = count("eventType=ITI-78");
        var r = run(curl(GOOD, "/fhir/Patient?family=%E8%AF%81%E4%B9%A6").toArray(String[]::new));
        assertThat(r.out()).isEqualTo("HTTP 200");
        await().atMost(Duration.ofSeconds(20)).until(() -> count("eventType=ITI-78") > before);
        var record = auditor.json("/api/audit?eventType=ITI-78&limit=1").get(0);
        assertThat(auditor.json("/api/audit/" + record.get("id").asLong()).get("raw").asText()).contains(GOOD);
    }

    @Test
    void curlWithoutOrWithABadCertificateIsRefusedInTheHandshake() throws Exception {
        for (var node : new String[] {null, UNKNOWN, EXPIRED}) {
            for (var path : new String[] {"/services/xds-iti18?wsdl", "/fhir/metadata"}) {
                var r = run(curl(node, path).toArray(String[]::new));
                assertThat(r.exit()).as("curl %s as %s: %s", path, node, r.out()).isNotZero();
                assertThat(r.out()).as("curl %s as %s", path, node).doesNotContain("HTTP 200");
            }
        }
    }

    @Test
    void plainHttpOnTheTlsPortGetsNothingUseful() throws Exception {
        var r = run("curl", "-sS", "--max-time", "10", "-o", "/dev/null", "-w", "HTTP %{http_code}",
                "http://127.0.0.1:" + engine.httpPort + "/services/xds-iti18?wsdl");
        assertThat(r.out()).doesNotContain("HTTP 200");
    }

    @Test
    void opensslSeesTls12Or13AndRefusesTls11() throws Exception {
        var base = List.of("openssl", "s_client", "-connect", "127.0.0.1:" + engine.httpPort,
                "-CAfile", certs.file("ca.crt").toString(), "-cert", certs.file(GOOD + ".crt").toString(),
                "-key", certs.file(GOOD + ".key").toString());
        var modern = new ArrayList<>(base);
        modern.add("-tls1_2");
        var ok = run(modern.toArray(String[]::new));
        assertThat(ok.out()).contains("Protocol  : TLSv1.2").contains("Verify return code: 0 (ok)");
        var old = new ArrayList<>(base);
        old.add("-tls1_1");
        var refused = run(old.toArray(String[]::new));
        assertThat(refused.out()).contains("alert protocol version").contains("Cipher is (NONE)");
        assertThat(refused.exit()).isNotZero();
    }

    @Test
    void mllpOverTlsAcceptsTheHospitalAndAcknowledgesItsFeed() throws Exception {
        try (var mllp = Mllp.tls(engine.mllpPort, certs.client(GOOD))) {
            var ack = mllp.send(Hl7.adt("A01", Hl7.controlId(), "TLS-1^^^" + HOSP_A, "安", "全"));
            assertThat(Hl7.field(ack, "MSA", 1)).isEqualTo("AA");
        }
        assertThat(new AdminClient(engine).patient("hosp-a-mrn", "TLS-1")).isNotNull();
    }

    @Test
    void iti10GoesToItsSubscriberOverTlsWithTheEnginesCertificate() throws Exception {
        try (var mllp = Mllp.tls(engine.mllpPort, certs.client(GOOD))) {
            var ack = mllp.send(Hl7.adt("A01", Hl7.controlId(), "TLS-SUB^^^" + HOSP_A, "订", "阅"));
            assertThat(Hl7.field(ack, "MSA", 1)).isEqualTo("AA");
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> notified.stream().anyMatch(m -> m.contains("TLS-SUB")));
        var a31 = notified.stream().filter(m -> m.contains("TLS-SUB")).findFirst().orElseThrow();
        assertThat(Hl7.field(a31, "MSH", 9)).startsWith("ADT^A31");
        assertThat(notifierSubjects).contains("CN=server");
    }

    @Test
    void mllpOverTlsWithOpensslAsTheClient() throws Exception {
        var message = Hl7.adt("A01", Hl7.controlId(), "TLS-2^^^" + HOSP_A, "Wang", "Fang");
        var p = new ProcessBuilder("openssl", "s_client", "-quiet", "-connect", "127.0.0.1:" + engine.mllpPort,
                "-CAfile", certs.file("ca.crt").toString(), "-cert", certs.file(GOOD + ".crt").toString(),
                "-key", certs.file(GOOD + ".key").toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        var out = p.getOutputStream();
        out.write(0x0b);
        out.write(message.getBytes(StandardCharsets.UTF_8));
        out.write(new byte[] {0x1c, 0x0d});
        out.flush();
        var ack = Mllp.readFrame(p.getInputStream());
        out.close();
        p.destroy();
        assertThat(ack).isNotNull();
        assertThat(Hl7.field(new String(ack, StandardCharsets.UTF_8), "MSA", 1)).isEqualTo("AA");
    }

    @Test
    void mllpRefusesUnknownExpiredAndMissingCertificatesAndPlainTcp() throws Exception {
        for (var node : new String[] {UNKNOWN, EXPIRED, null}) {
            assertThatThrownBy(() -> {
                try (var mllp = Mllp.tls(engine.mllpPort, certs.client(node))) {
                    // TLS 1.3: the server's verdict on our certificate may only arrive with the first read
                    var answer = mllp.send(Hl7.adt("A01", Hl7.controlId(), "TLS-BAD^^^" + HOSP_A, "坏", "人"));
                    if (answer == null) {
                        throw new SSLException("closed");
                    }
                }
            }).as("as %s", node).isInstanceOf(IOException.class);
        }
        try (var plain = new Mllp(engine.mllpPort)) {
            String answer;
            try {
                answer = plain.send(Hl7.adt("A01", Hl7.controlId(), "TLS-PLAIN^^^" + HOSP_A, "明", "文"));
            } catch (IOException reset) {
                answer = null;
            }
            assertThat(answer).isNull();
        }
        assertThat(new AdminClient(engine).patient("hosp-a-mrn", "TLS-BAD")).isNull();
        assertThat(new AdminClient(engine).patient("hosp-a-mrn", "TLS-PLAIN")).isNull();
    }

    @Test
    void refusedCertificatesAreAuditedAsNodeAuthenticationAlerts() throws Exception {
        var before = count("eventId=110113&eventType=110126");
        var rogue = run(curl(UNKNOWN, "/services/xds-iti18?wsdl").toArray(String[]::new));
        assertThat(rogue.exit()).isNotZero();
        await().atMost(Duration.ofSeconds(20)).until(() -> count("eventId=110113&eventType=110126") > before);
        var http = auditor.json("/api/audit?eventId=110113&limit=1000");
        var fromHttp = new ArrayList<String>();
        for (var record : http) {
            var raw = auditor.json("/api/audit/" + record.get("id").asLong()).get("raw").asText();
            if (raw.contains("HTTP node authentication failed") && raw.contains("CN=" + UNKNOWN)) {
                fromHttp.add(raw);
            }
        }
        assertThat(fromHttp).isNotEmpty();

        var beforeMllp = count("eventId=110113&eventType=110126");
        assertThatThrownBy(() -> {
            try (var mllp = Mllp.tls(engine.mllpPort, certs.client(EXPIRED))) {
                if (mllp.send(Hl7.adt("A01", Hl7.controlId(), "TLS-OLD^^^" + HOSP_A, "旧", "证")) == null) {
                    throw new SSLException("closed");
                }
            }
        }).isInstanceOf(IOException.class);
        await().atMost(Duration.ofSeconds(20)).until(() -> count("eventId=110113&eventType=110126") > beforeMllp);
    }

    @Test
    void theAuditRepositoryTakesSyslogOverTlsFromKnownNodesOnly() throws Exception {
        var good = opensslSend(GOOD, syslogFrame("tls-user-good"));
        await().atMost(Duration.ofSeconds(20)).until(() -> count("user=tls-user-good") == 1);
        var record = auditor.json("/api/audit?user=tls-user-good").get(0);
        assertThat(record.get("transport").asText()).isEqualTo("TLS");
        assertThat(record.get("eventTypes").toString()).contains("ITI-18");

        var refused = opensslSend(UNKNOWN, syslogFrame("tls-user-rogue"));
        Thread.sleep(2000);
        assertThat(count("user=tls-user-rogue")).as("openssl said: %s / %s", refused.out(), good.out()).isZero();
    }

    @Test
    void theEnginesOwnAuditMessagesTravelOverTls() throws Exception {
        try (var mllp = Mllp.tls(engine.mllpPort, certs.client(GOOD))) {
            var ack = mllp.send(Hl7.adt("A01", Hl7.controlId(), "TLS-AUD^^^" + HOSP_A, "审", "计"));
            assertThat(Hl7.field(ack, "MSA", 1)).isEqualTo("AA");
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> count("eventType=ITI-8&patient=TLS-AUD") == 1);
        var record = auditor.json("/api/audit?eventType=ITI-8&patient=TLS-AUD").get(0);
        assertThat(record.get("transport").asText()).isEqualTo("TLS");
    }

    @Test
    void adminApiOverHttpsStillWantsALogin() throws Exception {
        var http = HttpClient.newBuilder().sslContext(certs.client(GOOD)).build();
        var anonymous = http.send(HttpRequest.newBuilder(URI.create(engine.url("/api/journal"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
    }
}
