package org.qiao.pix.matching;

import org.junit.jupiter.api.Test;
import org.qiao.pix.Demographics;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Record linkage with every PID-5 repetition (HL7 v2.5 2.A.89 XPN): the best-agreeing pair of names counts. */
class NameRepetitionsLinkageTest {

    /** 𠮷 (U+20BB7): outside the BMP, no pinyin reading in pinyin4j. */
    private static final String TSUCHIYOSHI = "\uD842\uDFB7";

    private final RecordLinkage linkage = new RecordLinkage(LinkageConfig.defaults());

    private static Demographics record(String family, String given, List<String> names) {
        return new Demographics(family, given, "19850612", "M", null, "成都市", null, "610000", null, "13800000000",
                null, null, null, null, null, null, null, null, null, names, List.of(), List.of());
    }

    private RecordLinkage.Prepared prepared(Demographics d) {
        return linkage.prepare(LinkageRecord.of(d, Map.of()));
    }

    @Test
    void aRareHanziNameMeetsItsPinyinThroughTheOtherRepetition() {
        var hanzi = prepared(record(TSUCHIYOSHI, "小明", List.of(TSUCHIYOSHI + "^小明^^^^^L^I", "JI^XIAOMING^^^^^L^P")));
        var pinyinOnly = prepared(record("Ji", "Xiaoming", List.of()));
        var alone = prepared(record(TSUCHIYOSHI, "小明", List.of()));

        double both = linkage.compare(hanzi, pinyinOnly).fields().get("name");
        double first = linkage.compare(alone, pinyinOnly).fields().get("name");
        assertThat(both).isGreaterThan(first);
        assertThat(both).isEqualTo(linkage.compare(prepared(record("Ji", "Xiaoming", List.of())), pinyinOnly)
                .fields().get("name"));
        // blocking keys from each name; the rare character's initial is whole, not half a surrogate pair
        assertThat(hanzi.blockingKeys()).contains("n:" + TSUCHIYOSHI + "1985", "n:j1985");
        assertThat(String.join("", hanzi.blockingKeys()).codePoints()
                .noneMatch(cp -> Character.isSurrogate((char) cp) && cp <= 0xFFFF)).isTrue();
    }

    @Test
    void rareCharactersAgreeWithThemselvesAndNotWithOthers() {
        var a = prepared(record(TSUCHIYOSHI, "三", List.of()));
        var b = prepared(record(TSUCHIYOSHI, "三", List.of()));
        var c = prepared(record("王", "三", List.of()));

        assertThat(a.family()).containsExactly(TSUCHIYOSHI);
        assertThat(linkage.compare(a, b).fields().get("name"))
                .isGreaterThan(linkage.compare(a, c).fields().get("name"));
        assertThat(NameNormalizer.split(TSUCHIYOSHI + "三", null))
                .isEqualTo(new NameNormalizer.NameParts(TSUCHIYOSHI, "三"));
    }
}
