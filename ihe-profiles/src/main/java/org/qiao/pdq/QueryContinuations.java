package org.qiao.pdq;

import org.qiao.journal.LongKeys;
import org.qiao.pdq.DemographicsSearchStore.DemographicsMatch;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Interactive continuation of PDQ answers (HL7 v2.5 5.6.3): the matches of a query whose answer did not fit
 * in one message (RCP-2), kept so that the next QBP with the same query tag and the DSC-1 pointer gets the
 * next page, until the consumer cancels (QCN^J01) or the chain expires. All SQL on pdq_continuation (V16).
 *
 * <p>Why the matched ids in the database and not IPF's interceptor or memory: behind a load balancer the next
 * page may be asked of another engine process. IPF's {@code supportInteractiveContinuation} would fragment a
 * fully encoded answer and cache the fragments in a cache provider we do not otherwise need; keeping the matched
 * ids is small, re-reads current demographics for each page, and keeps the behaviour in plain, tested Java.
 *
 * <p>A chain is keyed by the consumer (MSH-3^MSH-4) and its query tag (QPD-2). A pointer names the chain and
 * the offset of the page it asks for ({@code token-offset}), so a consumer that re-sends a request after a
 * lost answer gets the same page again. Chains live {@code ttl} after their last use, and at most
 * {@code maxChains} are kept (those unused longest go first).
 */
public class QueryContinuations {

    /** The remembered answer of one query. */
    public record Chain(String token, List<DemographicsMatch> matches, Set<String> returnedDomains, int pageSize) {

        /** The pointer a consumer sends (DSC-1) to get the page starting at {@code offset}. */
        public String pointer(int offset) {
            return token + "-" + offset;
        }
    }

    private final JdbcTemplate jdbc;
    private final Duration ttl;
    private final int maxChains;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public QueryContinuations(JdbcTemplate jdbc, Duration ttl, int maxChains, Clock clock) {
        this.jdbc = jdbc;
        this.ttl = ttl;
        this.maxChains = maxChains;
        this.clock = clock;
    }

    public QueryContinuations(JdbcTemplate jdbc, Duration ttl, int maxChains) {
        this(jdbc, ttl, maxChains, Clock.systemUTC());
    }

    /** A stored chain and where an HL7 v3 continuation without startResultNumber goes on. */
    private record Entry(Chain chain, int next) {
    }

    /** Remembers a new answer for this consumer and query tag, replacing an earlier one with the same tag. */
    public Chain start(String consumer, String queryTag, List<DemographicsMatch> matches,
                       Set<String> returnedDomains, int pageSize) {
        var token = HexFormat.of().formatHex(bytes());
        var chain = new Chain(token, List.copyOf(matches), Set.copyOf(returnedDomains), pageSize);
        var key = key(consumer, queryTag);
        var encoded = matches.stream().map(m -> m.personId() + ":" + m.recordId()).collect(Collectors.joining(","));
        var domains = String.join(",", new TreeSet<>(returnedDomains));
        jdbc.update("DELETE FROM pdq_continuation WHERE expires_at < ?", now());
        for (int attempt = 1; ; attempt++) {
            jdbc.update("DELETE FROM pdq_continuation WHERE chain_key = ?", key);
            try {
                jdbc.update("INSERT INTO pdq_continuation (chain_key, token, matches, returned_domains, page_size,"
                        + " next_offset, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)", key, token, encoded, domains,
                        pageSize, pageSize, expiry());
                break;
            } catch (DuplicateKeyException sameTagAtOnceElsewhere) {
                if (attempt >= 3) {
                    throw sameTagAtOnceElsewhere;
                }
            }
        }
        // the bound: those unused longest go first
        var kept = jdbc.queryForObject("SELECT COUNT(*) FROM pdq_continuation", Long.class);
        if (kept != null && kept > maxChains) {
            jdbc.update("DELETE FROM pdq_continuation WHERE chain_key IN (SELECT chain_key FROM pdq_continuation"
                    + " ORDER BY expires_at, chain_key FETCH FIRST ? ROWS ONLY)", kept - maxChains);
        }
        return chain;
    }

    /**
     * The chain a continuation pointer belongs to and the offset it asks for, or empty when the pointer is
     * unknown, malformed, expired, cancelled, or from another consumer or query tag.
     */
    public Optional<Page> find(String consumer, String queryTag, String pointer) {
        var key = key(consumer, queryTag);
        var entry = entry(key);
        if (entry.isEmpty() || pointer == null) {
            return Optional.empty();
        }
        var chain = entry.get().chain();
        var dash = pointer.lastIndexOf('-');
        if (dash < 0 || !pointer.substring(0, dash).equals(chain.token())) {
            return Optional.empty();
        }
        int offset;
        try {
            offset = Integer.parseInt(pointer.substring(dash + 1));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        if (offset <= 0 || offset >= chain.matches().size()) {
            return Optional.empty();
        }
        jdbc.update("UPDATE pdq_continuation SET expires_at = ? WHERE chain_key = ? AND token = ?", expiry(), key,
                chain.token());
        return Optional.of(new Page(chain, offset));
    }

    /**
     * HL7 v3 continuation (QUQI_IN000003UV01, ITI TF-2b 3.47.4.3): the page of {@code quantity} matches starting
     * at {@code start} (0-based), or where the previous page ended when {@code start} is null; empty when the
     * chain is unknown, expired, cancelled, or has nothing at that position. The next page then starts after it.
     */
    public Optional<Page> next(String consumer, String queryTag, Integer start, int quantity) {
        var key = key(consumer, queryTag);
        var entry = entry(key);
        if (entry.isEmpty()) {
            return Optional.empty();
        }
        var chain = entry.get().chain();
        int offset = start == null ? entry.get().next() : start;
        if (offset < 0 || offset >= chain.matches().size() || quantity <= 0) {
            return Optional.empty();
        }
        jdbc.update("UPDATE pdq_continuation SET expires_at = ?, next_offset = ? WHERE chain_key = ? AND token = ?",
                expiry(), offset + quantity, key, chain.token());
        return Optional.of(new Page(chain, offset));
    }

    /** Forgets the answer of this query tag (QCN^J01); returns whether there was one. */
    public boolean cancel(String consumer, String queryTag) {
        return jdbc.update("DELETE FROM pdq_continuation WHERE chain_key = ? AND expires_at >= ?",
                key(consumer, queryTag), now()) > 0;
    }

    /** The unexpired chain of a key. */
    private Optional<Entry> entry(String key) {
        return jdbc.query("SELECT * FROM pdq_continuation WHERE chain_key = ? AND expires_at >= ?", (rs, i) -> {
            var matches = rs.getString("matches").isEmpty() ? List.<DemographicsMatch>of()
                    : Arrays.stream(rs.getString("matches").split(",")).map(m -> {
                        var colon = m.indexOf(':');
                        return new DemographicsMatch(Long.parseLong(m.substring(0, colon)),
                                Long.parseLong(m.substring(colon + 1)));
                    }).toList();
            var domains = rs.getString("returned_domains").isEmpty() ? Set.<String>of()
                    : Set.of(rs.getString("returned_domains").split(","));
            return new Entry(new Chain(rs.getString("token"), matches, domains, rs.getInt("page_size")),
                    rs.getInt("next_offset"));
        }, key, now()).stream().findFirst();
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    private OffsetDateTime expiry() {
        return now().plus(ttl);
    }

    /** A chain and the offset of the page asked for. */
    public record Page(Chain chain, int offset) {
    }

    private byte[] bytes() {
        var b = new byte[8];
        random.nextBytes(b);
        return b;
    }

    private static String key(String consumer, String queryTag) {
        return LongKeys.fit(consumer + "|" + queryTag, 700);
    }
}
