package org.qiao.outbox;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Delivers one destination's outbox in order, one message per transaction, safely from several processes.
 *
 * <ol>
 *   <li>in a transaction, claim the oldest pending message ({@link Outbox#claimHead}); stop if it is not due, or
 *       claimed by another worker (everything behind it waits, which keeps every patient's messages in order);</li>
 *   <li>send it; on an accepting answer mark it sent and commit, so it is never sent again. The transport joins
 *       the transaction, so what it stores (a translation's document) commits with the mark or not at all;</li>
 *   <li>on failure roll back, then in a new transaction count the attempt and back off exponentially; after the
 *       limit, or at once for a {@link PermanentFailure}, it becomes dead (visible and replayable) and the line
 *       moves on.</li>
 * </ol>
 * The one window: a process that dies after the peer accepted a message and before its commit leaves the message
 * pending, and another process sends it again (a receiver tells the repeat by its message control id).
 */
public class OutboxDelivery {

    private static final Logger log = LoggerFactory.getLogger(OutboxDelivery.class);

    /** Sends a payload; returns the peer's answer, or throws when the peer did not accept it. */
    public interface Transport {
        String send(OutboxMessage message) throws Exception;
    }

    /** A failure that retrying cannot cure (e.g. bad content): the message goes to the dead letters at once. */
    public static class PermanentFailure extends Exception {
        public PermanentFailure(String message) {
            super(message);
        }
    }

    public record Policy(int maxAttempts, Duration firstBackoff, Duration maxBackoff) {
        Duration backoff(int attempts) {
            var millis = firstBackoff.toMillis() * (1L << Math.min(attempts, 20));
            return Duration.ofMillis(Math.min(millis, maxBackoff.toMillis()));
        }
    }

    private record Failure(OutboxMessage message, Exception error) {
    }

    /** A failed attempt as counted: the message's attempts now, and whether that made it dead. */
    private record Counted(int attempts, boolean dead) {
    }

    private static final Object NOTHING = new Object();
    private static final Object SENT = new Object();

    private final Outbox outbox;
    private final Policy policy;
    private final TransactionTemplate tx;
    private final WorkClaims claims;
    private volatile boolean draining;

    public OutboxDelivery(Outbox outbox, Policy policy, TransactionTemplate tx, WorkClaims claims) {
        this.outbox = outbox;
        this.policy = policy;
        this.tx = tx;
        this.claims = claims;
    }

    /** Claims nothing more: a delivery under way finishes the message it holds and returns (shutdown). */
    public void drain() {
        draining = true;
    }

    /**
     * Shutdown of a worker delivering with this: claims nothing more, lets the message under way finish (at most
     * {@code within}), then stops the worker's threads.
     */
    public void drain(ExecutorService worker, Duration within) {
        drain();
        worker.shutdown();
        try {
            if (!worker.awaitTermination(within.toMillis(), TimeUnit.MILLISECONDS)) {
                worker.shutdownNow();
            }
        } catch (InterruptedException e) {
            worker.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /** Delivers due messages of one destination until none is due or claimable; returns how many were sent. */
    public int deliver(String destination, Transport transport) {
        int sent = 0;
        while (!draining) {
            var claimed = new AtomicReference<OutboxMessage>();
            Object outcome;
            try {
                outcome = tx.execute(status -> {
                    var head = outbox.claimHead(destination);
                    if (head.isEmpty()) {
                        return NOTHING;
                    }
                    var m = head.get();
                    claimed.set(m);
                    claims.claimed(destination, m.id());
                    try {
                        var answer = transport.send(m);
                        outbox.markSent(m.id(), answer);
                        return SENT;
                    } catch (Exception e) {
                        status.setRollbackOnly();
                        return new Failure(m, e);
                    } finally {
                        claims.released(destination);
                    }
                });
            } catch (RuntimeException e) {
                // the commit itself failed (or what the transport stored was rolled back under it): not sent
                if (claimed.get() == null) {
                    throw e;
                }
                outcome = new Failure(claimed.get(), e);
            }
            if (outcome == NOTHING) {
                return sent;
            }
            if (outcome == SENT) {
                sent++;
                continue;
            }
            var failure = (Failure) outcome;
            var error = failure.error().getClass().getSimpleName() + ": " + failure.error().getMessage();
            // claimed again, as stored now: another process may have claimed it meanwhile, and then its attempt
            // counts, not this one
            var id = failure.message().id();
            var counted = tx.execute(status -> outbox.claim(id).map(m -> {
                var dead = m.attempts() + 1 >= policy.maxAttempts() || failure.error() instanceof PermanentFailure;
                outbox.markFailed(id, error, policy.backoff(m.attempts()), dead);
                return new Counted(m.attempts() + 1, dead);
            }).orElse(new Counted(failure.message().attempts() + 1, false)));
            if (counted.dead()) {
                log.error("Outbox message {} to {} is dead after {} attempts: {}", id, destination, counted.attempts(), error);
            } else {
                log.warn("Outbox message {} to {} failed (attempt {}): {}", id, destination, counted.attempts(), error);
                return sent;
            }
        }
        return sent;
    }
}
