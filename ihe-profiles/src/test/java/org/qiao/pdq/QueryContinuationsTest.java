package org.qiao.pdq;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.qiao.support.TestDatabase;
import org.qiao.pdq.DemographicsSearchStore.DemographicsMatch;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Interactive continuation chains: pointers, expiry, cancel, the bound on how many are kept, and a chain continued
 * by another process on the same database.
 */
class QueryContinuationsTest {

    private TestDatabase db;

    @BeforeEach
    void setUp() throws Exception {
        db = new TestDatabase();
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    private Instant now = Instant.parse("2026-11-26T00:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    private static List<DemographicsMatch> matches(int n) {
        return LongStream.rangeClosed(1, n).mapToObj(i -> new DemographicsMatch(i, i * 10)).toList();
    }

    @Test
    void aPointerNamesItsChainAndOffsetForItsConsumerAndTagOnly() {
        var c = new QueryContinuations(db.jdbc, Duration.ofMinutes(10), 10, clock);
        var chain = c.start("EMR^C", "T1", matches(5), Set.of("a"), 2);
        var page = c.find("EMR^C", "T1", chain.pointer(2)).orElseThrow();
        assertThat(page.offset()).isEqualTo(2);
        assertThat(page.chain().returnedDomains()).containsExactly("a");
        // asked again (a lost answer): the same page
        assertThat(c.find("EMR^C", "T1", chain.pointer(2))).contains(page);

        assertThat(c.find("OTHER^C", "T1", chain.pointer(2))).isEmpty();
        assertThat(c.find("EMR^C", "T2", chain.pointer(2))).isEmpty();
        assertThat(c.find("EMR^C", "T1", "nonsense")).isEmpty();
        assertThat(c.find("EMR^C", "T1", chain.token() + "-x")).isEmpty();
        assertThat(c.find("EMR^C", "T1", chain.pointer(5))).isEmpty();
        assertThat(c.find("EMR^C", "T1", chain.pointer(0))).isEmpty();

        // the same tag again starts a new chain; the old pointers are void
        var again = c.start("EMR^C", "T1", matches(3), Set.of(), 1);
        assertThat(c.find("EMR^C", "T1", chain.pointer(2))).isEmpty();
        assertThat(c.find("EMR^C", "T1", again.pointer(2))).isPresent();
    }

    @Test
    void anHl7v3ContinuationGoesOnWhereThePreviousPageEndedOrFromTheAskedStart() {
        var c = new QueryContinuations(db.jdbc, Duration.ofMinutes(10), 10, clock);
        c.start("2.99.1", "Q1", matches(7), Set.of(), 2);
        assertThat(c.next("2.99.1", "Q1", null, 3).orElseThrow().offset()).isEqualTo(2);
        assertThat(c.next("2.99.1", "Q1", null, 3).orElseThrow().offset()).isEqualTo(5);
        // all delivered: nothing more
        assertThat(c.next("2.99.1", "Q1", null, 3)).isEmpty();
        // startResultNumber asks again for an earlier page, and the next one follows it
        assertThat(c.next("2.99.1", "Q1", 1, 2).orElseThrow().offset()).isEqualTo(1);
        assertThat(c.next("2.99.1", "Q1", null, 2).orElseThrow().offset()).isEqualTo(3);
        assertThat(c.next("2.99.1", "Q1", 7, 2)).isEmpty();
        assertThat(c.next("2.99.1", "Q1", null, 0)).isEmpty();
        // another device, another query id, expired, cancelled
        assertThat(c.next("2.99.2", "Q1", null, 2)).isEmpty();
        assertThat(c.next("2.99.1", "Q2", null, 2)).isEmpty();
        now = now.plus(Duration.ofMinutes(11));
        assertThat(c.next("2.99.1", "Q1", null, 2)).isEmpty();
        c.start("2.99.1", "Q3", matches(7), Set.of(), 2);
        c.cancel("2.99.1", "Q3");
        assertThat(c.next("2.99.1", "Q3", null, 2)).isEmpty();
    }

    @Test
    void chainsExpireAfterTheirLastUseAndCancelForgetsThem() {
        var c = new QueryContinuations(db.jdbc, Duration.ofMinutes(10), 10, clock);
        var chain = c.start("EMR^C", "T1", matches(5), Set.of(), 2);
        now = now.plus(Duration.ofMinutes(9));
        assertThat(c.find("EMR^C", "T1", chain.pointer(2))).isPresent();
        now = now.plus(Duration.ofMinutes(9));
        assertThat(c.find("EMR^C", "T1", chain.pointer(4))).isPresent();
        now = now.plus(Duration.ofMinutes(11));
        assertThat(c.find("EMR^C", "T1", chain.pointer(4))).isEmpty();

        var other = c.start("EMR^C", "T2", matches(5), Set.of(), 2);
        assertThat(c.cancel("EMR^C", "T2")).isTrue();
        assertThat(c.find("EMR^C", "T2", other.pointer(2))).isEmpty();
        assertThat(c.cancel("EMR^C", "T2")).isFalse();
    }

    @Test
    void theLeastRecentlyUsedChainGoesWhenTooManyAreKept() {
        var c = new QueryContinuations(db.jdbc, Duration.ofMinutes(10), 2, clock);
        var one = c.start("X", "1", matches(3), Set.of(), 1);
        var two = c.start("X", "2", matches(3), Set.of(), 1);
        now = now.plus(Duration.ofMinutes(1));
        assertThat(c.find("X", "1", one.pointer(1))).isPresent();
        c.start("X", "3", matches(3), Set.of(), 1);
        assertThat(c.find("X", "2", two.pointer(1))).isEmpty();
        assertThat(c.find("X", "1", one.pointer(1))).isPresent();
    }

    @Test
    void aChainStartedByOneProcessIsContinuedByAnother() {
        var first = new QueryContinuations(db.jdbc, Duration.ofMinutes(10), 10, clock);
        var second = new QueryContinuations(db.jdbc, Duration.ofMinutes(10), 10, clock);
        var chain = first.start("EMR^C", "T1", matches(5), Set.of("a", "b"), 2);
        var page = second.find("EMR^C", "T1", chain.pointer(2)).orElseThrow();
        assertThat(page.chain()).isEqualTo(chain);
        assertThat(page.offset()).isEqualTo(2);

        first.start("2.99.1", "Q1", matches(7), Set.of(), 2);
        assertThat(second.next("2.99.1", "Q1", null, 3).orElseThrow().offset()).isEqualTo(2);
        assertThat(first.next("2.99.1", "Q1", null, 3).orElseThrow().offset()).isEqualTo(5);
        assertThat(second.cancel("2.99.1", "Q1")).isTrue();
        assertThat(first.next("2.99.1", "Q1", null, 3)).isEmpty();
    }
}
