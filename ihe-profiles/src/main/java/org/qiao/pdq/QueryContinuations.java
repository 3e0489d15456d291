package org.qiao.pdq;

import org.qiao.pdq.DemographicsSearchStore.DemographicsMatch;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Interactive continuation of PDQ answers (HL7 v2.5 5.6.3): the matches of a query whose answer did not fit
 * in one message (RCP-2), kept so that the next QBP with the same query tag and the DSC-1 pointer gets the
 * next page, until the consumer cancels (QCN^J01) or the chain expires.
 *
 * <p>Why in memory and not IPF's interceptor or the database: a continuation is only worth as much as the
 * consumer's open conversation, so losing it on a restart or on another cluster node costs one repeated
 * query, never data. IPF's {@code supportInteractiveContinuation} would fragment a fully encoded answer and
 * cache the fragments in a cache provider we do not otherwise need; keeping the matched ids here is smaller,
 * re-reads current demographics for each page, and keeps the behaviour in plain, tested Java.
 *
 * <p>A chain is keyed by the consumer (MSH-3^MSH-4) and its query tag (QPD-2). A pointer names the chain and
 * the offset of the page it asks for ({@code token-offset}), so a consumer that re-sends a request after a
 * lost answer gets the same page again. Chains live {@code ttl} after their last use, and at most
 * {@code maxChains} are kept (the least recently used goes first).
 */
public class QueryContinuations {

    /** The remembered answer of one query. */
    public record Chain(String token, List<DemographicsMatch> matches, Set<String> returnedDomains, int pageSize) {

        /** The pointer a consumer sends (DSC-1) to get the page starting at {@code offset}. */
        public String pointer(int offset) {
            return token + "-" + offset;
        }
    }

    /** {@code next}: where an HL7 v3 continuation without startResultNumber goes on (what was delivered so far). */
    private record Entry(Chain chain, Instant expires, int next) {
    }

    private final Duration ttl;
    private final int maxChains;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Entry> chains;

    public QueryContinuations(Duration ttl, int maxChains, Clock clock) {
        this.ttl = ttl;
        this.maxChains = maxChains;
        this.clock = clock;
        this.chains = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > QueryContinuations.this.maxChains;
            }
        };
    }

    public QueryContinuations(Duration ttl, int maxChains) {
        this(ttl, maxChains, Clock.systemUTC());
    }

    /** Remembers a new answer for this consumer and query tag, replacing an earlier one with the same tag. */
    public synchronized Chain start(String consumer, String queryTag, List<DemographicsMatch> matches,
                                    Set<String> returnedDomains, int pageSize) {
        var token = HexFormat.of().formatHex(bytes());
        var chain = new Chain(token, List.copyOf(matches), Set.copyOf(returnedDomains), pageSize);
        chains.put(key(consumer, queryTag), new Entry(chain, clock.instant().plus(ttl), pageSize));
        return chain;
    }

    /**
     * The chain a continuation pointer belongs to and the offset it asks for, or empty when the pointer is
     * unknown, malformed, expired, cancelled, or from another consumer or query tag.
     */
    public synchronized Optional<Page> find(String consumer, String queryTag, String pointer) {
        var key = key(consumer, queryTag);
        var entry = chains.get(key);
        if (entry == null || pointer == null) {
            return Optional.empty();
        }
        if (entry.expires().isBefore(clock.instant())) {
            chains.remove(key);
            return Optional.empty();
        }
        var dash = pointer.lastIndexOf('-');
        if (dash < 0 || !pointer.substring(0, dash).equals(entry.chain().token())) {
            return Optional.empty();
        }
        int offset;
        try {
            offset = Integer.parseInt(pointer.substring(dash + 1));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        if (offset <= 0 || offset >= entry.chain().matches().size()) {
            return Optional.empty();
        }
        chains.put(key, new Entry(entry.chain(), clock.instant().plus(ttl), entry.next()));
        return Optional.of(new Page(entry.chain(), offset));
    }

    /**
     * HL7 v3 continuation (QUQI_IN000003UV01, ITI TF-2b 3.47.4.3): the page of {@code quantity} matches starting
     * at {@code start} (0-based), or where the previous page ended when {@code start} is null; empty when the
     * chain is unknown, expired, cancelled, or has nothing at that position. The next page then starts after it.
     */
    public synchronized Optional<Page> next(String consumer, String queryTag, Integer start, int quantity) {
        var key = key(consumer, queryTag);
        var entry = chains.get(key);
        if (entry == null) {
            return Optional.empty();
        }
        if (entry.expires().isBefore(clock.instant())) {
            chains.remove(key);
            return Optional.empty();
        }
        int offset = start == null ? entry.next() : start;
        if (offset < 0 || offset >= entry.chain().matches().size() || quantity <= 0) {
            return Optional.empty();
        }
        chains.put(key, new Entry(entry.chain(), clock.instant().plus(ttl), offset + quantity));
        return Optional.of(new Page(entry.chain(), offset));
    }

    /** Forgets the answer of this query tag (QCN^J01); returns whether there was one. */
    public synchronized boolean cancel(String consumer, String queryTag) {
        return chains.remove(key(consumer, queryTag)) != null;
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
        return consumer + "|" + queryTag;
    }
}
