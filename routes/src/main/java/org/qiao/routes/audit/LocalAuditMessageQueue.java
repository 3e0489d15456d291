package org.qiao.routes.audit;

import org.qiao.audit.AuditRecordRepository;

import org.openehealth.ipf.commons.audit.AuditContext;
import org.openehealth.ipf.commons.audit.model.AuditMessage;
import org.openehealth.ipf.commons.audit.queue.AuditMessageQueue;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

import java.net.InetAddress;
import java.time.Instant;

/**
 * IPF's audit queue when this engine's own audit record repository is where its ATNA messages go: each message is
 * written as IPF writes it for syslog and handed to the repository's intake in the process.
 * <p>
 * Sending them to itself over UDP syslog cost a large share of a PDQ query's CPU: the datagram both ways, RFC 5424
 * framing and parsing, and IPF's XML parser reading back what IPF had just written (bench/PROFILE.md).
 * The record is read from IPF's model instead. Nothing else changes: the same intake threads store it in batches
 * and forward it, and the sender never waited for the store before either.
 */
public class LocalAuditMessageQueue implements AuditMessageQueue {

    private final SyslogReceivers intake;

    public LocalAuditMessageQueue(SyslogReceivers intake) {
        this.intake = intake;
    }

    @Override
    public void audit(AuditContext context, AuditMessage... messages) {
        var metadata = context.getAuditMetadataProvider();
        for (var message : messages) {
            var xml = context.getSerializationStrategy().marshal(message, false);
            intake.takeLocal(AuditRecordRepository.local(message, xml, metadata.getHostname(),
                    metadata.getSendingApplication(), Instant.now()));
        }
    }

    /**
     * True when IPF would send the engine's audit messages to its own repository: the repository is on, local
     * delivery is not turned off ({@code qiao.audit-repository.local-delivery}), and IPF's audit-repository-host is
     * this host at the repository's port for IPF's transport (UDP or TLS).
     */
    static final class OwnRepositoryIsTheTarget implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            var env = context.getEnvironment();
            if (!env.getProperty("qiao.audit-repository.enabled", Boolean.class, false)
                    || !env.getProperty("qiao.audit-repository.local-delivery", Boolean.class, true)) {
                return false;
            }
            var tls = "TLS".equalsIgnoreCase(env.getProperty("ipf.atna.audit-repository-transport", "UDP"));
            int own = env.getProperty(tls ? "qiao.audit-repository.tls-port" : "qiao.audit-repository.udp-port",
                    Integer.class, 0);
            int target = env.getProperty("ipf.atna.audit-repository-port", Integer.class, -1);
            return own > 0 && own == target && isThisHost(env.getProperty("ipf.atna.audit-repository-host", "localhost"));
        }

        private static boolean isThisHost(String host) {
            try {
                var address = InetAddress.getByName(host);
                return address.isLoopbackAddress() || address.isAnyLocalAddress();
            } catch (java.net.UnknownHostException e) {
                return false;
            }
        }
    }
}
