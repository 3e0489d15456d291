package org.qiao.routes.cluster;

import org.qiao.cluster.EngineNodes;
import org.qiao.outbox.WorkClaims;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * This engine process among those sharing the database: its identity ({@code qiao.node.id}, by default
 * host:pid), what it holds now, written to engine_node every {@code qiao.node.heartbeat} and shown in
 * {@code /actuator/info} and the console's dashboard.
 *
 * <p>Shutdown drains (it stops first of all lifecycles): readiness goes to REFUSING_TRAFFIC, so
 * {@code /actuator/health/readiness} answers 503 and a load balancer takes the process out; after
 * {@code qiao.node.drain-delay} the MLLP and HTTP doors close (Camel's graceful shutdown lets the frames under way
 * finish) and the outbox workers finish the message each holds, then the process reports STOPPED.
 */
public class EngineNode implements SmartLifecycle, InfoContributor, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(EngineNode.class);

    private final String id;
    private final EngineNodes nodes;
    private final WorkClaims claims;
    private final ApplicationEventPublisher events;
    private final Duration heartbeat;
    private final Duration drainDelay;
    private final OffsetDateTime startedAt = OffsetDateTime.now(ZoneOffset.UTC);
    private volatile String state = EngineNodes.SERVING;
    private ScheduledExecutorService timer;

    public EngineNode(String id, EngineNodes nodes, WorkClaims claims, ApplicationEventPublisher events,
                      Duration heartbeat, Duration drainDelay) {
        this.id = id;
        this.nodes = nodes;
        this.claims = claims;
        this.events = events;
        this.heartbeat = heartbeat;
        this.drainDelay = drainDelay;
    }

    public String id() {
        return id;
    }

    public String state() {
        return state;
    }

    public OffsetDateTime startedAt() {
        return startedAt;
    }

    /** "destination=message id" for each outbox message held now. */
    public String claimsText() {
        return claims.current().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue().messageId())
                .collect(Collectors.joining(", "));
    }

    @Override
    public synchronized void start() {
        report();
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            var t = new Thread(r, "engine-node-heartbeat");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::report, heartbeat.toMillis(), heartbeat.toMillis(), TimeUnit.MILLISECONDS);
        log.info("Engine node {} serving", id);
    }

    private void report() {
        try {
            nodes.report(id, startedAt, state, claimsText());
        } catch (RuntimeException e) {
            log.warn("Engine node {} could not report itself: {}", id, e.toString());
        }
    }

    @Override
    public synchronized void stop() {
        if (timer == null) {
            return;
        }
        state = EngineNodes.DRAINING;
        AvailabilityChangeEvent.publish(events, this, ReadinessState.REFUSING_TRAFFIC);
        report();
        log.info("Engine node {} draining: readiness is down; the doors close in {}", id, drainDelay);
        try {
            Thread.sleep(drainDelay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        timer.shutdownNow();
        timer = null;
    }

    /** Reports STOPPED once the doors and workers have stopped (bean destruction follows every lifecycle's stop). */
    @Override
    public void destroy() {
        state = EngineNodes.STOPPED;
        report();
        log.info("Engine node {} stopped", id);
    }

    @Override
    public synchronized boolean isRunning() {
        return timer != null;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE; // stops first
    }

    @Override
    public void contribute(Info.Builder builder) {
        var node = new LinkedHashMap<String, Object>();
        node.put("id", id);
        node.put("startedAt", startedAt.toString());
        node.put("state", state);
        node.put("claims", claims.current().entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                e -> Map.of("messageId", e.getValue().messageId(), "since", e.getValue().since().toString()))));
        builder.withDetail("node", node);
    }
}
