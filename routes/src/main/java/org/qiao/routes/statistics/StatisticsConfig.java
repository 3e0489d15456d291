package org.qiao.routes.statistics;

import org.qiao.cluster.JobLocks;
import org.qiao.stats.Measure;
import org.qiao.stats.StatisticsService;
import org.qiao.stats.StatisticsStore;
import org.qiao.stats.SurveillanceRule;
import org.qiao.stats.Tally;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** The statistics: the store the feeds count into, the service the console and /api/statistics read. */
@Configuration
public class StatisticsConfig {

    @Bean
    StatisticsStore statisticsStore(JdbcTemplate jdbc) {
        return new StatisticsStore(jdbc);
    }

    @Bean
    Tally tally(StatisticsStore store) {
        return new Tally(store);
    }

    @Bean
    StatisticsService statisticsService(StatisticsStore store, TransactionTemplate tx, StatisticsProperties properties,
                                        JobLocks locks) {
        var rules = properties.getSurveillance().stream().map(r -> {
            if (r.getName() == null || r.getName().isBlank() || r.getCodes().isEmpty()) {
                throw new IllegalStateException("qiao.statistics.surveillance: each rule needs a name and codes");
            }
            var measure = Measure.byId(r.getMeasure()).orElseThrow(() -> new IllegalStateException(
                    "qiao.statistics.surveillance '" + r.getName() + "': unknown measure " + r.getMeasure()));
            return new SurveillanceRule(r.getName(), measure, r.getCodes(), r.getThresholdPerWeek());
        }).toList();
        return new StatisticsService(store, tx, rules, locks);
    }
}
