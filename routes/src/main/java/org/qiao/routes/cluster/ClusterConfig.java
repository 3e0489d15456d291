package org.qiao.routes.cluster;

import org.qiao.cluster.ControlIds;
import org.qiao.cluster.EngineNodes;
import org.qiao.outbox.WorkClaims;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.time.Duration;

/**
 * Several engine processes on one database (docs/scaling.md): this process's identity and heartbeat, and MSH-10
 * control ids unique across processes. Settings: {@code qiao.node.id} (default host:pid), {@code qiao.node.heartbeat}
 * (5s), {@code qiao.node.drain-delay} (how long readiness is down before the doors close; 2s).
 */
@Configuration
public class ClusterConfig {

    @Bean
    EngineNodes engineNodes(JdbcTemplate jdbc) {
        return new EngineNodes(jdbc);
    }

    @Bean
    EngineNode engineNode(@Value("${qiao.node.id:}") String id, EngineNodes nodes, WorkClaims claims,
                          ApplicationEventPublisher events,
                          @Value("${qiao.node.heartbeat:5s}") Duration heartbeat,
                          @Value("${qiao.node.drain-delay:2s}") Duration drainDelay) {
        return new EngineNode(id == null || id.isBlank() ? defaultId() : id.strip(), nodes, claims, events,
                heartbeat, drainDelay);
    }

    /**
     * The MSH-10 generator of the messages the engine writes with its own HAPI context (ITI-10, NAKs): IPF's
     * HL7 v2 auto-configuration gives an IDGenerator bean to the HapiContext it makes.
     */
    @Bean
    ControlIds controlIds(JdbcTemplate jdbc) {
        return new ControlIds(jdbc);
    }

    private static String defaultId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "localhost";
        }
        return host + ":" + ManagementFactory.getRuntimeMXBean().getPid();
    }
}
