package org.qiao.routes.config;

import org.qiao.cluster.JobLocks;
import org.qiao.journal.IdempotentReceiver;
import org.qiao.journal.MessageJournal;
import org.qiao.outbox.Outbox;
import org.qiao.outbox.WorkClaims;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** Stores shared by every transaction: the message journal and the outbox. */
@Configuration
public class StoreConfig {

    @Bean
    MessageJournal messageJournal(JdbcTemplate jdbc) {
        return new MessageJournal(jdbc);
    }

    @Bean
    IdempotentReceiver idempotentReceiver(MessageJournal journal, TransactionTemplate tx) {
        return new IdempotentReceiver(journal, tx);
    }

    @Bean
    Outbox outbox(JdbcTemplate jdbc) {
        return new Outbox(jdbc);
    }

    @Bean
    JobLocks jobLocks(JdbcTemplate jdbc) {
        return new JobLocks(jdbc);
    }

    /** The outbox messages this process's workers hold now (for operators). */
    @Bean
    WorkClaims workClaims() {
        return new WorkClaims();
    }
}
