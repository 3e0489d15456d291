package org.qiao.routes.config;

import org.qiao.journal.IdempotentReceiver;
import org.qiao.journal.MessageJournal;
import org.qiao.outbox.Outbox;
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
}
