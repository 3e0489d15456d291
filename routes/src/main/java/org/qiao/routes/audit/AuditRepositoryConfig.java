package org.qiao.routes.audit;

import org.qiao.audit.AuditMessageReader;
import org.qiao.audit.AuditRecordRepository;
import org.qiao.audit.AuditStore;

import org.qiao.routes.security.tls.TlsContext;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.openehealth.ipf.commons.audit.queue.AuditMessageQueue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Qiao's Audit Record Repository: the store and its search are always there (GET /api/audit); the syslog
 * receivers run when {@code qiao.audit-repository.enabled=true}.
 */
@Configuration
public class AuditRepositoryConfig {

    @Bean
    AuditStore auditStore(JdbcTemplate jdbc, TransactionTemplate tx) {
        return new AuditStore(jdbc, tx);
    }

    @Bean
    AuditRecordRepository auditRecordRepository(AuditStore store) {
        return new AuditRecordRepository(store, new AuditMessageReader());
    }

    @Bean
    @ConditionalOnProperty(prefix = "qiao.audit-repository", name = "enabled", havingValue = "true")
    SyslogReceivers syslogReceivers(AuditRepositoryProperties properties, AuditRecordRepository repository,
                                    ObjectProvider<TlsContext> tls) {
        return new SyslogReceivers(properties, repository, tls.getIfAvailable());
    }

    /** Replaces IPF's default queue (IPF's ATNA auto-configuration steps back for it), see its class comment. */
    @Bean
    @Conditional(LocalAuditMessageQueue.OwnRepositoryIsTheTarget.class)
    AuditMessageQueue localAuditMessageQueue(SyslogReceivers intake) {
        return new LocalAuditMessageQueue(intake);
    }
}
