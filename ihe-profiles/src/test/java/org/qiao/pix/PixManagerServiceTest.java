package org.qiao.pix;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.qiao.support.TestDatabase;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Linking and merging rules of the PIX Manager, against a real store. */
class PixManagerServiceTest {

    private final IdentityDomains domains = new IdentityDomains(List.of(
            new IdentityDomain("regional", "QIAO", "1.1", DomainType.REGIONAL, null),
            new IdentityDomain("a", "HOSP_A", "1.2", DomainType.MRN, "HIS_A^HOSP_A"),
            new IdentityDomain("b", "HOSP_B", "1.3", DomainType.MRN, null),
            new IdentityDomain("nid", "CN-ID", "1.4", DomainType.NATIONAL_ID, null)), "regional");
    private final List<List<Identifier>> notified = new ArrayList<>();
    private TestDatabase db;
    private PixManager pix;

    @BeforeEach
    void setUp() throws Exception {
        db = new TestDatabase();
        var store = new PersonIndexStore(db.jdbc);
        pix = new PixManagerService(store, new LinkEventStore(db.jdbc), new DeterministicMatcher(store), domains,
                (person, ids, demographics) -> notified.add(ids), "R", db.tx);
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    private PixManager.FeedResult feed(Identifier... ids) {
        var d = new Demographics("张", "三", "19900101", "M", null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null);
        return db.tx.execute(s -> pix.feed(new PatientFeed(List.of(ids), d, domains)));
    }

    /** The survivor's demographics an A40 carries: a name only. */
    private static Demographics nameOnly() {
        return new Demographics("张", "三", null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null);
    }

    private static Identifier id(String value, String domain) {
        return new Identifier(value, domain);
    }

    @Test
    void aNewPatientGetsARegionalIdAndANotification() {
        var r = feed(id("1", "a"));
        assertThat(r.regionalId().domain()).isEqualTo("regional");
        assertThat(r.regionalId().value()).startsWith("R");
        assertThat(pix.crossReferences(id("1", "a"))).contains(List.of(id("1", "a"), r.regionalId()));
        assertThat(notified).hasSize(1);
    }

    @Test
    void aSharedNationalIdLinksAndAnUnchangedUpdateNotifiesNobody() {
        var first = feed(id("1", "a"), id("N1", "nid"));
        var second = feed(id("9", "b"), id("N1", "nid"));
        assertThat(second.personId()).isEqualTo(first.personId());
        assertThat(pix.crossReferences(id("9", "b")).orElseThrow())
                .containsExactlyInAnyOrder(id("1", "a"), id("N1", "nid"), id("9", "b"), first.regionalId());
        notified.clear();
        feed(id("9", "b"), id("N1", "nid"));
        assertThat(notified).isEmpty();
    }

    @Test
    void identifiersSentTogetherJoinTwoPersonsAndTheYoungerRegionalIdRetires() {
        var one = feed(id("1", "a"));
        var two = feed(id("2", "b"));
        var joined = feed(id("2", "b"), id("1", "a"));
        assertThat(joined.personId()).isEqualTo(one.personId());
        assertThat(pix.crossReferences(id("2", "b")).orElseThrow()).contains(id("1", "a"), one.regionalId())
                .doesNotContain(two.regionalId());
        assertThat(pix.crossReferences(two.regionalId())).isEmpty();
        // the matcher's link is audited like an A24, naming one identifier of each person
        var link = pix.linkEvents(1).get(0);
        assertThat(link.kind()).isEqualTo("LINK");
        assertThat(List.of(link.a(), link.b())).containsExactly(id("1", "a"), id("2", "b"));
        assertThat(link.personBBefore()).isEqualTo(two.personId());
    }

    @Test
    void mergeRetiresTheIdentifierAndMovesItsCrossReferences() {
        var survivor = feed(id("1", "a"));
        feed(id("2", "a"), id("N7", "nid"));
        feed(id("9", "b"), id("N7", "nid"));
        notified.clear();
        var d = nameOnly();
        db.tx.execute(s -> pix.merge(new PatientFeed(List.of(id("1", "a")), d, domains), id("2", "a")));
        assertThat(pix.crossReferences(id("2", "a"))).isEmpty();
        assertThat(pix.crossReferences(id("9", "b")).orElseThrow())
                .contains(id("1", "a"), id("N7", "nid"), survivor.regionalId()).doesNotContain(id("2", "a"));
        assertThat(notified).hasSize(1);
        assertThatThrownBy(() -> db.tx.execute(s -> pix.merge(new PatientFeed(List.of(id("1", "a")), d, domains),
                id("404", "a")))).isInstanceOf(UnknownIdentifierException.class);
    }

    @Test
    void anUndoneMergeBringsBackTheRetiredPersonWithEverythingItHad() {
        var survivor = feed(id("1", "a"));
        var retired = feed(id("2", "a"), id("N7", "nid"));
        feed(id("9", "b"), id("N7", "nid"));
        var d = nameOnly();
        db.tx.execute(s -> pix.merge(new PatientFeed(List.of(id("1", "a")), d, domains), id("2", "a"), "A40 test"));
        var merge = pix.linkEvents(1).get(0);
        assertThat(merge.kind()).isEqualTo("MERGE");
        notified.clear();

        var back = db.tx.execute(s -> pix.undo(merge.id(), "operator"));
        assertThat(back.personId()).isEqualTo(retired.personId());
        assertThat(back.regionalId()).isEqualTo(retired.regionalId());
        assertThat(pix.crossReferences(id("2", "a")).orElseThrow())
                .containsExactlyInAnyOrder(id("2", "a"), id("N7", "nid"), id("9", "b"), retired.regionalId());
        assertThat(pix.crossReferences(id("1", "a")).orElseThrow())
                .containsExactlyInAnyOrder(id("1", "a"), survivor.regionalId());
        assertThat(notified).hasSize(2);
        var events = pix.linkEvents(2);
        assertThat(events.get(0).kind()).isEqualTo("UNMERGE");
        assertThat(events.get(1).undoneBy()).isEqualTo(events.get(0).id());
        assertThatThrownBy(() -> db.tx.execute(s -> pix.undo(merge.id(), "again")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aMergeWithinOnePersonIsUndoneByReactivatingTheIdentifier() {
        var one = feed(id("1", "a"), id("N3", "nid"));
        feed(id("2", "a"), id("N3", "nid"));
        var d = nameOnly();
        db.tx.execute(s -> pix.merge(new PatientFeed(List.of(id("1", "a")), d, domains), id("2", "a"), "A40 test"));
        assertThat(pix.crossReferences(id("2", "a"))).isEmpty();
        var back = db.tx.execute(s -> pix.undo(pix.linkEvents(1).get(0).id(), "operator"));
        assertThat(back.personId()).isEqualTo(one.personId());
        assertThat(pix.crossReferences(id("2", "a")).orElseThrow()).contains(id("1", "a"), one.regionalId());
    }

    @Test
    void aMergeWhoseSurvivorWasMergedSinceIsUndoneInReverseOrder() {
        feed(id("1", "a"));
        feed(id("2", "a"));
        var last = feed(id("3", "a"));
        var d = nameOnly();
        db.tx.execute(s -> pix.merge(new PatientFeed(List.of(id("2", "a")), d, domains), id("1", "a"), "first"));
        long first = pix.linkEvents(1).get(0).id();
        db.tx.execute(s -> pix.merge(new PatientFeed(List.of(id("3", "a")), d, domains), id("2", "a"), "second"));
        long second = pix.linkEvents(1).get(0).id();
        assertThatThrownBy(() -> db.tx.execute(s -> pix.undo(first, "operator")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("undo that first");
        db.tx.execute(s -> pix.undo(second, "operator"));
        db.tx.execute(s -> pix.undo(first, "operator"));
        assertThat(pix.crossReferences(id("1", "a")).orElseThrow()).hasSize(2).doesNotContain(id("2", "a"));
        assertThat(pix.crossReferences(id("2", "a")).orElseThrow()).hasSize(2).doesNotContain(id("3", "a"));
        assertThat(pix.crossReferences(id("3", "a")).orElseThrow()).containsExactlyInAnyOrder(id("3", "a"),
                last.regionalId());
    }

    @Test
    void aChangeOfIdentifierIsUndoneByTheChangeBack() {
        var before = feed(id("1", "a"));
        db.tx.execute(s -> pix.changeIdentifier(id("1", "a"), id("5", "a"), "A47 test"));
        db.tx.execute(s -> pix.undo(pix.linkEvents(1).get(0).id(), "operator"));
        assertThat(pix.crossReferences(id("5", "a"))).isEmpty();
        assertThat(pix.crossReferences(id("1", "a")).orElseThrow()).containsExactlyInAnyOrder(id("1", "a"),
                before.regionalId());
    }

    @Test
    void aChangedIdentifierKeepsItsPersonAndTheOldValueIsForgotten() {
        var before = feed(id("1", "a"), id("N1", "nid"));
        feed(id("3", "a"));
        notified.clear();
        var changed = db.tx.execute(s -> pix.changeIdentifier(id("1", "a"), id("5", "a"), "test"));
        assertThat(changed.personId()).isEqualTo(before.personId());
        assertThat(changed.regionalId()).isEqualTo(before.regionalId());
        assertThat(pix.crossReferences(id("1", "a"))).isEmpty();
        assertThat(pix.crossReferences(id("5", "a")).orElseThrow())
                .containsExactlyInAnyOrder(id("5", "a"), id("N1", "nid"), before.regionalId());
        assertThat(notified).hasSize(1);
        assertThat(pix.linkEvents(10).get(0).kind()).isEqualTo("CHANGE_ID");
        assertThatThrownBy(() -> db.tx.execute(s -> pix.changeIdentifier(id("5", "a"), id("3", "a"), "test")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> db.tx.execute(s -> pix.changeIdentifier(id("5", "a"), id("6", "b"), "test")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> db.tx.execute(s -> pix.changeIdentifier(id("404", "a"), id("7", "a"), "test")))
                .isInstanceOf(UnknownIdentifierException.class);
    }

    @Test
    void aLinkIsUndoneByAnUnlinkAndTheUnlinkByTheOperatorsUndo() {
        var one = feed(id("1", "a"));
        var two = feed(id("9", "b"), id("N9", "nid"));
        notified.clear();
        var linked = db.tx.execute(s -> pix.link(id("1", "a"), id("9", "b"), "A24 test"));
        assertThat(linked.personId()).isEqualTo(one.personId());
        assertThat(pix.crossReferences(id("1", "a")).orElseThrow())
                .containsExactlyInAnyOrder(id("1", "a"), id("9", "b"), id("N9", "nid"), one.regionalId());
        assertThat(notified).hasSize(1);

        notified.clear();
        var split = db.tx.execute(s -> pix.unlink(id("1", "a"), id("9", "b"), "A37 test"));
        assertThat(pix.crossReferences(id("1", "a")).orElseThrow())
                .containsExactlyInAnyOrder(id("1", "a"), one.regionalId());
        assertThat(pix.crossReferences(id("9", "b")).orElseThrow())
                .containsExactlyInAnyOrder(id("9", "b"), id("N9", "nid"), split.regionalId());
        assertThat(split.regionalId()).isNotIn(one.regionalId(), two.regionalId());
        assertThat(notified).hasSize(2);
        assertThatThrownBy(() -> db.tx.execute(s -> pix.unlink(id("1", "a"), id("9", "b"), "again")))
                .isInstanceOf(IllegalArgumentException.class);

        var events = pix.linkEvents(10);
        assertThat(events).extracting(LinkEventStore.LinkEvent::kind).containsExactly("UNLINK", "LINK");
        assertThat(events.get(0).cause()).isEqualTo("A37 test");
        assertThat(events.get(0).personBAfter()).isEqualTo(split.personId());
        long unlinkId = events.get(0).id();
        db.tx.execute(s -> pix.undo(unlinkId, "operator"));
        assertThat(pix.crossReferences(id("1", "a")).orElseThrow()).contains(id("9", "b"), one.regionalId());
        assertThat(pix.linkEvents(10).get(1).undoneBy()).isEqualTo(pix.linkEvents(10).get(0).id());
        assertThatThrownBy(() -> db.tx.execute(s -> pix.undo(unlinkId, "operator")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> db.tx.execute(s -> pix.link(id("1", "a"), id("404", "b"), "test")))
                .isInstanceOf(UnknownIdentifierException.class);
    }

    @Test
    void assigningAuthoritiesResolveByNamespaceOidOrBothWhenTheyAgree() {
        assertThat(domains.resolve("HOSP_A", null, null)).map(IdentityDomain::code).contains("a");
        assertThat(domains.resolve(null, "1.2", "ISO")).map(IdentityDomain::code).contains("a");
        assertThat(domains.resolve("HOSP_A", "1.2", "ISO")).map(IdentityDomain::code).contains("a");
        assertThat(domains.resolve("HOSP_A", "1.3", "ISO")).isEmpty();
        assertThat(domains.resolve(null, "1.2", "DNS")).isEmpty();
        assertThat(domains.resolve(null, null, null)).isEmpty();
        // HD (ITI TF-2a 3.8.4.1.2.3): a universal id without its type ISO, or a type without an id, is no domain
        assertThat(domains.resolve(null, "1.2", null)).isEmpty();
        assertThat(domains.resolve("HOSP_A", "1.2", null)).isEmpty();
        assertThat(domains.resolve("HOSP_A", null, "ISO")).isEmpty();
        assertThat(domains.resolve(null, "1.2", "iso")).isEmpty();
        assertThat(domains.forSource("HIS_A", "HOSP_A")).map(IdentityDomain::code).contains("a");
    }
}
