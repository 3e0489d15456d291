package org.qiao.pix.matching;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.qiao.pix.Demographics;
import org.qiao.pix.DeterministicMatcher;
import org.qiao.pix.DomainType;
import org.qiao.pix.Identifier;
import org.qiao.pix.IdentityDomain;
import org.qiao.pix.IdentityDomains;
import org.qiao.pix.LinkEventStore;
import org.qiao.pix.PatientFeed;
import org.qiao.pix.PersonIndexStore;
import org.qiao.pix.PixManager;
import org.qiao.pix.PixManagerService;
import org.qiao.support.TestDatabase;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The PIX Manager with record linkage behind its matcher, against a real store (H2, or PostgreSQL). */
class ProbabilisticMatcherTest {

    private final IdentityDomains domains = new IdentityDomains(List.of(
            new IdentityDomain("regional", "QIAO", "1.1", DomainType.REGIONAL, null),
            new IdentityDomain("a", "HOSP_A", "1.2", DomainType.MRN, null),
            new IdentityDomain("b", "HOSP_B", "1.3", DomainType.MRN, null),
            new IdentityDomain("nid", "CN-ID", "1.4", DomainType.NATIONAL_ID, null)), "regional");
    private final List<List<Identifier>> notified = new ArrayList<>();
    private TestDatabase db;
    private MatchReviewStore queue;
    private PixManager pix;

    @BeforeEach
    void setUp() throws Exception {
        db = new TestDatabase();
        var store = new PersonIndexStore(db.jdbc);
        queue = new MatchReviewStore(db.jdbc);
        var matcher = new ProbabilisticMatcher(store, new BlockingKeyStore(db.jdbc), queue,
                new DeterministicMatcher(store), new RecordLinkage(LinkageConfig.defaults()), domains);
        pix = new PixManagerService(store, new LinkEventStore(db.jdbc), matcher, domains,
                (person, ids, d) -> notified.add(ids), "R", db.tx);
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    private PixManager.FeedResult feed(String family, String given, String birth, String phone, Identifier... ids) {
        return feedAt("310012", family, given, birth, phone, ids);
    }

    private PixManager.FeedResult feedAt(String postalCode, String family, String given, String birth, String phone,
                                         Identifier... ids) {
        var d = new Demographics(family, given, birth, "M", null, postalCode == null ? null : "杭州", null,
                postalCode, null, phone, null, null, null, null, null, null, null, null, null);
        return db.tx.execute(s -> pix.feed(new PatientFeed(List.of(ids), d, domains)));
    }

    private static Identifier id(String value, String domain) {
        return new Identifier(value, domain);
    }

    @Test
    void hanziAtOneHospitalAndPinyinAtAnotherBecomeOnePersonWithANotification() {
        var first = feed("王", "小明", "19800312", "13800138000", id("A1", "a"));
        notified.clear();
        var second = feed("WANG", "XIAOMING", "19800312", null, id("B7", "b"));
        assertThat(second.personId()).isEqualTo(first.personId());
        assertThat(second.regionalId()).isEqualTo(first.regionalId());
        assertThat(pix.crossReferences(id("B7", "b")).orElseThrow()).contains(id("A1", "a"), first.regionalId());
        assertThat(notified).hasSize(1);
        assertThat(queue.openReviews(10)).isEmpty();
    }

    @Test
    void anUndecidedPairIsQueuedForReviewAndNotLinked() {
        // swapped day and month, nothing else to go by: a person decides
        var first = feed("陈", "丽", "19880304", null, id("A1", "a"));
        var second = feedAt(null, "Chen", "Li", "19880403", null, id("B1", "b"));
        assertThat(second.personId()).isNotEqualTo(first.personId());
        var reviews = queue.openReviews(10);
        assertThat(reviews).singleElement().satisfies(r -> {
            assertThat(r.recordKey()).isEqualTo(id("B1", "b"));
            assertThat(r.candidatePersonId()).isEqualTo(first.personId());
            assertThat(r.weight()).isBetween(12.0, 24.0);
            assertThat(r.fieldWeights()).contains("birthDate=6.6");
        });
        // the same feed again refreshes the entry instead of queueing it twice
        feedAt(null, "Chen", "Li", "19880403", null, id("B1", "b"));
        assertThat(queue.openReviews(10)).hasSize(1);
    }

    @Test
    void differentPersonsWithOneCommonNameStaySeparateAndUnqueued() {
        var one = feed("王", "伟", "19800101", "13800000001", id("A1", "a"));
        var two = feed("王", "伟", "19920617", "13900000002", id("B1", "b"));
        assertThat(two.personId()).isNotEqualTo(one.personId());
        assertThat(queue.openReviews(10)).isEmpty();
    }

    @Test
    void twinsSharingBirthDatePhoneAndAddressStayTwoPersons() {
        var one = feed("林", "浩然", "20150601", "13900000000", id("A1", "a"));
        var two = feed("林", "浩宇", "20150601", "13900000000", id("B1", "b"));
        assertThat(two.personId()).isNotEqualTo(one.personId());
        assertThat(queue.openReviews(10)).isEmpty();
        // the same twin again at the other hospital is still linked to its own record
        var again = feed("LIN", "HAORAN", "20150601", "13900000000", id("B2", "b"));
        assertThat(again.personId()).isEqualTo(one.personId());
    }

    @Test
    void differentNationalIdsKeepLookalikesApart() {
        var one = feed("李", "建国", "19650101", null, id("A1", "a"), id("110101196501010011", "nid"));
        var two = feed("李", "建国", "19650101", null, id("B1", "b"), id("110101196501010038", "nid"));
        assertThat(two.personId()).isNotEqualTo(one.personId());
    }

    @Test
    void anUpdateOfTheSameRecordNeitherLinksElsewhereNorQueues() {
        var first = feed("赵", "敏", "19700707", null, id("A1", "a"));
        var again = feed("赵", "敏", "19700707", "13700000000", id("A1", "a"));
        assertThat(again.personId()).isEqualTo(first.personId());
        assertThat(queue.openReviews(10)).isEmpty();
        assertThat(db.jdbc.queryForObject("SELECT COUNT(*) FROM patient_blocking_key", Long.class))
                .as("keys of the one record, replaced not added").isEqualTo(4L);
    }
}
