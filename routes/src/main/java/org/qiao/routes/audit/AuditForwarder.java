package org.qiao.routes.audit;

import org.qiao.audit.AuditRecordRepository;

import org.openehealth.ipf.commons.audit.DefaultAuditContext;
import org.openehealth.ipf.commons.audit.DefaultAuditMetadataProvider;
import org.openehealth.ipf.commons.audit.TlsParameters;
import org.openehealth.ipf.commons.audit.protocol.AuditTransmissionProtocol;
import org.openehealth.ipf.commons.audit.protocol.TLSSyslogSenderImpl;
import org.openehealth.ipf.commons.audit.protocol.UDPSyslogSenderImpl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Sends a copy of each stored audit message to an external ARR with IPF's syslog senders. One background thread,
 * so a slow or absent external ARR never holds up receiving; what cannot be sent is logged (the record stays here).
 */
public class AuditForwarder implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AuditForwarder.class);
    /** Forwarding waits behind at most this many messages; beyond it copies are skipped (and logged). */
    private static final int QUEUE = 10_000;

    private final DefaultAuditContext context = new DefaultAuditContext();
    private final AuditTransmissionProtocol sender;
    private final String target;
    private final ThreadPoolExecutor worker;

    public AuditForwarder(String host, int port, String transport, TlsParameters tls) {
        if (port <= 0) {
            throw new IllegalStateException("qiao.audit-repository.forward.port is missing");
        }
        sender = switch (transport == null ? "UDP" : transport.toUpperCase(Locale.ROOT)) {
            case "UDP" -> new UDPSyslogSenderImpl();
            case "TLS" -> {
                if (tls == null) {
                    throw new IllegalStateException(
                            "qiao.audit-repository.forward.transport=TLS needs this node's TLS material (qiao.tls.key-store)");
                }
                yield new TLSSyslogSenderImpl(tls);
            }
            default -> throw new IllegalStateException(
                    "qiao.audit-repository.forward.transport must be UDP or TLS, not " + transport);
        };
        context.setAuditRepositoryHost(host);
        context.setAuditRepositoryPort(port);
        target = sender.getTransportName() + " " + host + ":" + port;
        worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(QUEUE), r -> {
            var t = new Thread(r, "audit-forwarder");
            t.setDaemon(true);
            return t;
        }, (task, executor) -> log.warn("Audit forwarding to {} is {} messages behind; a copy was skipped", target, QUEUE));
    }

    public String target() {
        return target;
    }

    /** Queues a copy of a readable message, under the syslog header fields it came with. */
    public void forward(AuditRecordRepository.Receipt receipt) {
        var received = receipt.received();
        if (!receipt.readable()) {
            return; // the external ARR would only store the same garbage
        }
        worker.execute(() -> {
            try {
                var metadata = new DefaultAuditMetadataProvider(
                        orNil(received.syslogHost()), "-", received.syslogApp() == null ? "qiao" : received.syslogApp(),
                        received.syslogTimestamp() == null ? null : received.syslogTimestamp().toString());
                sender.send(context, metadata, auditMessageElement(received.raw()));
            } catch (Exception e) {
                log.warn("Audit record {} not forwarded to {}: {}", receipt.id(), target, e.toString());
            }
        });
    }

    /**
     * From the root element on: IPF's sender writes its own XML declaration in front, and a frame that was not
     * RFC 5424 has a foreign header before the XML.
     */
    private static String auditMessageElement(String raw) {
        int start = raw.indexOf("<AuditMessage");
        return start < 0 ? raw : raw.substring(start);
    }

    private static String orNil(String s) {
        return s == null || s.isBlank() ? "-" : s;
    }

    /** Lets queued copies go out for a few seconds, then closes the connection. */
    @Override
    public void close() {
        worker.shutdown();
        try {
            worker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sender.shutdown();
    }
}
