package org.qiao.routes.pdq;

import org.qiao.pdq.DemographicsSearchStore;
import org.qiao.pdq.QueryContinuations;
import org.qiao.pdq.v2.PatientDemographicsQueryHandler;
import org.qiao.pdq.v3.PatientDemographicsQueryV3Handler;
import org.qiao.pix.IdentityDomains;
import org.qiao.pix.PersonIndexStore;
import org.qiao.routes.config.QiaoProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The Patient Demographics Supplier, answering from the PIX Manager's patient index. Settings:
 * {@code qiao.pdq.max-results} (persons found per query at most), {@code qiao.pdq.continuation-ttl} and
 * {@code qiao.pdq.max-continuations} (interactive continuations kept in the database, so any process continues them, see {@link QueryContinuations}).
 */
@Configuration
public class PdqConfig {

    @Bean
    QueryContinuations pdqContinuations(JdbcTemplate jdbc, QiaoProperties properties) {
        var pdq = properties.getPdq();
        return new QueryContinuations(jdbc, pdq.getContinuationTtl(), pdq.getMaxContinuations());
    }

    @Bean
    DemographicsSearchStore demographicsSearchStore(JdbcTemplate jdbc) {
        return new DemographicsSearchStore(jdbc);
    }

    @Bean
    PatientDemographicsQueryHandler patientDemographicsQueryHandler(
            DemographicsSearchStore search, PersonIndexStore index, IdentityDomains domains,
            QueryContinuations pdqContinuations, QiaoProperties properties) {
        return new PatientDemographicsQueryHandler(search, index, domains, pdqContinuations,
                properties.getPdq().getMaxResults());
    }

    @Bean
    PatientDemographicsQueryV3Handler patientDemographicsQueryV3Handler(
            DemographicsSearchStore search, PersonIndexStore index, IdentityDomains domains,
            QueryContinuations pdqContinuations, QiaoProperties properties) {
        return new PatientDemographicsQueryV3Handler(search, index, domains, pdqContinuations,
                properties.getPdq().getMaxResults());
    }
}
