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

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.qiao.conformance.support.Hl7.HOSP_A;

/**
 * ITI-10 to a subscriber that stays away: after the attempt limit the notification is dead, with the
 * reason; an operator replays it over HTTP once the subscriber is back, and it is delivered.
 */
class PixUpdateDeadLetterTest {

    static TestSubscriber absent;
    static Engine engine;
    static AdminClient admin;

    @BeforeAll
    static void start() throws Exception {
        absent = new TestSubscriber();   // not started: its port refuses connections
        engine = Engine.start(
                "--qiao.pix.subscribers[0].name=absent",
                "--qiao.pix.subscribers[0].host=127.0.0.1",
                "--qiao.pix.subscribers[0].port=" + absent.port,
                "--qiao.outbox.poll-interval=100ms",
                "--qiao.outbox.first-backoff=50ms",
                "--qiao.outbox.max-backoff=200ms",
                "--qiao.outbox.max-attempts=3");
        admin = new AdminClient(engine);
    }

    @AfterAll
    static void stop() throws Exception {
        engine.close();
        absent.close();
    }

    @Test
    void afterTheAttemptLimitTheNotificationIsDeadAndCanBeReplayed() throws Exception {
        var mrn = Hl7.unique("D");
        var ack = Mllp.exchange(engine.mllpPort, Hl7.adt("A01", Hl7.controlId(), mrn + "^^^" + HOSP_A, "姜", "维"));
        assertThat(Hl7.field(ack, "MSA", 1)).isEqualTo("AA");
        await().atMost(Duration.ofSeconds(20)).until(() -> admin.outbox("absent").get(0).get("status").asText().equals("DEAD"));
        var dead = admin.outbox("absent").get(0);
        assertThat(dead.get("attempts").asInt()).isEqualTo(3);
        assertThat(dead.get("lastError").asText()).isNotBlank();

        absent.start();
        var replay = admin.post("/api/outbox/messages/" + dead.get("id").asLong() + "/retry");
        assertThat(replay.statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> !absent.about(mrn).isEmpty());
        await().atMost(Duration.ofSeconds(10)).until(() -> admin.outbox("absent").get(0).get("status").asText().equals("SENT"));
        assertThat(absent.about(mrn)).hasSize(1);
    }
}
