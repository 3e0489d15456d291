package org.qiao.routes.audit;

import org.qiao.audit.AuditRecordRepository;
import org.qiao.audit.ReceivedAudit;

import org.openehealth.ipf.commons.audit.TlsParameters;
import org.openehealth.ipf.commons.audit.server.SyslogServer;
import org.openehealth.ipf.commons.audit.server.TlsSyslogServer;
import org.openehealth.ipf.commons.audit.server.support.SyslogConstants;
import org.qiao.routes.security.tls.TlsContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The ARR's doors: RFC 5426 syslog over UDP ({@link UdpAuditReceiver}) and IPF's RFC 5425 TLS syslog server
 * (client certificate required), started once the application context (and with it the migrated database) is up,
 * stopped on shutdown. Every message goes to the {@link AuditRecordRepository}, then, if configured, on to an
 * external ARR.
 * <p>
 * Messages are stored by our own intake threads, not on the receivers' Reactor threads: Reactor interrupts those
 * when a stream is cancelled (a TLS connection failing, shutdown), and an interrupt during a write makes H2 close
 * the whole database. Each intake thread stores what has queued up meanwhile, and what arrives within
 * {@value #LINGER_MS} ms, in one transaction (up to {@value #BATCH} messages): one commit then serves many messages.
 */
public class SyslogReceivers implements SmartLifecycle, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SyslogReceivers.class);
    /** The door name under which refused client certificates are reported. */
    static final String DOOR = "SYSLOG";
    private static final int INTAKE_THREADS = 2;
    /** Messages waiting for the store; when full, receivers wait (UDP senders then see the kernel drop). */
    private static final int INTAKE_QUEUE = 10_000;
    /** At most this many messages are stored in one transaction. */
    static final int BATCH = 100;
    /** How long an intake thread waits for more messages to store with the first (see gather). */
    static final long LINGER_MS = 100;

    private final AuditRepositoryProperties properties;
    private final AuditRecordRepository repository;
    private final TlsParameters tls;
    private final AuditForwarder forwarder;
    private final List<SyslogServer<?>> servers = new ArrayList<>();
    private volatile LinkedBlockingQueue<AuditRecordRepository.Incoming> pending;
    private final List<Thread> intake = new ArrayList<>();
    private volatile boolean accepting;
    private volatile boolean running;

    public SyslogReceivers(AuditRepositoryProperties properties, AuditRecordRepository repository, TlsContext tlsContext) {
        this.properties = properties;
        this.repository = repository;
        // the door's trust manager reports each refused certificate before the handshake fails
        this.tls = tlsContext == null ? null : serverSide -> tlsContext.sslContext(DOOR);
        if (properties.getTlsPort() > 0 && tls == null) {
            throw new IllegalStateException("qiao.audit-repository.tls-port=" + properties.getTlsPort()
                    + " needs this node's TLS material: set qiao.tls.key-store and qiao.tls.trust-store");
        }
        var forward = properties.getForward();
        this.forwarder = forward.configured()
                ? new AuditForwarder(forward.getHost(), forward.getPort(), forward.getTransport(), tls) : null;
    }

    @Override
    public synchronized void start() {
        pending = new LinkedBlockingQueue<>(INTAKE_QUEUE);
        accepting = true;
        for (int i = 0; i < INTAKE_THREADS; i++) {
            var t = new Thread(this::drain, "audit-intake-" + i);
            t.setDaemon(true);
            t.start();
            intake.add(t);
        }
        try {
            if (properties.getUdpPort() > 0) {
                servers.add(new UdpAuditReceiver(consumer(ReceivedAudit.UDP), this::receiverError)
                        .start(properties.getHost(), properties.getUdpPort()));
            }
            if (properties.getTlsPort() > 0) {
                servers.add(new TlsSyslogServer(consumer(ReceivedAudit.TLS), this::receiverError, tls)
                        .start(properties.getHost(), properties.getTlsPort()));
            }
        } catch (RuntimeException e) {
            stop();
            throw new IllegalStateException("Audit record repository cannot listen on " + properties.getHost()
                    + " (udp-port " + properties.getUdpPort() + ", tls-port " + properties.getTlsPort() + "): " + e, e);
        }
        if (servers.isEmpty()) {
            log.warn("Audit record repository enabled without a port: set qiao.audit-repository.udp-port or tls-port");
        } else {
            log.info("Audit record repository receiving syslog on {} (udp {}, tls {}){}", properties.getHost(),
                    properties.getUdpPort(), properties.getTlsPort(),
                    forwarder == null ? "" : ", forwarding to " + forwarder.target());
        }
        running = true;
    }

    /**
     * Hands a message to the intake threads, waiting for room when they are behind (back-pressure instead of
     * dropping). Nothing may escape: an exception would end IPF's receiving stream.
     */
    private Consumer<Map<String, Object>> consumer(String transport) {
        return syslog -> take(new AuditRecordRepository.Incoming(syslog, transport),
                () -> "Audit message from " + syslog.get(SyslogConstants.REMOTE_IP) + " over " + transport);
    }

    /** Queues one message for the intake threads, waiting for room; {@code what} names it if it is lost. */
    private void take(AuditRecordRepository.Incoming incoming, java.util.function.Supplier<String> what) {
        var queue = pending;
        if (!accepting || queue == null) {
            log.error("{} not taken in: the audit intake is stopped", what.get());
            return;
        }
        try {
            queue.put(incoming);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.error("{} not taken in: interrupted while the intake was full", what.get());
        }
    }

    /**
     * One of this engine's own audit messages (LocalAuditMessageQueue), already read: stored like the syslog ones,
     * waiting for room when the intake is behind.
     */
    public void takeLocal(ReceivedAudit audit) {
        take(AuditRecordRepository.Incoming.local(audit), () -> "This engine's audit message");
    }

    /** An intake thread: takes what is waiting (up to BATCH) and stores it together, until stopped and empty. */
    private void drain() {
        var batch = new ArrayList<AuditRecordRepository.Incoming>(BATCH);
        while (true) {
            AuditRecordRepository.Incoming first;
            try {
                first = pending.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                // nobody interrupts these threads; the flag is not kept, as an interrupted H2 write closes the database
                continue;
            }
            if (first == null) {
                if (!accepting) {
                    return;
                }
                continue;
            }
            batch.add(first);
            gather(batch);
            store(batch);
            batch.clear();
        }
    }

    /**
     * Adds what arrives within {@value #LINGER_MS} ms of the first message (up to BATCH): a commit writes a chunk
     * of B-tree pages whatever it holds, and a quiet sender's records (one per transaction) would otherwise each
     * pay one. The record is only that much later to search; its sender never waits for it (UDP, TLS syslog).
     */
    private void gather(List<AuditRecordRepository.Incoming> batch) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LINGER_MS);
        pending.drainTo(batch, BATCH - batch.size());
        while (batch.size() < BATCH) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            AuditRecordRepository.Incoming next;
            try {
                next = pending.poll(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                return; // as in drain(): store what was taken, keep no flag
            }
            if (next == null) {
                return;
            }
            batch.add(next);
            pending.drainTo(batch, BATCH - batch.size());
        }
    }

    private void store(List<AuditRecordRepository.Incoming> batch) {
        try {
            for (var receipt : repository.receiveAll(batch)) {
                if (forwarder != null) {
                    forwarder.forward(receipt);
                }
            }
        } catch (RuntimeException | StackOverflowError e) {
            // the store is unreachable or refused them; the content is not logged (it holds patient data)
            log.error("{} audit messages could not be stored", batch.size(), e);
        }
    }

    private void receiverError(Throwable e) {
        log.error("Audit syslog receiver error", e);
    }

    /**
     * Starts early and stops late: the doors and the outbox workers audit until they have drained (a worker finishing
     * its ITI-10 on shutdown still writes the ATNA record of it).
     */
    @Override
    public int getPhase() {
        return Integer.MIN_VALUE + 1000;
    }

    /** Stops listening, then lets the intake store what it has already taken in. */
    @Override
    public synchronized void stop() {
        running = false;
        for (var server : servers) {
            try {
                server.stop();
            } catch (RuntimeException e) {
                log.warn("Stopping a syslog receiver failed", e);
            }
        }
        servers.clear();
        accepting = false;
        // never interrupted: an interrupted H2 write closes the database; they end once the queue is empty
        for (var t : intake) {
            try {
                t.join(30_000);
                if (t.isAlive()) {
                    log.warn("Audit intake still has {} messages after 30 s; they are not stored", pending.size());
                    break;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        intake.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** After the receivers have stopped (bean destruction): lets queued copies go out. */
    @Override
    public void close() {
        if (forwarder != null) {
            forwarder.close();
        }
    }
}
