package org.qiao.routes.pix;

import org.qiao.pix.PixSubscriber;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.qiao.routes.audit.AuditEvents;
import org.qiao.routes.config.QiaoProperties;
import org.qiao.routes.mllp.MllpSender;
import org.qiao.outbox.Outbox;
import org.qiao.outbox.OutboxDelivery;
import org.qiao.outbox.WorkClaims;
import org.springframework.transaction.support.TransactionTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.qiao.routes.security.tls.TlsContext;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import javax.net.ssl.SSLSocketFactory;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * ITI-10 sender: one worker per subscriber delivers its outbox over MLLP, keeping one connection open.
 * A message counts as delivered only on an AA/CA answer.
 */
@Component
public class PixUpdateSender implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PixUpdateSender.class);

    private final List<PixSubscriber> subscribers;
    private final OutboxDelivery delivery;
    private final QiaoProperties.Outbox config;
    private ScheduledExecutorService workers;

    private final MeterRegistry meters;

    private final Set<String> overTls;
    private final AuditEvents audit;
    private final ObjectProvider<TlsContext> tls;

    public PixUpdateSender(List<PixSubscriber> pixSubscribers, Outbox outbox, QiaoProperties properties,
                           MeterRegistry meters, ObjectProvider<TlsContext> tls, AuditEvents audit,
                           TransactionTemplate tx, WorkClaims claims) {
        this.meters = meters;
        this.audit = audit;
        this.tls = tls;
        this.overTls = properties.getPix().getSubscribers().stream().filter(QiaoProperties.Subscriber::isTls)
                .map(QiaoProperties.Subscriber::getName).collect(Collectors.toSet());
        this.subscribers = pixSubscribers;
        this.config = properties.getOutbox();
        this.delivery = new OutboxDelivery(outbox, new OutboxDelivery.Policy(config.getMaxAttempts(),
                config.getFirstBackoff(), config.getMaxBackoff()), tx, claims);
    }

    @Override
    public void start() {
        workers = Executors.newScheduledThreadPool(Math.max(1, subscribers.size()), r -> {
            var t = new Thread(r, "iti10-sender");
            t.setDaemon(true);
            return t;
        });
        for (var s : subscribers) {
            var sender = new MllpSender(s.host(), s.port(), config.getAckTimeout(), socketFactory(s.name()));
            workers.scheduleWithFixedDelay(() -> {
                try {
                    delivery.deliver(s.name(), m -> timed(s.name(), () -> audited(s, sender, m.payload())));
                } catch (RuntimeException e) {
                    log.error("ITI-10 delivery to {} failed", s.name(), e);
                }
            }, 0, config.getPollInterval().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private SSLSocketFactory socketFactory(String subscriber) {
        if (!overTls.contains(subscriber)) {
            return null;
        }
        var context = tls.getIfAvailable();
        if (context == null) {
            throw new IllegalStateException("Subscriber " + subscriber + " wants TLS but qiao.tls.key-store is not set");
        }
        return context.sslContext("MLLP-OUT").getSocketFactory();
    }

    /** Times each delivery attempt per subscriber and outcome (qiao_outbound_messages_seconds). */
    private String timed(String subscriber, java.util.concurrent.Callable<String> attempt) throws Exception {
        var sample = Timer.start(meters);
        var outcome = "AA";
        try {
            return attempt.call();
        } catch (Exception e) {
            outcome = "failed";
            throw e;
        } finally {
            sample.stop(Timer.builder("qiao.outbound.messages").description("Outbound HL7 v2 deliveries")
                    .tag("transaction", "ITI-10").tag("destination", subscriber).tag("outcome", outcome)
                    .register(meters));
        }
    }

    /** Each attempt is one ITI-10 transaction for ATNA, delivered or not. */
    private String audited(PixSubscriber subscriber, MllpSender sender, String payload) throws Exception {
        var delivered = false;
        try {
            var answer = send(sender, payload);
            delivered = true;
            return answer;
        } finally {
            audit.pixUpdateNotification(subscriber.host() + ":" + subscriber.port(), payload, delivered);
        }
    }

    private static String send(MllpSender sender, String payload) throws Exception {
        var answer = sender.send(payload);
        var msa = answer.lines().filter(l -> l.startsWith("MSA")).findFirst().orElse("");
        var code = msa.length() > 6 ? msa.substring(4, 6) : "";
        if (!"AA".equals(code) && !"CA".equals(code)) {
            throw new IllegalStateException("Subscriber answered: " + answer.replace('\r', '|'));
        }
        return answer;
    }

    @Override
    public void stop() {
        if (workers != null) {
            delivery.drain(workers, config.getAckTimeout().plusSeconds(5)); // finish each worker's message (bounded by the ACK timeout), claim no more
        }
    }

    @Override
    public boolean isRunning() {
        return workers != null && !workers.isShutdown();
    }

    @Override
    public int getPhase() {
        // start after Camel, stop before it
        return Integer.MAX_VALUE - 1;
    }
}
