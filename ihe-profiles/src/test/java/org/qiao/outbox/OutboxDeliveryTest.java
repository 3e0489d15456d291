package org.qiao.outbox;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.qiao.support.TestDatabase;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** In-order delivery with retries, back-off and a dead-letter state, claimed by one worker of any process at a time. */
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

    private OutboxDelivery delivery(int maxAttempts, Duration first, Duration max) {
        return new OutboxDelivery(outbox, new OutboxDelivery.Policy(maxAttempts, first, max), db.tx, claims);
    }

    private final WorkClaims claims = new WorkClaims();

    @Test
    void messagesGoOutInOrderAndEachOnce() {
        for (int i = 1; i <= 5; i++) {
            outbox.enqueue("s1", "ITI-10", "p" + (i % 2), "m" + i);
        }
        outbox.enqueue("other", "ITI-10", "p", "x");
        var delivery = delivery(3, Duration.ZERO, Duration.ZERO);
        assertThat(delivery.deliver("s1", m -> { delivered.add(m.payload()); return "AA"; })).isEqualTo(5);
        assertThat(delivery.deliver("s1", m -> { delivered.add(m.payload()); return "AA"; })).isZero();
        assertThat(delivered).containsExactly("m1", "m2", "m3", "m4", "m5");
        assertThat(outbox.countByStatus()).containsEntry("SENT", 5L).containsEntry("PENDING", 1L);
    }

    @Test
    void aFailureHoldsTheLineUntilTheBackOffExpiresThenDeadLettersAfterTheLimit() throws Exception {
        outbox.enqueue("s1", "ITI-10", "p", "m1");
        outbox.enqueue("s1", "ITI-10", "p", "m2");
        var delivery = delivery(2, Duration.ofMillis(300), Duration.ofSeconds(1));
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

    @Test
    void aClaimedHeadHoldsTheLineForEveryOtherWorker() throws Exception {
        outbox.enqueue("s1", "ITI-10", "p", "m1");
        outbox.enqueue("s1", "ITI-10", "p", "m2");
        var inFlight = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        var first = delivery(3, Duration.ZERO, Duration.ZERO);
        var sent = new java.util.concurrent.ConcurrentLinkedQueue<String>();
        var worker = new Thread(() -> first.deliver("s1", m -> {
            if (m.payload().equals("m1")) {
                inFlight.countDown();
                release.await();
            }
            sent.add(m.payload());
            return "AA";
        }));
        worker.start();
        assertThat(inFlight.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(claims.current()).containsOnlyKeys("s1");
        // another process's worker: m1 is claimed, and m2 must not overtake it
        var other = delivery(3, Duration.ZERO, Duration.ZERO);
        assertThat(other.deliver("s1", m -> { sent.add("other:" + m.payload()); return "AA"; })).isZero();
        release.countDown();
        worker.join(10_000);
        assertThat(sent).containsExactly("m1", "m2");
        assertThat(claims.current()).isEmpty();
        assertThat(outbox.countByStatus()).containsOnly(java.util.Map.entry("SENT", 2L));
    }

    @Test
    void aClaimEndsWithTheConnectionOfAProcessThatDied() throws Exception {
        outbox.enqueue("s1", "ITI-10", "p", "m1");
        var connection = db.dataSource.getConnection();
        connection.setAutoCommit(false);
        var dying = new Outbox(new JdbcTemplate(new SingleConnectionDataSource(connection, true)));
        assertThat(dying.claimHead("s1")).isPresent();
        var survivor = delivery(3, Duration.ZERO, Duration.ZERO);
        assertThat(survivor.deliver("s1", m -> { delivered.add(m.payload()); return "AA"; })).isZero();
        connection.close(); // what the database sees when a process is killed: its session ends, uncommitted
        assertThat(survivor.deliver("s1", m -> { delivered.add(m.payload()); return "AA"; })).isEqualTo(1);
        assertThat(delivered).containsExactly("m1");
    }

    @Test
    void whatAFailedDeliveryWroteIsRolledBackAndTheAttemptCounted() {
        outbox.enqueue("s1", "TRANSLATE", "p", "m1");
        var delivery = delivery(3, Duration.ofSeconds(60), Duration.ofSeconds(60));
        assertThat(delivery.deliver("s1", m -> {
            outbox.enqueue("written-by-the-transport", "X", "p", "half");
            throw new IOException("the repository refused it");
        })).isZero();
        assertThat(outbox.byDestination("written-by-the-transport")).isEmpty();
        var m1 = outbox.byDestination("s1").get(0);
        assertThat(m1.status()).isEqualTo("PENDING");
        assertThat(m1.attempts()).isEqualTo(1);
        assertThat(m1.lastError()).contains("the repository refused it");
    }

    @Test
    void aDrainingDeliveryFinishesTheMessageItHoldsAndClaimsNoMore() {
        for (int i = 1; i <= 3; i++) {
            outbox.enqueue("s1", "ITI-10", "p", "m" + i);
        }
        var delivery = delivery(3, Duration.ZERO, Duration.ZERO);
        assertThat(delivery.deliver("s1", m -> {
            delivery.drain(); // shutdown begins while m1 is on the wire
            delivered.add(m.payload());
            return "AA";
        })).isEqualTo(1);
        assertThat(delivered).containsExactly("m1");
        assertThat(outbox.countByStatus()).containsEntry("SENT", 1L).containsEntry("PENDING", 2L);
    }
}
