package org.qiao.conformance.audit;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.qiao.conformance.support.AdminClient;
import org.qiao.conformance.support.Engine;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The audit record repository at the wire: RFC 5424 syslog over UDP (RFC 5426) from two independent senders
 * (util-linux {@code logger} and a plain DatagramSocket), then every search filter of GET /api/audit.
 */
class AuditRepositoryTest {

    private static final String PATIENT_A = "AUD100^^^&2.16.156.10011.0.99.1&ISO";
    private static final String PATIENT_B = "AUD200^^^&2.16.156.10011.0.99.1&ISO";
    private static final String GARBAGE = "this is not syslog, and not an audit message either";

    private static Engine engine;
    private static AdminClient admin;
    private static int udpPort;
    /** Stands in for an external ARR the engine forwards to. */
    private static DatagramSocket externalArr;
    private static final List<String> forwarded = new ArrayList<>();

    @BeforeAll
    static void startAndSend() throws Exception {
        try (var probe = new DatagramSocket(0)) {
            udpPort = probe.getLocalPort();
        }
        externalArr = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        externalArr.setSoTimeout(200);
        // the engine's own ATNA messages (AtnaAuditTrailTest) are switched off: only what this test sends is counted
        engine = Engine.start("--ipf.atna.audit-enabled=false",
                "--qiao.audit-repository.enabled=true", "--qiao.audit-repository.udp-port=" + udpPort,
                "--qiao.audit-repository.forward.host=127.0.0.1",
                "--qiao.audit-repository.forward.port=" + externalArr.getLocalPort());
        admin = new AdminClient(engine);

        // ITI-8 from the hospital's HIS, sent with util-linux logger (one line: logger sends a datagram per line)
        logger("HIS", message("110110", "Patient Record", "ITI-8", "Patient Identity Feed", "C", 0,
                "2025-05-01T08:00:00Z", "HIS|HOSPA", null, "10.1.1.5", "hosp-a-his", PATIENT_A, null));
        // garbage and an empty datagram are stored as sent, and do not stop the receiver
        udp(GARBAGE.getBytes(StandardCharsets.UTF_8));
        udp(new byte[0]);
        // ITI-18 by a doctor at hospital B and ITI-43 with a missing document, sent as raw RFC 5424 datagrams
        udp(syslog("ehr-b.example", "EHR", message("110112", "Query", "ITI-18", "Registry Stored Query", "E", 0,
                "2025-05-01T09:00:00+08:00", "http://www.w3.org/2005/08/addressing/anonymous", "dr.wang",
                "10.2.2.7", "hosp-b-ehr", PATIENT_A, "urn:uuid:14d4debf-8f97-4251-9a74-a90016b0af0d")));
        udp(syslog("qiao.example", "QIAO", message("110106", "Export", "ITI-43", "Retrieve Document Set", "R", 4,
                "2025-05-02T10:00:00Z", "https://qiao.example/services/xds-iti43", null, "10.3.3.9", "qiao-repo",
                PATIENT_B, "2.16.156.10011.0.99.5.77")));

        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> admin.json("/api/audit/count").get("count").asLong() >= 5);
        var deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        var buffer = new byte[65535];
        while (forwarded.size() < 3 && System.nanoTime() < deadline) {
            var packet = new DatagramPacket(buffer, buffer.length);
            try {
                externalArr.receive(packet);
                forwarded.add(new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8));
            } catch (java.net.SocketTimeoutException nothingYet) {
                // keep waiting until the deadline
            }
        }
    }

    @AfterAll
    static void stop() throws Exception {
        engine.close();
        externalArr.close();
    }

    @Test
    void readableMessagesAreForwardedUnderTheirOwnSyslogHeader() throws Exception {
        Thread.sleep(500); // a copy of garbage would have arrived by now
        var buffer = new byte[65535];
        try {
            externalArr.receive(new DatagramPacket(buffer, buffer.length));
            forwarded.add("unexpected");
        } catch (java.net.SocketTimeoutException expected) {
            // nothing more
        }
        assertThat(forwarded).hasSize(3).allSatisfy(m -> assertThat(m)
                .startsWith("<85>1 ").contains(" IHE+RFC-3881 - \uFEFF<?xml").endsWith("</AuditMessage>")
                .containsOnlyOnce("<?xml"));
        assertThat(forwarded).anySatisfy(m -> assertThat(m)
                .startsWith("<85>1 2025-05-01T09:00:01Z ehr-b.example EHR ").contains("csd-code=\"ITI-18\""));
        assertThat(forwarded).anySatisfy(m -> assertThat(m).contains(" HIS ").contains("csd-code=\"ITI-8\""));
        assertThat(forwarded).noneMatch(m -> m.contains(GARBAGE));
    }

    @Test
    void everyMessageIsStoredOnceEvenGarbage() throws Exception {
        assertThat(admin.json("/api/audit/count").get("count").asLong()).isEqualTo(5);
        var all = admin.json("/api/audit");
        // newest first; unread datagrams count by their reception time (now)
        assertThat(eventTypes(all)).containsExactly("-", "-", "ITI-43", "ITI-8", "ITI-18");
        var raws = new ArrayList<String>();
        for (var unread : List.of(all.get(0), all.get(1))) {
            assertThat(unread.get("parseError").asText()).contains("not RFC 5424 syslog");
            assertThat(unread.get("transport").asText()).isEqualTo("UDP");
            assertThat(unread.get("sender").asText()).startsWith("127.0.0.1:");
            assertThat(unread.get("eventId").isNull()).isTrue();
            raws.add(admin.json("/api/audit/" + unread.get("id").asLong()).get("raw").asText());
        }
        assertThat(raws).containsExactlyInAnyOrder(GARBAGE, "");
    }

    @Test
    void theLoggerMessageKeepsItsSyslogHeaderAndXml() throws Exception {
        var found = admin.json("/api/audit?eventType=ITI-8");
        assertThat(found).hasSize(1);
        var r = admin.json("/api/audit/" + found.get(0).get("id").asLong());
        assertThat(r.get("syslogApp").asText()).isEqualTo("HIS");
        assertThat(r.get("syslogMsgId").asText()).isEqualTo("IHE+RFC-3881");
        assertThat(r.get("sender").asText()).startsWith("127.0.0.1:");
        assertThat(r.get("eventId").get("code").asText()).isEqualTo("110110");
        assertThat(r.get("eventId").get("display").asText()).isEqualTo("Patient Record");
        assertThat(r.get("action").asText()).isEqualTo("C");
        assertThat(r.get("eventDateTime").asText()).isEqualTo("2025-05-01T08:00:00Z");
        assertThat(r.get("sourceId").asText()).isEqualTo("hosp-a-his");
        assertThat(r.get("raw").asText()).startsWith("<?xml").contains("csd-code=\"ITI-8\"");
        assertThat(r.get("parseError").isNull()).isTrue();
        assertThat(admin.get("/api/audit/999999").statusCode()).isEqualTo(404);
    }

    @Test
    void searchesByTimeRange() throws Exception {
        // ITI-18 at 09:00+08:00 is 01:00Z, before ITI-8 at 08:00Z; from is inclusive, to exclusive
        assertThat(eventTypes(search("from=2025-05-01T08:00:00Z"))).containsExactly("-", "-", "ITI-43", "ITI-8");
        assertThat(eventTypes(search("from=2025-05-01T00:00:00Z&to=2025-05-01T08:00:00Z"))).containsExactly("ITI-18");
        assertThat(eventTypes(search("from=2025-05-01T00:00:00Z&to=2025-05-02T00:00:00Z")))
                .containsExactly("ITI-8", "ITI-18");
        // an offset written with an unencoded '+' arrives as a space and still counts
        assertThat(eventTypes(search("from=2025-05-01T09:00:00+08:00&to=2025-05-01T17:00:00+08:00")))
                .containsExactly("ITI-8", "ITI-18");
        assertThat(admin.get("/api/audit?from=yesterday").statusCode()).isEqualTo(400);
    }

    @Test
    void searchesByPatient() throws Exception {
        assertThat(eventTypes(search("patient=" + enc(PATIENT_A)))).containsExactly("ITI-8", "ITI-18");
        assertThat(eventTypes(search("patient=" + enc(PATIENT_B)))).containsExactly("ITI-43");
        assertThat(eventTypes(search("patient=AUD200"))).containsExactly("ITI-43");
        assertThat(search("patient=" + enc("AUD100^^^&1.2.3&ISO"))).isEmpty();
        var r = search("patient=" + enc(PATIENT_B)).get(0);
        assertThat(r.get("patients").get(0).asText()).isEqualTo(PATIENT_B);
        assertThat(r.get("objects").get(0).asText()).isEqualTo("2.16.156.10011.0.99.5.77");
    }

    @Test
    void searchesByUserAndNode() throws Exception {
        assertThat(eventTypes(search("user=dr.wang"))).containsExactly("ITI-18");
        assertThat(eventTypes(search("user=" + enc("HIS|HOSPA")))).containsExactly("ITI-8");
        assertThat(eventTypes(search("user=" + enc("http://www.w3.org/2005/08/addressing/anonymous"))))
                .containsExactly("ITI-18");
        assertThat(search("user=nobody")).isEmpty();
        assertThat(eventTypes(search("node=10.3.3.9"))).containsExactly("ITI-43");
        assertThat(eventTypes(search("node=10.1.1.5"))).containsExactly("ITI-8");
        assertThat(eventTypes(search("node=hosp-b-ehr"))).containsExactly("ITI-18"); // audit source id
        assertThat(eventTypes(search("node=127.0.0.1"))).isEmpty(); // the sender's address is not a participant
    }

    @Test
    void searchesByEventIdEventTypeAndOutcome() throws Exception {
        assertThat(eventTypes(search("eventId=110112"))).containsExactly("ITI-18");
        assertThat(eventTypes(search("eventType=ITI-43"))).containsExactly("ITI-43");
        assertThat(eventTypes(search("outcome=4"))).containsExactly("ITI-43");
        assertThat(eventTypes(search("outcome=0"))).containsExactly("ITI-8", "ITI-18");
        assertThat(eventTypes(search("outcome=0&patient=" + enc(PATIENT_A) + "&user=dr.wang"))).containsExactly("ITI-18");
        assertThat(admin.json("/api/audit/count?outcome=0").get("count").asLong()).isEqualTo(2);
        assertThat(admin.json("/api/audit?limit=2")).hasSize(2);
    }

    /** Searches and checks that the count endpoint agrees. */
    private static JsonNode search(String query) throws Exception {
        var found = admin.json("/api/audit?" + query);
        assertThat(admin.json("/api/audit/count?" + query).get("count").asLong()).as(query).isEqualTo(found.size());
        return found;
    }

    /** The first event type code of each record, "-" for unread ones. */
    private static List<String> eventTypes(JsonNode records) {
        var codes = new ArrayList<String>();
        records.forEach(r -> codes.add(r.get("eventTypes").isEmpty() ? "-" : r.get("eventTypes").get(0).get("code").asText()));
        return codes;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static void logger(String tag, String xml) throws Exception {
        var p = new ProcessBuilder("logger", "--rfc5424", "-d", "-n", "127.0.0.1", "-P", String.valueOf(udpPort),
                "-t", tag, "--msgid", "IHE+RFC-3881", "-p", "authpriv.notice", "--size", "60000", "--",
                xml.replace("\n", " ")).redirectErrorStream(true).start();
        var out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }

    private static void udp(byte[] datagram) throws Exception {
        try (var socket = new DatagramSocket()) {
            socket.send(new DatagramPacket(datagram, datagram.length, InetAddress.getLoopbackAddress(), udpPort));
        }
    }

    /** An RFC 5424 frame as IHE ATNA senders write it: PRI 85 (authpriv.notice), BOM before the XML. */
    private static byte[] syslog(String host, String app, String xml) {
        return ("<85>1 2025-05-01T09:00:01.000Z " + host + " " + app + " 4711 IHE+RFC-3881 - \uFEFF" + xml)
                .getBytes(StandardCharsets.UTF_8);
    }

    /** A DICOM (PS3.15 A.5) audit message: the requestor (with NetworkAccessPointID), optionally a human user. */
    private static String message(String eventId, String eventName, String eventType, String typeName, String action,
                                  int outcome, String time, String userId, String userName, String node, String source,
                                  String patient, String objectId) {
        var objectPart = objectId == null ? "" : """
                  <ParticipantObjectIdentification ParticipantObjectID="%s" ParticipantObjectTypeCode="2" ParticipantObjectTypeCodeRole="3">
                    <ParticipantObjectIDTypeCode csd-code="9" codeSystemName="RFC-3881" originalText="Report Number"/>
                  </ParticipantObjectIdentification>
                """.formatted(objectId);
        var humanPart = userName == null ? "" : """
                  <ActiveParticipant UserID="%s" UserIsRequestor="true"/>
                """.formatted(userName);
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <AuditMessage>
                  <EventIdentification EventActionCode="%s" EventDateTime="%s" EventOutcomeIndicator="%d">
                    <EventID csd-code="%s" codeSystemName="DCM" originalText="%s"/>
                    <EventTypeCode csd-code="%s" codeSystemName="IHE Transactions" originalText="%s"/>
                  </EventIdentification>
                  <ActiveParticipant UserID="%s" UserIsRequestor="true" NetworkAccessPointID="%s" NetworkAccessPointTypeCode="2">
                    <RoleIDCode csd-code="110153" codeSystemName="DCM" originalText="Source Role ID"/>
                  </ActiveParticipant>
                %s  <AuditSourceIdentification AuditSourceID="%s"/>
                  <ParticipantObjectIdentification ParticipantObjectID="%s" ParticipantObjectTypeCode="1" ParticipantObjectTypeCodeRole="1">
                    <ParticipantObjectIDTypeCode csd-code="2" codeSystemName="RFC-3881" originalText="Patient Number"/>
                    <ParticipantObjectDetail type="MSH-10" value="%s"/>
                  </ParticipantObjectIdentification>
                %s</AuditMessage>
                """.formatted(action, time, outcome, eventId, eventName, eventType, typeName, xml(userId), node,
                humanPart, source, xml(patient), Base64.getEncoder().encodeToString("MSG-1".getBytes(StandardCharsets.UTF_8)),
                objectPart);
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace("\"", "&quot;");
    }
}
