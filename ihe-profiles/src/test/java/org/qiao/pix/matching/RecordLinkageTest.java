package org.qiao.pix.matching;

import org.junit.jupiter.api.Test;
import org.qiao.pix.matching.RecordLinkage.Decision;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class RecordLinkageTest {

    private final RecordLinkage linkage = new RecordLinkage(LinkageConfig.defaults());

    private static LinkageRecord rec(String family, String given, String birth, String sex, String phone,
                                     String city) {
        return new LinkageRecord(family, given, birth, sex, phone, city, null, Map.of());
    }

    private RecordLinkage.Score score(LinkageRecord a, LinkageRecord b) {
        return linkage.compare(linkage.prepare(a), linkage.prepare(b));
    }

    @Test
    void hanziBecomeTonelessPinyinAndPinyinIsFoldedToTheSameForm() {
        assertThat(NameNormalizer.forms("王", true)).containsExactly("wang");
        assertThat(NameNormalizer.forms("小明", false)).contains("xiaoming");
        assertThat(NameNormalizer.forms("Xiao-Ming", false)).containsExactly("xiaoming");
        assertThat(NameNormalizer.forms("Lü", true)).containsExactly("lv");
        assertThat(NameNormalizer.forms("吕", true)).containsExactly("lv");
        assertThat(NameNormalizer.forms("Émile", false)).containsExactly("emile");
        // polyphonic surname: the family-name reading
        assertThat(NameNormalizer.forms("曾", true)).containsExactly("zeng");
        assertThat(NameNormalizer.forms("单", true)).containsExactly("shan");
    }

    @Test
    void aWholeNameInOneFieldIsSplitFamilyFirst() {
        assertThat(NameNormalizer.split("王小明", null)).isEqualTo(new NameNormalizer.NameParts("王", "小明"));
        assertThat(NameNormalizer.split("欧阳娜娜", "")).isEqualTo(new NameNormalizer.NameParts("欧阳", "娜娜"));
        assertThat(NameNormalizer.split("Wang Xiaoming", null))
                .isEqualTo(new NameNormalizer.NameParts("Wang", "Xiaoming"));
    }

    @Test
    void fuzzyPinyinFoldsAccentConfusions() {
        assertThat(NameNormalizer.fuzzy("zhang")).isEqualTo(NameNormalizer.fuzzy("zan"));
        assertThat(NameNormalizer.fuzzy("liu")).isEqualTo(NameNormalizer.fuzzy("niu"));
        assertThat(NameNormalizer.fuzzy("jing")).isEqualTo(NameNormalizer.fuzzy("jin"));
        assertThat(NameNormalizer.fuzzy("wang")).isNotEqualTo(NameNormalizer.fuzzy("wu"));
    }

    @Test
    void jaroWinklerKnownValues() {
        assertThat(JaroWinkler.similarity("martha", "marhta")).isCloseTo(0.961, within(0.001));
        assertThat(JaroWinkler.similarity("dwayne", "duane")).isCloseTo(0.84, within(0.001));
        assertThat(JaroWinkler.similarity("dixon", "dicksonx")).isCloseTo(0.813, within(0.001));
        assertThat(JaroWinkler.similarity("abc", "abc")).isEqualTo(1.0);
        assertThat(JaroWinkler.similarity("abc", "xyz")).isEqualTo(0.0);
        assertThat(JaroWinkler.similarity("", "abc")).isEqualTo(0.0);
    }

    @Test
    void birthDateVariants() {
        assertThat(RecordLinkage.date("19800312")).isEqualTo("19800312");
        assertThat(RecordLinkage.date("198003121230+0800")).isEqualTo("19800312");
        assertThat(RecordLinkage.date("1980-03-12")).isEqualTo("19800312");
        assertThat(RecordLinkage.date("1980")).isNull();
        assertThat(RecordLinkage.dateVariant("19800312", "19801203")).as("day/month swapped").isTrue();
        assertThat(RecordLinkage.dateVariant("19800312", "19080312")).as("digits transposed").isTrue();
        assertThat(RecordLinkage.dateVariant("19800312", "19800313")).as("one digit").isTrue();
        assertThat(RecordLinkage.dateVariant("19800312", "19851107")).isFalse();
        assertThat(RecordLinkage.phone("+86 138-0013-8000")).isEqualTo("13800138000");
    }

    @Test
    void hanziAndPinyinOfOnePersonLinkAutomatically() {
        var s = score(rec("王", "小明", "19800312", "M", null, "杭州"),
                rec("WANG", "XIAOMING", "19800312", "M", null, "Hangzhou"));
        assertThat(s.decision()).isEqualTo(Decision.AUTO_LINK);
        assertThat(s.fields().get("address")).isPositive();
    }

    @Test
    void westernOrderAndAWholeNameInOneFieldStillLink() {
        var hanzi = rec("李", "建国", "19650101", "M", "13800138000", null);
        assertThat(score(hanzi, rec("Jianguo", "Li", "19650101", "M", "13800138000", null)).decision())
                .isEqualTo(Decision.AUTO_LINK);
        assertThat(score(hanzi, rec("李建国", null, "19650101", "M", "13800138000", null)).decision())
                .isEqualTo(Decision.AUTO_LINK);
    }

    @Test
    void aHomophoneTypoInHanziIsNoDisagreement() {
        // 王伟 / 王玮: the same sound, another character: a registration clerk's classic
        var s = score(rec("王", "伟", "19900521", "M", "13912345678", null),
                rec("王", "玮", "19900521", "M", "13912345678", null));
        assertThat(s.decision()).isEqualTo(Decision.AUTO_LINK);
        assertThat(s.fields().get("name")).isEqualTo(
                LinkageConfig.defaults().familyName().agree() + LinkageConfig.defaults().givenName().agree());
    }

    @Test
    void anAccentVariantInPinyinIsPartialAgreement() {
        var s = score(rec("张", "静", "19751103", "F", null, null), rec("Zang", "Jin", "19751103", "F", null, null));
        var c = LinkageConfig.defaults();
        assertThat(s.fields().get("name")).isEqualTo(c.familyName().partial() + c.givenName().partial());
        assertThat(s.weight()).isPositive();
    }

    @Test
    void swappedDayAndMonthWithTheSamePhoneLinks() {
        var s = score(rec("陈", "丽", "19880304", "F", "13700001111", null),
                rec("陈", "丽", "19880403", "F", "13700001111", null));
        assertThat(s.fields().get("birthDate")).isEqualTo(LinkageConfig.defaults().birthDate().partial());
        assertThat(s.decision()).isEqualTo(Decision.AUTO_LINK);
    }

    @Test
    void swappedDayAndMonthAloneGoesToReview() {
        var s = score(rec("陈", "丽", "19880304", "F", null, null), rec("陈", "丽", "19880403", "F", null, null));
        assertThat(s.decision()).isEqualTo(Decision.REVIEW);
    }

    @Test
    void twoWangWeiWithDifferentBirthDatesStaySeparate() {
        var s = score(rec("王", "伟", "19800101", "M", "13800000001", "北京"),
                rec("王", "伟", "19920617", "M", "13900000002", "上海"));
        assertThat(s.decision()).isEqualTo(Decision.SEPARATE);
        // even in the same city and without phones they are never linked automatically
        var sameCity = score(rec("王", "伟", "19800101", "M", null, "北京"),
                rec("王", "伟", "19920617", "M", null, "北京"));
        assertThat(sameCity.decision()).isNotEqualTo(Decision.AUTO_LINK);
    }

    @Test
    void aDifferentNationalIdKeepsOtherwiseEqualRecordsFromLinkingAutomatically() {
        var a = new LinkageRecord("王", "伟", "19800101", "M", null, null, null, Map.of("cn-id", "110101198001010011"));
        var b = new LinkageRecord("王", "伟", "19800101", "M", null, null, null, Map.of("cn-id", "110101198001010038"));
        // a mistyped ID or two persons: a person decides
        var s = score(a, b);
        assertThat(s.fields().get("identifiers")).isLessThan(-9);
        assertThat(s.decision()).isEqualTo(Decision.REVIEW);
    }

    @Test
    void westernNamesCompareToo() {
        var s = score(rec("Smith", "Jonathan", "19700215", "M", null, "Boston"),
                rec("Smyth", "Jonathan", "19700215", "M", null, "Boston"));
        assertThat(s.decision()).isEqualTo(Decision.AUTO_LINK);
        var other = score(rec("Smith", "Jonathan", "19700215", "M", null, null),
                rec("Miller", "Anna", "19700215", "F", null, null));
        assertThat(other.decision()).isEqualTo(Decision.SEPARATE);
    }

    @Test
    void missingFieldsWeighNothing() {
        var s = score(rec("王", "伟", null, null, null, null), rec("王", "伟", "19800101", "M", "13800000001", "北京"));
        assertThat(s.fields().get("birthDate")).isZero();
        assertThat(s.fields().get("phone")).isZero();
        assertThat(s.decision()).isNotEqualTo(Decision.AUTO_LINK);
    }

    @Test
    void blockingKeysOfHanziAndPinyinFormsMeet() {
        var a = linkage.prepare(rec("王", "小明", "19800312", "M", null, null));
        var b = linkage.prepare(rec("Xiaoming", "Wang", "19801203", "M", null, null));
        assertThat(a.blockingKeys()).contains("n:w1980", "d:19800312", "s:wan xiaomin");
        assertThat(b.blockingKeys()).contains("s:wan xiaomin");
    }
}
