package org.qiao.outbox;

import java.time.OffsetDateTime;

/** One outbound message waiting for (or done with) delivery; lastError is why its last attempt failed. */
public record OutboxMessage(long id, String destination, String kind, String orderingKey, String payload,
                            String status, int attempts, String lastError, OffsetDateTime createdAt,
                            OffsetDateTime nextAttemptAt) {
}
