package org.qiao.routes.pix;

import org.qiao.pix.DeterministicMatcher;
import org.qiao.pix.IdentityDomain;
import org.qiao.pix.IdentityDomains;
import org.qiao.pix.LinkEventStore;
import org.qiao.pix.PersonIndexStore;
import org.qiao.pix.PersonMatcher;
import org.qiao.pix.PixManager;
import org.qiao.pix.PixManagerService;
import org.qiao.pix.PixSubscriber;
import org.qiao.pix.ResidentRecords;

import ca.uhn.hl7v2.HapiContext;
import org.qiao.routes.config.QiaoProperties;
import org.qiao.journal.IdempotentReceiver;
import org.qiao.outbox.Outbox;
import org.qiao.pix.matching.BlockingKeyStore;
import org.qiao.pix.matching.LinkageConfig;
import org.qiao.pix.matching.MatchReviewStore;
import org.qiao.pix.matching.MatchReviews;
import org.qiao.pix.matching.ProbabilisticMatcher;
import org.qiao.pix.matching.RecordLinkage;
import org.qiao.pix.v2.PatientIdentityFeedHandler;
import org.qiao.pix.v2.PixQueryHandler;
import org.qiao.pix.v2.PixUpdateNotifications;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.List;

/** The PIX Manager's services, wired from {@code qiao.pix.*}. */
@Configuration
public class PixConfig {

    @Bean
    IdentityDomains identityDomains(QiaoProperties properties) {
        var pix = properties.getPix();
        return new IdentityDomains(pix.getDomains().stream()
                .map(d -> new IdentityDomain(d.getCode(), d.getNamespace(), d.getOid(), d.getType(), d.getSource()))
                .toList(), pix.getAffinityDomain());
    }

    @Bean
    List<PixSubscriber> pixSubscribers(QiaoProperties properties) {
        return properties.getPix().getSubscribers().stream()
                .map(s -> new PixSubscriber(s.getName(), s.getHost(), s.getPort(), s.getApplication(), s.getFacility(),
                        s.getDomains()))
                .toList();
    }

    @Bean
    PersonIndexStore personIndexStore(JdbcTemplate jdbc) {
        return new PersonIndexStore(jdbc);
    }

    /** Deterministic rules; with {@code qiao.pix.matching.enabled} record linkage after them. */
    @Bean
    PersonMatcher personMatcher(PersonIndexStore index, MatchReviewStore reviews, JdbcTemplate jdbc,
                                IdentityDomains domains, QiaoProperties properties) {
        var deterministic = new DeterministicMatcher(index);
        var matching = properties.getPix().getMatching();
        if (!matching.isEnabled()) {
            return deterministic;
        }
        var config = LinkageConfig.defaults().withThresholds(matching.getUpper(), matching.getLower());
        return new ProbabilisticMatcher(index, new BlockingKeyStore(jdbc), reviews, deterministic,
                new RecordLinkage(config), domains);
    }

    @Bean
    PixUpdateNotifications pixUpdateNotifications(HapiContext hapi, IdentityDomains domains,
                                                  List<PixSubscriber> pixSubscribers, Outbox outbox,
                                                  QiaoProperties properties) {
        return new PixUpdateNotifications(hapi, domains, pixSubscribers, outbox,
                properties.getMllp().getSendingApplication(), properties.getMllp().getSendingFacility());
    }

    @Bean
    PixManager pixManager(PersonIndexStore index, JdbcTemplate jdbc, PersonMatcher matcher, IdentityDomains domains,
                          PixUpdateNotifications notifications, QiaoProperties properties, TransactionTemplate tx,
                          org.qiao.stats.Tally tally) {
        return new PixManagerService(index, new LinkEventStore(jdbc), matcher, domains, notifications,
                properties.getPix().getRegionalIdPrefix(), tx, tally);
    }

    @Bean
    PatientIdentityFeedHandler patientIdentityFeedHandler(PixManager pix, IdentityDomains domains,
                                                          IdempotentReceiver receiver,
                                                          org.qiao.record.VisitRecorder visits) {
        return new PatientIdentityFeedHandler(pix, domains, receiver, visits);
    }

    @Bean
    org.qiao.pix.v2.PatientAdministrationHandler patientAdministrationHandler(PixManager pix, IdentityDomains domains,
                                                                             IdempotentReceiver receiver) {
        return new org.qiao.pix.v2.PatientAdministrationHandler(pix, domains, receiver);
    }

    /** The review queue record linkage fills and operators decide. */
    @Bean
    MatchReviewStore matchReviewStore(JdbcTemplate jdbc) {
        return new MatchReviewStore(jdbc);
    }

    @Bean
    MatchReviews matchReviews(MatchReviewStore reviews, PersonIndexStore index, PixManager pix,
                              TransactionTemplate tx) {
        return new MatchReviews(reviews, index, pix, tx);
    }

    @Bean
    ResidentRecords residentRecords(PersonIndexStore index) {
        return new ResidentRecords(index);
    }

    @Bean
    PixQueryHandler pixQueryHandler(PixManager pix, IdentityDomains domains) {
        return new PixQueryHandler(pix, domains);
    }
}
