package org.qiao.audit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.openehealth.ipf.commons.audit.server.support.SyslogConstants.EXCEPTIONS;
import static org.openehealth.ipf.commons.audit.server.support.SyslogConstants.HEADER_APP_NAME;
import static org.openehealth.ipf.commons.audit.server.support.SyslogConstants.HEADER_HOST_NAME;
import static org.openehealth.ipf.commons.audit.server.support.SyslogConstants.HEADER_MSG_ID;
import static org.openehealth.ipf.commons.audit.server.support.SyslogConstants.HEADER_TIMESTAMP;
import static org.openehealth.ipf.commons.audit.server.support.SyslogConstants.MESSAGE;
import static org.openehealth.ipf.commons.audit.server.support.SyslogConstants.RAW_MESSAGE;
import static org.openehealth.ipf.commons.audit.server.support.SyslogConstants.REMOTE_HOST;
import static org.openehealth.ipf.commons.audit.server.support.SyslogConstants.REMOTE_IP;
import static org.openehealth.ipf.commons.audit.server.support.SyslogConstants.REMOTE_PORT;

/**
 * Qiao's ATNA Audit Record Repository: stores every audit message a node sends (readable or not) and answers
 * searches. The syslog receivers hand it IPF's parsed syslog maps (keys of {@code SyslogConstants}).
 */
public class AuditRecordRepository {

    private static final Logger log = LoggerFactory.getLogger(AuditRecordRepository.class);

    private final AuditStore store;
    private final AuditMessageReader reader;

    public AuditRecordRepository(AuditStore store, AuditMessageReader reader) {
        this.store = store;
        this.reader = reader;
    }

    /** What was stored: the record's id and, if it could be read, the audit message and its parsed form. */
    public record Receipt(long id, ReceivedAudit received) {
        public boolean readable() {
            return received.record() != null;
        }
    }

    /** One syslog message as IPF's RFC 5424 decoder left it: header fields and MSG, or the raw frame and error. */
    public Receipt receive(Map<String, ?> syslog, String transport) {
        return store(read(syslog, transport));
    }

    /**
     * A message waiting to be stored: a syslog message and the transport it came over, or one of this engine's own
     * audit messages, already read ({@code local}).
     */
    public record Incoming(Map<String, ?> syslog, String transport, ReceivedAudit local) {
        public Incoming(Map<String, ?> syslog, String transport) {
            this(syslog, transport, null);
        }

        public static Incoming local(ReceivedAudit audit) {
            return new Incoming(Map.of(), audit.transport(), audit);
        }
    }

    /**
     * Several messages in one transaction: a commit per message was the repository's main cost under load.
     * If the batch fails, each message is stored on its own, so one bad message costs no other its record.
     */
    public List<Receipt> receiveAll(List<Incoming> batch) {
        var received = batch.stream().map(i -> i.local() != null ? i.local() : read(i.syslog(), i.transport())).toList();
        List<Long> ids;
        try {
            ids = store.insertAll(received);
        } catch (RuntimeException e) {
            log.warn("A batch of {} audit messages could not be stored together ({}); storing them one by one",
                    received.size(), e.toString());
            var receipts = new java.util.ArrayList<Receipt>();
            for (var r : received) {
                try {
                    receipts.add(store(r));
                } catch (RuntimeException one) {
                    log.error("Audit message from {} over {} could not be stored", r.sender(), r.transport(), one);
                }
            }
            return receipts;
        }
        var receipts = new java.util.ArrayList<Receipt>(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            receipts.add(receipt(ids.get(i), received.get(i)));
        }
        return receipts;
    }

    /** Text that arrived without usable syslog framing: stored as it is, its audit XML read if there is one. */
    public Receipt receive(String raw, String transport, String sender) {
        return store(read(transport, sender, null, null, null, null, raw == null ? "" : raw, null));
    }

    /**
     * One of this engine's own audit messages, handed over in the process rather than sent to itself over syslog:
     * its XML as IPF wrote it, read from IPF's model instead of parsed back (see LocalAuditMessageQueue).
     */
    public static ReceivedAudit local(org.openehealth.ipf.commons.audit.model.AuditMessage message, String xml,
                                      String host, String app, Instant timestamp) {
        try {
            return new ReceivedAudit(ReceivedAudit.LOCAL, null, host, app, "IHE+RFC-3881", timestamp, xml,
                    AuditMessageReader.record(message), null);
        } catch (RuntimeException e) {
            return new ReceivedAudit(ReceivedAudit.LOCAL, null, host, app, "IHE+RFC-3881", timestamp, xml, null,
                    "not a complete audit message: " + e);
        }
    }

    public List<StoredAudit> search(AuditQuery query) {
        return store.search(query);
    }

    public long count(AuditQuery query) {
        return store.count(query);
    }

    public Optional<StoredAudit> get(long id) {
        return store.get(id);
    }

    private ReceivedAudit read(Map<String, ?> syslog, String transport) {
        var sender = sender(syslog);
        if (syslog.get(MESSAGE) instanceof String msg) {
            var timestamp = syslog.get(HEADER_TIMESTAMP) instanceof Instant t ? t : null;
            return read(transport, sender, string(syslog, HEADER_HOST_NAME), string(syslog, HEADER_APP_NAME),
                    string(syslog, HEADER_MSG_ID), timestamp, msg, null);
        }
        var raw = syslog.get(RAW_MESSAGE) instanceof String s ? s : "";
        var why = syslog.get(EXCEPTIONS) instanceof Throwable e ? e.getMessage() : "unknown";
        return read(transport, sender, null, null, null, null, raw, "not RFC 5424 syslog (" + why + ")");
    }

    private ReceivedAudit read(String transport, String sender, String host, String app, String msgId,
                               Instant timestamp, String raw, String syslogProblem) {
        AuditRecord record = null;
        String error;
        try {
            record = reader.read(raw);
            error = null;
        } catch (IllegalArgumentException e) {
            error = syslogProblem != null ? syslogProblem + "; " + e.getMessage() : e.getMessage();
        }
        return new ReceivedAudit(transport, sender, host, app, msgId, timestamp, raw, record, error);
    }

    private Receipt store(ReceivedAudit received) {
        return receipt(store.insert(received), received);
    }

    private static Receipt receipt(long id, ReceivedAudit received) {
        if (received.record() == null) {
            log.warn("Audit record {} from {} over {} stored unread: {}", id, received.sender(), received.transport(),
                    received.parseError());
        }
        return new Receipt(id, received);
    }

    private static String sender(Map<String, ?> syslog) {
        var host = syslog.get(REMOTE_IP) != null ? syslog.get(REMOTE_IP) : syslog.get(REMOTE_HOST);
        if (host == null) {
            return null;
        }
        var port = syslog.get(REMOTE_PORT);
        return port == null ? host.toString() : host + ":" + port;
    }

    private static String string(Map<String, ?> map, String key) {
        var v = map.get(key);
        return v == null ? null : v.toString();
    }
}
