package org.qiao.outbox;

/** One outbound message waiting for (or done with) delivery. */
public record OutboxMessage(long id, String destination, String kind, String orderingKey, String payload,
                            String status, int attempts, String lastError) {
}
