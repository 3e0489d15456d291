package org.qiao.journal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.function.Supplier;

/**
 * Applies an inbound message exactly once and journals it in the same transaction.
 *
 * <ol>
 *   <li>If the journal holds an accepted message with the same sender and control id, return the response
 *       sent then; nothing else happens.</li>
 *   <li>Otherwise, in one transaction: run the effect (which returns the response to send), journal the
 *       message with that response, commit. Only after the commit is the response handed back, so an
 *       accept acknowledgement always means the data is durable.</li>
 *   <li>If the commit loses a race (the same message committed on another connection, or two feeds
 *       created the same identifier at once), start again from step 1, a bounded number of times.</li>
 * </ol>
 * An effect that throws rolls back everything it wrote; the caller answers with an error and journals
 * the rejection separately.
 */
public class IdempotentReceiver {

    private static final Logger log = LoggerFactory.getLogger(IdempotentReceiver.class);
    private static final int MAX_ATTEMPTS = 5;

    private final MessageJournal journal;
    private final TransactionTemplate tx;

    public IdempotentReceiver(MessageJournal journal, TransactionTemplate tx) {
        this.journal = journal;
        this.tx = tx;
    }

    /** Result: the response text, and whether it was replayed from the journal. */
    public record Outcome(String response, boolean duplicate) {
    }

    public Outcome receive(InboundMessage message, Supplier<String> effect) {
        var key = message.dedupKey();
        for (int attempt = 1; ; attempt++) {
            var earlier = journal.acceptedResponse(key);
            if (earlier.isPresent()) {
                return new Outcome(earlier.get(), true);
            }
            try {
                var response = tx.execute(status -> {
                    var r = effect.get();
                    journal.record(message, "AA", null, r, true);
                    return r;
                });
                return new Outcome(response, false);
            } catch (DuplicateKeyException | TransientDataAccessException e) {
                if (attempt >= MAX_ATTEMPTS) {
                    throw e;
                }
                log.debug("Concurrent update while applying {} (attempt {}): {}", key, attempt, e.getMessage());
            }
        }
    }
}
