package org.qiao.repository;

import org.springframework.jdbc.core.JdbcTemplate;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/** All SQL on table repository_document. */
public class RepositoryStore {

    public record Entry(String uniqueId, String hash, long size, String mimeType) {
    }

    private final JdbcTemplate jdbc;

    public RepositoryStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Entry> find(String uniqueId) {
        return jdbc.query("SELECT unique_id, hash, doc_size, mime_type FROM repository_document WHERE unique_id = ?",
                (rs, i) -> new Entry(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4)), uniqueId)
                .stream().findFirst();
    }

    public void insert(Entry e) {
        jdbc.update("INSERT INTO repository_document (unique_id, hash, doc_size, mime_type, stored_at) VALUES (?, ?, ?, ?, ?)",
                e.uniqueId(), e.hash(), e.size(), e.mimeType(), OffsetDateTime.now(ZoneOffset.UTC));
    }

    /** Whether any document still refers to these bytes. */
    public boolean referenced(String hash) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM repository_document WHERE hash = ?", Long.class, hash) > 0;
    }
}
