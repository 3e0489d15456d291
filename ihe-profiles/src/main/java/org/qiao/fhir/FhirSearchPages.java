package org.qiao.fhir;

import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * All SQL on fhir_search_page (V16): the whole answer of a FHIR search that did not fit one page, so that its
 * next links work at any engine process behind the load balancer. Answers live {@code ttl} after they were made.
 */
public class FhirSearchPages {

    private final JdbcTemplate jdbc;
    private final Duration ttl;
    private final Clock clock;

    public FhirSearchPages(JdbcTemplate jdbc, Duration ttl, Clock clock) {
        this.jdbc = jdbc;
        this.ttl = ttl;
        this.clock = clock;
    }

    public FhirSearchPages(JdbcTemplate jdbc, Duration ttl) {
        this(jdbc, ttl, Clock.systemUTC());
    }

    /** Stores an answer's resources (a FHIR JSON collection Bundle, in order) under {@code id}. */
    public void save(String id, String resources) {
        jdbc.update("DELETE FROM fhir_search_page WHERE expires_at < ?", now());
        jdbc.update("INSERT INTO fhir_search_page (id, resources, expires_at) VALUES (?, ?, ?)", id, resources,
                now().plus(ttl));
    }

    /** The resources stored under {@code id}, unless they expired. */
    public Optional<String> find(String id) {
        return jdbc.queryForList("SELECT resources FROM fhir_search_page WHERE id = ? AND expires_at >= ?",
                String.class, id, now()).stream().findFirst();
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }
}
