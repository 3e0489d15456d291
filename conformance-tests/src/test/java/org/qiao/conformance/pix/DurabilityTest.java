package org.qiao.conformance.pix;

import org.junit.jupiter.api.Test;
import org.qiao.conformance.support.EngineTestSupport;
import org.qiao.conformance.support.Hl7;
import org.qiao.conformance.support.Mllp;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.qiao.conformance.support.Hl7.HOSP_A;
import static org.qiao.conformance.support.Hl7.controlId;
import static org.qiao.conformance.support.Hl7.field;
import static org.qiao.conformance.support.Hl7.unique;

/** An AA means the data is durable: kill -9 during a feed loses nothing that was acknowledged. */
class DurabilityTest extends EngineTestSupport {

    static final int CONNECTIONS = 8;



    @Test
    void everyAcknowledgedPatientSurvivesKillMinus9() throws Exception {
        var acknowledged = new ConcurrentLinkedQueue<String>();
        var sent = new AtomicInteger();
        var running = new CountDownLatch(CONNECTIONS);
        var feeders = new ArrayList<Thread>();
        for (int i = 0; i < CONNECTIONS; i++) {
            var t = new Thread(() -> {
                try (var c = new Mllp(engine.mllpPort)) {
                    running.countDown();
                    // bounded: stops at the kill (connection reset) or after 5000 messages
                    for (int n = 0; n < 5000; n++) {
                        var mrn = unique("K");
                        sent.incrementAndGet();
                        var ack = c.send(Hl7.adt("A01", controlId(), mrn + "^^^" + HOSP_A, "韩", "" + n));
                        if (ack == null) {
                            return;
                        }
                        if ("AA".equals(field(ack, "MSA", 1))) {
                            acknowledged.add(mrn);
                        }
                    }
                } catch (IOException killed) {
                    // the engine went away mid-conversation
                }
            });
            t.start();
            feeders.add(t);
        }
        running.await();
        // let the feed run, then kill the engine while messages are in flight
        while (acknowledged.size() < 200) {
            Thread.sleep(20);
        }
        engine.kill();
        for (var t : feeders) {
            t.join(30_000);
        }
        List<String> acked = new ArrayList<>(acknowledged);
        assertThat(acked.size()).isLessThan(sent.get());

        engine.restart();
        var missing = new ArrayList<String>();
        try (var c = new Mllp(engine.mllpPort)) {
            for (var mrn : acked) {
                var rsp = c.send(Hl7.q23(controlId(), mrn + "^^^" + HOSP_A, ""));
                if (!"AA".equals(field(rsp, "MSA", 1))) {
                    missing.add(mrn);
                }
            }
        }
        assertThat(missing).as("acknowledged but lost after kill -9 (%d acknowledged)", acked.size()).isEmpty();
    }
}
