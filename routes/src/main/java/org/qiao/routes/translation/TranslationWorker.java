package org.qiao.routes.translation;

import org.qiao.translation.InboundResults;
import org.qiao.translation.LabResultTranslation;

import org.qiao.routes.config.QiaoProperties;
import org.qiao.outbox.Outbox;
import org.qiao.outbox.OutboxDelivery;
import org.qiao.outbox.WorkClaims;
import org.springframework.transaction.support.TransactionTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Works off the translation outbox: each queued result becomes a registered CDA document, in order. */
@Component
public class TranslationWorker implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(TranslationWorker.class);

    private final OutboxDelivery delivery;
    private final LabResultTranslation translation;
    private final QiaoProperties.Outbox config;
    private ScheduledExecutorService worker;

    public TranslationWorker(Outbox outbox, LabResultTranslation translation, QiaoProperties properties,
                             TransactionTemplate tx, WorkClaims claims) {
        this.config = properties.getOutbox();
        this.delivery = new OutboxDelivery(outbox, new OutboxDelivery.Policy(config.getMaxAttempts(),
                config.getFirstBackoff(), config.getMaxBackoff()), tx, claims);
        this.translation = translation;
    }

    @Override
    public void start() {
        worker = Executors.newSingleThreadScheduledExecutor(r -> {
            var t = new Thread(r, "translation");
            t.setDaemon(true);
            return t;
        });
        worker.scheduleWithFixedDelay(() -> {
            try {
                delivery.deliver(InboundResults.DESTINATION, translation);
            } catch (RuntimeException | LinkageError e) {
                // anything escaping here would silently end the schedule: log it and poll again
                log.error("Translation failed", e);
            }
        }, 0, config.getPollInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        if (worker != null) {
            delivery.drain(worker, Duration.ofSeconds(30)); // finish the result it is translating, claim no more
        }
    }

    @Override
    public boolean isRunning() {
        return worker != null && !worker.isShutdown();
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 1;
    }
}
