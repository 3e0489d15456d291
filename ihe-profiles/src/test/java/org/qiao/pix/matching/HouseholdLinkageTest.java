package org.qiao.pix.matching;

import org.junit.jupiter.api.Test;
import org.qiao.pix.matching.RecordLinkage.Decision;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Members of one household share address, phone, often the family name, twins even the birth date: the given
 * name and sex must decide (Newcombe 1993), so housemates are never linked automatically.
 */
class HouseholdLinkageTest {

    private static final String HOME_PHONE = "13957112345";
    private static final String HOME_POSTAL = "310012";

    private final RecordLinkage linkage = new RecordLinkage(LinkageConfig.defaults());

    private static LinkageRecord atHome(String family, String given, String birth, String sex) {
        return new LinkageRecord(family, given, birth, sex, HOME_PHONE, "杭州", HOME_POSTAL, Map.of());
    }

    private RecordLinkage.Score score(LinkageRecord a, LinkageRecord b) {
        return linkage.compare(linkage.prepare(a), linkage.prepare(b));
    }

    @Test
    void twinsWithDistinctGivenNamesStaySeparate() {
        // 嘉欣 / 嘉怡: a shared generation character, the other one differs
        var s = score(atHome("林", "嘉欣", "20150601", "F"), atHome("林", "嘉怡", "20150601", "F"));
        assertThat(s.decision()).isEqualTo(Decision.SEPARATE);
        // against strangers alone the shared birth date and phone would have linked them (the old matcher did)
        double strangers = s.weight() - s.fields().get("household");
        assertThat(strangers).isGreaterThan(LinkageConfig.defaults().upper());
        assertThat(s.weight()).isLessThan(LinkageConfig.defaults().lower());
    }

    @Test
    void twinsWithSimilarGivenNamesGoToReviewAtMost() {
        // 嘉慧 / 嘉华 look alike (Jaro–Winkler 0.93) and might be a clerk's wrong character: a person decides
        var s = score(atHome("林", "嘉慧", "20150601", "F"), atHome("林", "嘉华", "20150601", "F"));
        assertThat(s.decision()).isEqualTo(Decision.REVIEW);
    }

    @Test
    void aSexDisagreementIsNeverLinkedAutomatically() {
        var twins = score(atHome("林", "嘉欣", "20150601", "F"), atHome("林", "浩宇", "20150601", "M"));
        assertThat(twins.decision()).isEqualTo(Decision.SEPARATE);
        // everything else equal, a different sex still leaves the pair to a person
        var same = score(atHome("林", "嘉欣", "20150601", "F"), atHome("林", "嘉欣", "20150601", "M"));
        assertThat(same.weight()).isGreaterThanOrEqualTo(LinkageConfig.defaults().upper());
        assertThat(same.decision()).isEqualTo(Decision.REVIEW);
    }

    @Test
    void parentAndChildWithSimilarNamesAndSiblingsStaySeparate() {
        var father = atHome("林", "建国", "19600312", "M");
        assertThat(score(father, atHome("林", "建华", "19880312", "M")).decision()).isEqualTo(Decision.SEPARATE);
        assertThat(score(atHome("林", "嘉欣", "20150601", "F"), atHome("林", "嘉怡", "20180923", "F")).decision())
                .isEqualTo(Decision.SEPARATE);
        assertThat(score(father, atHome("王", "丽", "19620704", "F")).decision()).isEqualTo(Decision.SEPARATE);
    }

    @Test
    void aReRegistrationAtHomeStillLinksAutomatically() {
        var hanzi = atHome("林", "嘉欣", "20150601", "F");
        assertThat(score(hanzi, atHome("LIN", "JIAXIN", "20150601", "F")).decision()).isEqualTo(Decision.AUTO_LINK);
        // with one small variant too: swapped day and month, sex not given
        assertThat(score(hanzi, atHome("林", "嘉欣", "20150106", null)).decision()).isEqualTo(Decision.AUTO_LINK);
        // moved, with a new phone: no household evidence, so the mixture leaves the strangers' weight as it was
        var moved = score(hanzi, new LinkageRecord("LIN", "JIAXIN", "20150601", "F", "18612345678", "Ningbo",
                "315000", Map.of()));
        assertThat(moved.fields().get("household")).isCloseTo(0, within(0.01));
    }

    @Test
    void aGivenNameInTheFamilyFieldIsNotComparedAsAFamilyName() {
        // Western order in pinyin against a hanzi record: HONGMIN is compared with 红 as a given name
        var western = new LinkageRecord("hongmin", "Chen", "19341029", "F", HOME_PHONE, "Hangzhou", HOME_POSTAL,
                Map.of());
        var s = score(western, atHome("陈", "红", "19741029", "F"));
        assertThat(s.decision()).isNotEqualTo(Decision.AUTO_LINK);
    }

    @Test
    void aSlipThatLeavesNoPinyinIsASpellingVariantTwoValidSpellingsAreTwoNames() {
        assertThat(NameNormalizer.isPinyin("jiahui")).isTrue();
        assertThat(NameNormalizer.isPinyin("xiaoming")).isTrue();
        assertThat(NameNormalizer.isPinyin("jiahiu")).isFalse();
        assertThat(NameNormalizer.isPinyin("peter")).isFalse();
        var c = LinkageConfig.defaults();
        var typo = score(atHome("LIN", "JIAHIU", "20150601", "F"), atHome("林", "嘉慧", "20150601", "F"));
        assertThat(typo.fields().get("name")).isCloseTo(c.familyName().agree() + c.givenName().partial(), within(1e-9));
        var twoNames = score(atHome("LIN", "HAIJIA", "19630711", "M"), atHome("LIN", "HAIJIAN", "19630711", "M"));
        assertThat(twoNames.fields().get("name"))
                .isCloseTo(c.familyName().agree() + c.givenName().related(), within(1e-9));
    }

    @Test
    void theMixtureIsCloseToTheSmallerWeight() {
        assertThat(RecordLinkage.mixture(40, 10)).isCloseTo(10, within(1e-6));
        assertThat(RecordLinkage.mixture(20, 20)).isCloseTo(19, within(1e-9));
        assertThat(RecordLinkage.mixture(10, 40)).isEqualTo(RecordLinkage.mixture(40, 10));
    }
}
