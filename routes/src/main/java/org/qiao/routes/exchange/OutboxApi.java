package org.qiao.routes.exchange;

import org.qiao.outbox.Outbox;
import org.qiao.outbox.OutboxMessage;
import org.qiao.routes.audit.AuditEvents;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import java.util.List;
import java.util.Map;

/**
 * The outbox (ITI-10 notifications, translations): counts, depths, messages with why they failed, and an operator's
 * retry of dead letters, one or several. A retry puts a dead message back in line in its destination's order;
 * each is audited with the operator. Roles: WebSecurityConfig (the exchange: ADMIN, OPERATOR).
 */
@RestController
@RequestMapping("/api/outbox")
public class OutboxApi {

    private final Outbox outbox;
    private final AuditEvents audit;

    public OutboxApi(Outbox outbox, AuditEvents audit) {
        this.outbox = outbox;
        this.audit = audit;
    }

    /** Messages per status. */
    @GetMapping
    public Map<String, Long> counts() {
        return outbox.countByStatus();
    }

    /** Pending and dead messages per destination, with the oldest one's time. */
    @GetMapping("/depths")
    public List<Outbox.Depth> depths() {
        return outbox.depths();
    }

    /** Messages by status (PENDING, SENT, DEAD) and destination, newest first. */
    @GetMapping("/messages")
    public List<OutboxMessage> messages(@RequestParam(required = false) String status,
                                        @RequestParam(required = false) String destination,
                                        @RequestParam(defaultValue = "100") int limit) {
        if (status != null && !status.isBlank()
                && !List.of(Outbox.PENDING, Outbox.SENT, Outbox.DEAD).contains(status.strip().toUpperCase())) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "status must be PENDING, SENT or DEAD");
        }
        return outbox.search(status, destination, Math.max(1, Math.min(limit, 1000)));
    }

    /** One destination's messages in delivery order. */
    @GetMapping("/{destination}")
    public List<OutboxMessage> byDestination(@PathVariable String destination) {
        return outbox.byDestination(destination);
    }

    /** Puts a dead message back in line; 404 when unknown, 409 when it is not dead. */
    @PostMapping("/messages/{id}/retry")
    public Map<String, Integer> retry(@PathVariable long id, Authentication who) {
        var message = outbox.get(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                "No outbox message " + id));
        if (!outbox.retry(id)) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, "Outbox message " + id + " is " + message.status()
                    + ", not DEAD: only a dead letter is retried");
        }
        audit.operatorDecision(user(who), "retry of outbox message " + id + " to " + message.destination(), true, null);
        return Map.of("retried", 1);
    }

    public record RetryRequest(List<Long> ids) {
    }

    /** Puts the dead ones of the given messages back in line; answers how many were. */
    @PostMapping("/retry")
    public Map<String, Integer> retrySelected(@RequestBody RetryRequest request, Authentication who) {
        if (request == null || request.ids() == null || request.ids().isEmpty()) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "ids: the dead letters to retry");
        }
        if (request.ids().size() > 1000) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "at most 1000 messages at once");
        }
        return Map.of("retried", retryAll(request.ids(), who));
    }

    int retryAll(List<Long> ids, Authentication who) {
        int n = outbox.retry(ids);
        audit.operatorDecision(user(who), "retry of " + n + " of outbox messages " + ids, true, null);
        return n;
    }

    private static String user(Authentication who) {
        return who == null ? "?" : who.getName();
    }
}
