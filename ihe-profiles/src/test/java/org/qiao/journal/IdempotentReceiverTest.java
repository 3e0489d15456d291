package org.qiao.journal;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.qiao.support.TestDatabase;

import java.util.ArrayList;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Exactly-once application of inbound messages, with the journal in the same transaction. */
class IdempotentReceiverTest {

    private TestDatabase db;
    private MessageJournal journal;
    private IdempotentReceiver receiver;

    @BeforeEach
    void setUp() throws Exception {
        db = new TestDatabase();
        db.jdbc.execute("CREATE TABLE effect (n INT)");
        journal = new MessageJournal(db.jdbc);
        receiver = new IdempotentReceiver(journal, db.tx);
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    private static InboundMessage message(String controlId) {
        return new InboundMessage("MLLP", "ITI-8", "ADT^A01", "HIS", "H1", controlId, "UTF-8", "MSH|...");
    }

    private int effects() {
        return db.jdbc.queryForObject("SELECT COUNT(*) FROM effect", Integer.class);
    }

    @Test
    void theSameMessageSentConcurrentlyHasOneEffectAndEveryoneGetsTheSameResponse() throws Exception {
        var calls = new AtomicInteger();
        var pool = Executors.newFixedThreadPool(8);
        var tasks = new ArrayList<Callable<IdempotentReceiver.Outcome>>();
        for (int i = 0; i < 8; i++) {
            tasks.add(() -> receiver.receive(message("C1"), () -> {
                db.jdbc.update("INSERT INTO effect VALUES (1)");
                return "ACK-" + calls.incrementAndGet();
            }));
        }
        var responses = new ArrayList<String>();
        for (var f : pool.invokeAll(tasks)) {
            responses.add(f.get().response());
        }
        pool.shutdown();
        assertThat(effects()).isEqualTo(1);
        assertThat(responses).hasSize(8).allMatch(r -> r.equals(responses.get(0)));
        assertThat(journal.findByControlId("C1")).hasSize(1);
    }

    @Test
    void aFailingEffectLeavesNothingBehind() {
        assertThatThrownBy(() -> receiver.receive(message("C2"), () -> {
            db.jdbc.update("INSERT INTO effect VALUES (1)");
            throw new IllegalStateException("bad message");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(effects()).isZero();
        assertThat(journal.findByControlId("C2")).isEmpty();
        // and the corrected message can come with the same control id
        var outcome = receiver.receive(message("C2"), () -> "ACK");
        assertThat(outcome.duplicate()).isFalse();
        assertThat(receiver.receive(message("C2"), () -> "OTHER").response()).isEqualTo("ACK");
    }
}
