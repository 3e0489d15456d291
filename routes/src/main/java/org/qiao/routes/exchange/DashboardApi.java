package org.qiao.routes.exchange;

import org.qiao.cluster.EngineNodes;
import org.qiao.routes.cluster.EngineNode;
import org.qiao.journal.JournalActivity;
import org.qiao.journal.MessageJournal;
import org.qiao.outbox.Outbox;
import org.qiao.pix.matching.MatchReviews;
import org.springframework.boot.actuate.health.CompositeHealth;
import org.springframework.boot.actuate.health.HealthComponent;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The operators' overview: per transaction, messages and failures over the last 24 hours (per hour) and the last
 * hour (per minute); outbox and review queue depths; the engine's health as /actuator/health reports it.
 * Roles: WebSecurityConfig (the exchange: ADMIN, OPERATOR).
 */
@RestController
@RequestMapping("/api/dashboard")
public class DashboardApi {

    private final MessageJournal journal;
    private final Outbox outbox;
    private final MatchReviews reviews;
    private final HealthEndpoint health;
    private final EngineNode node;
    private final EngineNodes nodes;

    public DashboardApi(MessageJournal journal, Outbox outbox, MatchReviews reviews, HealthEndpoint health,
                        EngineNode node, EngineNodes nodes) {
        this.journal = journal;
        this.outbox = outbox;
        this.reviews = reviews;
        this.health = health;
        this.node = node;
        this.nodes = nodes;
    }

    /** An engine process as the dashboard shows it: silent means no heartbeat for three intervals (30 s). */
    public record Node(String id, OffsetDateTime startedAt, OffsetDateTime heartbeatAt, String state, String claims,
                       boolean silent, boolean answering) {
    }

    /** One transaction's traffic: totals, error rate (0–1) and counts per period, oldest first, zeros filled in. */
    public record Traffic(String transaction, long messages, long failed, double errorRate, long lastHour, long[] perHour,
                          long[] failedPerHour, long[] perMinute) {
    }

    public record Dashboard(OffsetDateTime at, List<OffsetDateTime> hours, List<Traffic> transactions,
                            List<Outbox.Depth> outbox, long openReviews, String health, Map<String, String> components,
                            String node, List<Node> nodes) {
    }

    @GetMapping
    public Dashboard dashboard() {
        var now = Instant.now();
        var firstHour = now.truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(23));
        var firstMinute = now.truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(59));
        var hourly = journal.activity(firstHour, true);
        var minutes = journal.activity(firstMinute, false);
        var byTransaction = new TreeMap<String, long[][]>();
        for (var a : hourly) {
            int slot = (int) Duration.between(firstHour, a.period().toInstant()).toHours();
            var t = series(byTransaction, a);
            if (slot >= 0 && slot < 24) {
                t[0][slot] += a.messages();
                t[1][slot] += a.failed();
            }
        }
        for (var a : minutes) {
            int slot = (int) Duration.between(firstMinute, a.period().toInstant()).toMinutes();
            if (slot >= 0 && slot < 60) {
                series(byTransaction, a)[2][slot] += a.messages();
            }
        }
        var traffic = new ArrayList<Traffic>();
        byTransaction.forEach((name, t) -> {
            long messages = sum(t[0]);
            long failed = sum(t[1]);
            traffic.add(new Traffic(name, messages, failed, messages == 0 ? 0 : (double) failed / messages, sum(t[2]),
                    t[0], t[1], t[2]));
        });
        var hours = new ArrayList<OffsetDateTime>();
        for (int h = 0; h < 24; h++) {
            hours.add(firstHour.plus(Duration.ofHours(h)).atOffset(ZoneOffset.UTC));
        }
        var status = health.health();
        var components = new LinkedHashMap<String, String>();
        if (status instanceof CompositeHealth composite) {
            composite.getComponents().forEach((name, c) -> components.put(name, statusOf(c)));
        }
        var silentBefore = now.minus(Duration.ofSeconds(30)).atOffset(ZoneOffset.UTC);
        var processes = nodes.list(50).stream().map(n -> n.id().equals(node.id())
                ? new Node(n.id(), node.startedAt(), now.atOffset(ZoneOffset.UTC), node.state(), node.claimsText(), false, true)
                : new Node(n.id(), n.startedAt(), n.heartbeatAt(), n.state(), n.claims(),
                        !EngineNodes.STOPPED.equals(n.state()) && n.heartbeatAt().isBefore(silentBefore), false)).toList();
        return new Dashboard(now.atOffset(ZoneOffset.UTC), hours, traffic, outbox.depths(), reviews.countOpen(),
                statusOf(status), components, node.id(), processes);
    }

    private static long[][] series(Map<String, long[][]> byTransaction, JournalActivity a) {
        return byTransaction.computeIfAbsent(a.transaction() == null ? "?" : a.transaction(),
                k -> new long[][] {new long[24], new long[24], new long[60]});
    }

    private static String statusOf(HealthComponent c) {
        return c.getStatus().getCode();
    }

    private static long sum(long[] values) {
        long n = 0;
        for (var v : values) {
            n += v;
        }
        return n;
    }
}
