package org.qiao.routes.statistics;

import org.qiao.stats.StatisticsService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Folds the counts that arrived into the daily table every qiao.statistics.roll-up-interval. */
@Component
public class StatisticsRollUp implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(StatisticsRollUp.class);
    private final StatisticsService statistics;
    private final long intervalMillis;
    private ScheduledExecutorService timer;

    public StatisticsRollUp(StatisticsService statistics, StatisticsProperties properties) {
        this.statistics = statistics;
        this.intervalMillis = Math.max(100, properties.getRollUpInterval().toMillis());
    }

    @Override
    public synchronized void start() {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            var t = new Thread(r, "statistics-roll-up");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(() -> {
            try {
                statistics.rollUp();
            } catch (RuntimeException e) {
                // the deltas stay and are folded next time; readers count them meanwhile
                log.warn("Statistics roll-up failed: {}", e.toString());
            }
        }, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return timer != null;
    }
}
