package org.qiao.outbox;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * Delivers one destination's outbox in order.
 *
 * <ol>
 *   <li>take the oldest pending message; stop if it is not due yet (everything behind it waits, which keeps
 *       every patient's messages in order);</li>
 *   <li>send it; on an accepting answer mark it sent, so it is never sent again;</li>
 *   <li>on failure count the attempt and back off exponentially; after the limit, or at once for a
 *       {@link PermanentFailure}, it becomes dead (visible and replayable) and the line moves on.</li>
 * </ol>
 * Only one worker may deliver a destination at a time.
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

    private final Outbox outbox;
    private final Policy policy;

    public OutboxDelivery(Outbox outbox, Policy policy) {
        this.outbox = outbox;
        this.policy = policy;
    }

    /** Delivers due messages of one destination until none is due; returns how many were sent. */
    public int deliver(String destination, Transport transport) {
        int sent = 0;
        while (true) {
            var head = outbox.dueHead(destination);
            if (head.isEmpty()) {
                return sent;
            }
            var m = head.get();
            try {
                var answer = transport.send(m);
                outbox.markSent(m.id(), answer);
                sent++;
            } catch (Exception e) {
                var attempts = m.attempts() + 1;
                var dead = attempts >= policy.maxAttempts() || e instanceof PermanentFailure;
                var error = e.getClass().getSimpleName() + ": " + e.getMessage();
                outbox.markFailed(m.id(), error, policy.backoff(m.attempts()), dead);
                if (dead) {
                    log.error("Outbox message {} to {} is dead after {} attempts: {}", m.id(), destination, attempts, error);
                } else {
                    log.warn("Outbox message {} to {} failed (attempt {}): {}", m.id(), destination, attempts, error);
                    return sent;
                }
            }
        }
    }
}
