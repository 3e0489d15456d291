package org.qiao.conformance.pix;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.qiao.conformance.support.AdminClient;
import org.qiao.conformance.support.Engine;
import org.qiao.conformance.support.Hl7;
import org.qiao.conformance.support.Mllp;
import org.qiao.conformance.support.TestSubscriber;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.qiao.conformance.support.Hl7.HOSP_A;
import static org.qiao.conformance.support.Hl7.HOSP_B;
import static org.qiao.conformance.support.Hl7.NATIONAL_ID;
import static org.qiao.conformance.support.Hl7.REGIONAL;
import static org.qiao.conformance.support.Hl7.controlId;
import static org.qiao.conformance.support.Hl7.field;
import static org.qiao.conformance.support.Hl7.pid3;
import static org.qiao.conformance.support.Hl7.unique;

/** ITI-10: subscribers receive ADT^A31 through the durable outbox, also after being down for a while. */
class PixUpdateNotificationTest {

    static TestSubscriber hospitalB;
    static TestSubscriber allDomains;
    static Engine engine;
    static AdminClient admin;

    @BeforeAll
    static void start() throws Exception {
        hospitalB = new TestSubscriber().start();
        allDomains = new TestSubscriber().start();
        engine = Engine.start(
                "--qiao.pix.subscribers[0].name=hosp-b",
                "--qiao.pix.subscribers[0].host=127.0.0.1",
                "--qiao.pix.subscribers[0].port=" + hospitalB.port,
                "--qiao.pix.subscribers[0].application=HIS_B",
                "--qiao.pix.subscribers[0].facility=HOSP_B",
                "--qiao.pix.subscribers[0].domains=hosp-b-mrn,regional",
                "--qiao.pix.subscribers[1].name=registry",
                "--qiao.pix.subscribers[1].host=127.0.0.1",
                "--qiao.pix.subscribers[1].port=" + allDomains.port,
                "--qiao.outbox.poll-interval=100ms",
                "--qiao.outbox.first-backoff=100ms",
                "--qiao.outbox.max-backoff=1s");
        admin = new AdminClient(engine);
    }

    @AfterAll
    static void stop() throws Exception {
        engine.close();
        hospitalB.close();
        allDomains.close();
    }

    /**
     * ITI TF-2a 3.10.4.1.2 with 3.9.4.2.2.6 Case 6: a person's several ids of one domain are successive PID-3
     * repetitions, in assignment order, though other ids were assigned between them (A1, then B1, then A2).
     */
    @Test
    void severalIdentifiersOfOneDomainAreNotifiedTogether() throws Exception {
        var nationalId = unique("4402");
        var a1 = unique("A");
        var a2 = unique("A");
        for (var pid3 : java.util.List.of(a1 + "^^^" + HOSP_A, unique("B") + "^^^" + HOSP_B, a2 + "^^^" + HOSP_A)) {
            var ack = Mllp.exchange(engine.mllpPort, Hl7.adt("A01", controlId(), pid3 + "~" + nationalId
                    + "^^^" + NATIONAL_ID, "乔", "十"));
            assertThat(field(ack, "MSA", 1)).as(ack).isEqualTo("AA");
            Thread.sleep(20); // a later assignment time for each feed
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> !allDomains.about(a2).isEmpty());
        var ids = pid3(allDomains.about(a2).get(allDomains.about(a2).size() - 1));
        assertThat(ids).hasSize(5);
        assertThat(ids.indexOf(a2 + "^^^" + HOSP_A)).as(ids.toString()).isEqualTo(ids.indexOf(a1 + "^^^" + HOSP_A) + 1);
        assertThat(Hl7.runs(ids, Hl7::authority)).as("one run of repetitions per domain: " + ids).doesNotHaveDuplicates();
    }

    @Test
    void aLinkIsNotifiedWithTheSubscribersDomainsOnly() throws Exception {
        var nationalId = unique("4401");
        var mrnA = unique("A");
        var mrnB = unique("B");
        Mllp.exchange(engine.mllpPort, Hl7.adt("A01", controlId(), mrnA + "^^^" + HOSP_A + "~" + nationalId
                + "^^^" + NATIONAL_ID, "林", "一"));
        Mllp.exchange(engine.mllpPort, Hl7.adt("A01", controlId(), mrnB + "^^^" + HOSP_B + "~" + nationalId
                + "^^^" + NATIONAL_ID, "林", "一"));

        // hospital B (domains: its MRNs and the regional id) hears about the person once B's MRN is linked
        await().atMost(Duration.ofSeconds(20)).until(() -> !hospitalB.about(mrnB).isEmpty());
        var a31 = hospitalB.about(mrnB).get(0);
        assertThat(field(a31, "MSH", 9)).isEqualTo("ADT^A31^ADT_A05");
        assertThat(field(a31, "MSH", 12)).isEqualTo("2.5");
        assertThat(field(a31, "MSH", 5)).isEqualTo("HIS_B");
        assertThat(field(a31, "PID", 5)).isEqualTo(" ");
        assertThat(field(a31, "PV1", 2)).isEqualTo("N");
        assertThat(pid3(a31)).hasSize(2).anyMatch(cx -> cx.endsWith("^^^" + REGIONAL))
                .contains(mrnB + "^^^" + HOSP_B);

        // the all-domains subscriber gets every identifier of the linked person
        await().atMost(Duration.ofSeconds(20)).until(() -> allDomains.about(mrnB).stream()
                .anyMatch(m -> pid3(m).contains(mrnA + "^^^" + HOSP_A)));
        var last = allDomains.about(mrnB).get(allDomains.about(mrnB).size() - 1);
        assertThat(pid3(last)).contains(mrnA + "^^^" + HOSP_A, mrnB + "^^^" + HOSP_B,
                nationalId + "^^^" + NATIONAL_ID);
    }

    @Test
    void aMergeIsNotifiedWithoutTheRetiredIdentifier() throws Exception {
        var survivor = unique("B");
        var duplicate = unique("B");
        Mllp.exchange(engine.mllpPort, Hl7.adt("A01", controlId(), survivor + "^^^" + HOSP_B, "马", "岱"));
        Mllp.exchange(engine.mllpPort, Hl7.adt("A01", controlId(), duplicate + "^^^" + HOSP_B, "马", "岱"));
        var ack = Mllp.exchange(engine.mllpPort, Hl7.a40(controlId(), survivor + "^^^" + HOSP_B,
                duplicate + "^^^" + HOSP_B, "马", "岱"));
        assertThat(field(ack, "MSA", 1)).isEqualTo("AA");
        // after the merge hospital B hears of the survivor once more, and the retired MRN is no longer listed
        await().atMost(Duration.ofSeconds(20)).until(() -> hospitalB.about(survivor).size() >= 2);
        var last = hospitalB.about(survivor).get(hospitalB.about(survivor).size() - 1);
        assertThat(pid3(last)).contains(survivor + "^^^" + HOSP_B).doesNotContain(duplicate + "^^^" + HOSP_B);
    }

    @Test
    void aSubscriberThatWasDownReceivesEverythingOnceInOrder() throws Exception {
        hospitalB.stop();
        var mrns = new ArrayList<String>();
        for (int i = 0; i < 5; i++) {
            var mrn = unique("B");
            mrns.add(mrn);
            var ack = Mllp.exchange(engine.mllpPort, Hl7.adt("A04", controlId(), mrn + "^^^" + HOSP_B, "郭", "" + i));
            assertThat(field(ack, "MSA", 1)).isEqualTo("AA");
        }
        // while it is down, the notifications wait in the outbox and are retried
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            for (var m : admin.outbox("hosp-b")) {
                if (m.get("attempts").asInt() > 0 && m.get("status").asText().equals("PENDING")) {
                    return true;
                }
            }
            return false;
        });
        Thread.sleep(1500);
        hospitalB.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> mrns.stream().allMatch(m -> !hospitalB.about(m).isEmpty()));
        // each once, in the order the patients were fed
        var order = new ArrayList<String>();
        for (var m : hospitalB.received) {
            for (var mrn : mrns) {
                if (pid3(m).contains(mrn + "^^^" + HOSP_B)) {
                    order.add(mrn);
                }
            }
        }
        assertThat(order).containsExactlyElementsOf(mrns);
        var controlIds = new HashSet<String>();
        for (var m : hospitalB.received) {
            assertThat(controlIds.add(field(m, "MSH", 10))).as("sent twice: " + m).isTrue();
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(admin.outbox("hosp-b").findValues("status").stream().map(n -> n.asText()))
                        .containsOnly("SENT"));
        // deliveries are measured: failed attempts while it was down, then accepted ones
        var metrics = admin.get("/actuator/prometheus").body();
        assertThat(metrics).containsPattern("qiao_outbound_messages_seconds_count\\{[^}]*destination=\"hosp-b\"[^}]*outcome=\"failed\"[^}]*} [1-9]");
        assertThat(metrics).containsPattern("qiao_outbound_messages_seconds_count\\{[^}]*destination=\"hosp-b\"[^}]*outcome=\"AA\"[^}]*} [1-9]");
    }
}
