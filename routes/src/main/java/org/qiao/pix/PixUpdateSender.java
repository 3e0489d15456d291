package org.qiao.pix;

import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.Segment;
import ca.uhn.hl7v2.util.Terser;
import org.apache.camel.ProducerTemplate;
import org.qiao.config.QiaoProperties;
import org.qiao.outbox.Outbox;
import org.qiao.outbox.OutboxDelivery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * ITI-10 sender: one worker per subscriber delivers its outbox over MLLP through IPF's pix-iti10
 * producer. A message counts as delivered only on an AA/CA answer.
 */
@Component
public class PixUpdateSender implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PixUpdateSender.class);

    private final List<PixSubscriber> subscribers;
    private final OutboxDelivery delivery;
    private final ProducerTemplate producer;
    private final QiaoProperties.Outbox config;
    private ScheduledExecutorService workers;

    public PixUpdateSender(List<PixSubscriber> pixSubscribers, Outbox outbox, ProducerTemplate producer,
                           QiaoProperties properties) {
        this.subscribers = pixSubscribers;
        this.config = properties.getOutbox();
        this.delivery = new OutboxDelivery(outbox, new OutboxDelivery.Policy(config.getMaxAttempts(),
                config.getFirstBackoff(), config.getMaxBackoff()));
        this.producer = producer;
    }

    @Override
    public void start() {
        workers = Executors.newScheduledThreadPool(Math.max(1, subscribers.size()), r -> {
            var t = new Thread(r, "iti10-sender");
            t.setDaemon(true);
            return t;
        });
        for (var s : subscribers) {
            var endpoint = "pix-iti10://" + s.host() + ":" + s.port() + "?timeout=" + config.getAckTimeout().toMillis();
            workers.scheduleWithFixedDelay(() -> {
                try {
                    delivery.deliver(s.name(), m -> send(endpoint, m.payload()));
                } catch (RuntimeException e) {
                    log.error("ITI-10 delivery to {} failed", s.name(), e);
                }
            }, 0, config.getPollInterval().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private String send(String endpoint, String payload) throws Exception {
        var answer = producer.requestBody(endpoint, payload, Message.class);
        var code = Terser.get((Segment) answer.get("MSA"), 1, 0, 1, 1);
        if (!"AA".equals(code) && !"CA".equals(code)) {
            throw new IllegalStateException("Subscriber answered " + code + ": " + answer.encode().replace('\r', '|'));
        }
        return answer.encode();
    }

    @Override
    public void stop() {
        if (workers != null) {
            workers.shutdownNow();
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
