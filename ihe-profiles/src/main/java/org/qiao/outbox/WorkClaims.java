package org.qiao.outbox;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What this process is working on right now: the outbox message each destination's worker has claimed, and since
 * when. Shown to operators (actuator info, dashboard, the node list); the claim itself is the row lock.
 */
public class WorkClaims {

    /** One claimed message. */
    public record Claim(long messageId, Instant since) {
    }

    private final Map<String, Claim> current = new ConcurrentHashMap<>();

    public void claimed(String destination, long messageId) {
        current.put(destination, new Claim(messageId, Instant.now()));
    }

    public void released(String destination) {
        current.remove(destination);
    }

    /** The claims held now, by destination. */
    public Map<String, Claim> current() {
        return new TreeMap<>(current);
    }
}
