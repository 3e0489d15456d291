package org.qiao.routes.repository;

import org.qiao.repository.DocumentRepository;
import org.qiao.repository.DocumentStore;
import org.qiao.repository.FileSystemDocumentStore;
import org.qiao.repository.RepositoryService;
import org.qiao.repository.RepositoryStore;

import org.qiao.routes.config.QiaoProperties;
import org.qiao.registry.DocumentRegistryService;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.IOException;
import java.nio.file.Path;

/** The XDS.b Document Repository's services. */
@Configuration
public class RepositoryConfig {

    @Bean
    DocumentStore documentStore(QiaoProperties properties) throws IOException {
        var dir = properties.getRepository().getStorageDir();
        return new FileSystemDocumentStore(dir != null ? Path.of(dir) : Path.of(properties.getDataDir(), "documents"));
    }

    @Bean
    RepositoryStore repositoryStore(JdbcTemplate jdbc) {
        return new RepositoryStore(jdbc);
    }

    @Bean
    DocumentRepository documentRepository(DocumentStore documents, RepositoryStore repositoryStore,
                                          DocumentRegistryService registry, TransactionTemplate tx,
                                          QiaoProperties properties) {
        return new RepositoryService(documents, repositoryStore, registry, tx, properties.getRepository().getUniqueId());
    }
}
