package org.qiao.outbox;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.qiao.support.TestDatabase;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** In-order delivery with retries, back-off and a dead-letter state. */
class OutboxDeliveryTest {

    private TestDatabase db;
    private Outbox outbox;
    private final List<String> delivered = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        db = new TestDatabase();
        outbox = new Outbox(db.jdbc);
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    @Test
    void messagesGoOutInOrderAndEachOnce() {
        for (int i = 1; i <= 5; i++) {
            outbox.enqueue("s1", "ITI-10", "p" + (i % 2), "m" + i);
        }
        outbox.enqueue("other", "ITI-10", "p", "x");
        var delivery = new OutboxDelivery(outbox, new OutboxDelivery.Policy(3, Duration.ZERO, Duration.ZERO));
        assertThat(delivery.deliver("s1", m -> { delivered.add(m.payload()); return "AA"; })).isEqualTo(5);
        assertThat(delivery.deliver("s1", m -> { delivered.add(m.payload()); return "AA"; })).isZero();
        assertThat(delivered).containsExactly("m1", "m2", "m3", "m4", "m5");
        assertThat(outbox.countByStatus()).containsEntry("SENT", 5L).containsEntry("PENDING", 1L);
    }

    @Test
    void aFailureHoldsTheLineUntilTheBackOffExpiresThenDeadLettersAfterTheLimit() throws Exception {
        outbox.enqueue("s1", "ITI-10", "p", "m1");
        outbox.enqueue("s1", "ITI-10", "p", "m2");
        var delivery = new OutboxDelivery(outbox, new OutboxDelivery.Policy(2, Duration.ofMillis(300), Duration.ofSeconds(1)));
        OutboxDelivery.Transport down = m -> { throw new IOException("connection refused"); };
        assertThat(delivery.deliver("s1", down)).isZero();
        // m2 waits behind m1, and m1 is not retried before its back-off
        assertThat(delivery.deliver("s1", m -> { delivered.add(m.payload()); return "AA"; })).isZero();
        assertThat(delivered).isEmpty();
        Thread.sleep(700);
        // second failure reaches the limit: m1 is dead, and the line moves on to m2
        assertThat(delivery.deliver("s1", m -> {
            if (m.payload().equals("m1")) {
                throw new IOException("still down");
            }
            delivered.add(m.payload());
            return "AA";
        })).isEqualTo(1);
        assertThat(delivered).containsExactly("m2");
        var dead = outbox.byDestination("s1").get(0);
        assertThat(dead.status()).isEqualTo("DEAD");
        assertThat(dead.attempts()).isEqualTo(2);
        assertThat(dead.lastError()).contains("still down");
        // an operator replays it
        outbox.retry(dead.id());
        assertThat(delivery.deliver("s1", m -> { delivered.add(m.payload()); return "AA"; })).isEqualTo(1);
        assertThat(delivered).containsExactly("m2", "m1");
    }
}
