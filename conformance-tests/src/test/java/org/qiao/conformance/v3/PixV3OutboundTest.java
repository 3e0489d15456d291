package org.qiao.conformance.v3;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.qiao.conformance.support.AdminClient;
import org.qiao.conformance.support.Engine;
import org.qiao.conformance.support.Hl7;
import org.qiao.conformance.support.TestSubscriber;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.qiao.conformance.v3.V3Client.ADD;
import static org.qiao.conformance.v3.V3Client.HOSP_A;
import static org.qiao.conformance.v3.V3Client.QUERY;
import static org.qiao.conformance.v3.V3Client.id;
import static org.qiao.conformance.v3.V3Client.text;

/**
 * What leaves the engine because of an HL7 v3 transaction:
 * <ul>
 *   <li>ATNA: IPF's ITI-44 and ITI-45 audit strategies (from the 5.1-20250424 hl7v3 module) write through the
 *       5.1.0 audit core into the engine's own audit record repository, one record per transaction;</li>
 *   <li>ITI-10: a v3 feed changes the person's identifiers like an ITI-8 feed does, so subscribers hear of it.</li>
 * </ul>
 */
class PixV3OutboundTest {

    private static TestSubscriber subscriber;
    private static Engine engine;

    @BeforeAll
    static void start() throws Exception {
        subscriber = new TestSubscriber().start();
        engine = Engine.start(
                "--qiao.pix.subscribers[0].name=hosp-b",
                "--qiao.pix.subscribers[0].host=127.0.0.1",
                "--qiao.pix.subscribers[0].port=" + subscriber.port,
                "--qiao.pix.subscribers[0].domains=hosp-a-mrn,national-id",
                "--qiao.outbox.poll-interval=100ms");
    }

    @AfterAll
    static void stop() throws Exception {
        engine.close();
        subscriber.close();
    }

    @Test
    void aV3FeedIsNotifiedToSubscribersWithTheirDomainsIdentifiers() throws Exception {
        var client = new V3Client(engine);
        var mrn = Hl7.unique("NT");
        var nationalId = Hl7.unique("5104");
        var answer = client.http("pixv3-iti44", V3Client.action(ADD), client.envelope("pixv3-iti44", ADD,
                V3Client.feed(ADD, List.of(id(HOSP_A, mrn)), List.of(id(V3Client.NATIONAL_ID, nationalId)), "通", "知")));
        assertThat(text(answer.xml(), "//hl7:acknowledgement/hl7:typeCode/@code")).isEqualTo("AA");

        await().atMost(Duration.ofSeconds(30)).until(() -> !subscriber.about(mrn).isEmpty());
        var a31 = subscriber.about(mrn).get(0);
        assertThat(Hl7.field(a31, "MSH", 9)).startsWith("ADT^A31");
        assertThat(Hl7.pid3(a31)).containsExactlyInAnyOrder(mrn + "^^^" + Hl7.HOSP_A, nationalId + "^^^" + Hl7.NATIONAL_ID);
    }

    @Test
    void eachV3TransactionLeavesOneAuditRecordAboutItsPatient() throws Exception {
        var client = new V3Client(engine);
        var auditor = new AdminClient(engine, Engine.AUDITOR);
        var mrns = List.of(Hl7.unique("AU"), Hl7.unique("AU"));
        for (var mrn : mrns) {
            var answer = client.http("pixv3-iti44", V3Client.action(ADD), client.envelope("pixv3-iti44", ADD,
                    V3Client.feed(ADD, List.of(id(HOSP_A, mrn)), List.of(), "审", "计")));
            assertThat(text(answer.xml(), "//hl7:acknowledgement/hl7:typeCode/@code")).isEqualTo("AA");
        }
        var query = client.http("pixv3-iti45", V3Client.action(QUERY), client.envelope("pixv3-iti45", QUERY,
                V3Client.query(HOSP_A, mrns.get(0))));
        assertThat(text(query.xml(), "//hl7:queryAck/hl7:queryResponseCode/@code")).isEqualTo("OK");

        await().atMost(Duration.ofSeconds(30)).until(() ->
                count(auditor, "eventType=ITI-44") >= 2 && count(auditor, "eventType=ITI-45") >= 1);
        assertThat(count(auditor, "eventType=ITI-44")).isEqualTo(2);
        assertThat(count(auditor, "eventType=ITI-45")).isEqualTo(1);
        for (var mrn : mrns) {
            assertThat(auditor.json("/api/audit?limit=100&eventType=ITI-44&patient=" + enc(mrn))).as(mrn).hasSize(1);
        }
        assertThat(auditor.json("/api/audit?limit=100&eventType=ITI-45&patient=" + enc(mrns.get(0)))).hasSize(1);
    }

    private static long count(AdminClient auditor, String query) throws Exception {
        return auditor.json("/api/audit/count?" + query).get("count").asLong();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
