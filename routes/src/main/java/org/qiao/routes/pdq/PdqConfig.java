package org.qiao.routes.pdq;

import org.qiao.pdq.DemographicsSearchStore;
import org.qiao.pdq.QueryContinuations;
import org.qiao.pdq.v2.PatientDemographicsQueryHandler;
import org.qiao.pdq.v3.PatientDemographicsQueryV3Handler;
import org.qiao.pix.IdentityDomains;
import org.qiao.pix.PersonIndexStore;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;

/**
 * The Patient Demographics Supplier, answering from the PIX Manager's patient index. Settings:
 * {@code qiao.pdq.max-results} (persons found per query at most), {@code qiao.pdq.continuation-ttl} and
 * {@code qiao.pdq.max-continuations} (interactive continuations kept in memory, see {@link QueryContinuations}).
 */
@Configuration
public class PdqConfig {

    @Bean
    QueryContinuations pdqContinuations(@Value("${qiao.pdq.continuation-ttl:PT10M}") Duration ttl,
                                        @Value("${qiao.pdq.max-continuations:10000}") int maxChains) {
        return new QueryContinuations(ttl, maxChains);
    }

    @Bean
    DemographicsSearchStore demographicsSearchStore(JdbcTemplate jdbc) {
        return new DemographicsSearchStore(jdbc);
    }

    @Bean
    PatientDemographicsQueryHandler patientDemographicsQueryHandler(
            DemographicsSearchStore search, PersonIndexStore index, IdentityDomains domains,
            QueryContinuations pdqContinuations, @Value("${qiao.pdq.max-results:1000}") int maxResults) {
        return new PatientDemographicsQueryHandler(search, index, domains, pdqContinuations, maxResults);
    }

    @Bean
    PatientDemographicsQueryV3Handler patientDemographicsQueryV3Handler(
            DemographicsSearchStore search, PersonIndexStore index, IdentityDomains domains,
            QueryContinuations pdqContinuations, @Value("${qiao.pdq.max-results:1000}") int maxResults) {
        return new PatientDemographicsQueryV3Handler(search, index, domains, pdqContinuations, maxResults);
    }
}
