package org.qiao.pix.matching;

import net.sourceforge.pinyin4j.PinyinHelper;
import net.sourceforge.pinyin4j.format.HanyuPinyinCaseType;
import net.sourceforge.pinyin4j.format.HanyuPinyinOutputFormat;
import net.sourceforge.pinyin4j.format.HanyuPinyinToneType;
import net.sourceforge.pinyin4j.format.HanyuPinyinVCharType;
import net.sourceforge.pinyin4j.format.exception.BadHanyuPinyinOutputFormatCombination;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns a name part as sources send it (hanzi, pinyin in any case and spacing, Western names with
 * diacritics) into comparable forms: toneless lower-case pinyin ("王小明" and "Wang Xiao-Ming" both give
 * "wang" / "xiaoming"), and a "fuzzy" key that folds the confusions of southern accents and of typists
 * (zh/z, ch/c, sh/s, -ng/-n, l/n, ü/u), so homophone typos written in pinyin still compare.
 *
 * <p>Hanzi with several readings (曾 zeng/ceng, 单 shan/dan) give several variants (at most
 * {@link #MAX_VARIANTS}); comparisons take the best pair.
 */
public final class NameNormalizer {

    static final int MAX_VARIANTS = 4;

    /** Two-character family names: a hanzi name that starts with one keeps both characters as family. */
    private static final Set<String> COMPOUND_SURNAMES = Set.of("欧阳", "司马", "诸葛", "上官", "东方", "皇甫",
            "尉迟", "公孙", "慕容", "令狐", "司徒", "夏侯", "轩辕", "端木", "长孙", "宇文", "澹台", "呼延", "南宫", "西门");

    /** Readings that are the family-name reading of a polyphonic surname (pinyin4j lists another first). */
    private static final Map<Character, String> SURNAME_READINGS = Map.of('单', "shan", '曾', "zeng", '解', "xie",
            '仇', "qiu", '区', "ou", '查', "zha", '朴', "piao", '黑', "he", '盖', "ge", '乐', "yue");

    private static final HanyuPinyinOutputFormat FORMAT = new HanyuPinyinOutputFormat();
    private static final Map<Character, List<String>> READINGS = new ConcurrentHashMap<>();

    static {
        FORMAT.setToneType(HanyuPinyinToneType.WITHOUT_TONE);
        FORMAT.setVCharType(HanyuPinyinVCharType.WITH_V);
        FORMAT.setCaseType(HanyuPinyinCaseType.LOWERCASE);
    }

    private NameNormalizer() {
    }

    /** A name split into family and given part (each possibly empty), as written. */
    public record NameParts(String family, String given) {
    }

    /**
     * Splits what a source sent: a whole hanzi name in one field ("王小明") becomes family 王 / given 小明
     * (compound surnames kept together); a whole pinyin or Western name in one field ("Wang Xiaoming")
     * is split at the first space, family first as Chinese sources write it.
     */
    public static NameParts split(String family, String given) {
        var f = trim(family);
        var g = trim(given);
        if (!f.isEmpty() && !g.isEmpty()) {
            return new NameParts(f, g);
        }
        var whole = f.isEmpty() ? g : f;
        if (whole.isEmpty()) {
            return new NameParts("", "");
        }
        if (isHanzi(whole)) {
            var compact = whole.replaceAll("[\\s·•]", "");
            // counted in code points: a hanzi outside the BMP (𠮷, 𪚥) is one character, two Java chars
            int length = compact.codePointCount(0, compact.length());
            if (length < 2) {
                return new NameParts(compact, "");
            }
            int two = compact.offsetByCodePoints(0, 2);
            int familyLength = length >= 3 && COMPOUND_SURNAMES.contains(compact.substring(0, two)) ? 2 : 1;
            int split = compact.offsetByCodePoints(0, familyLength);
            return new NameParts(compact.substring(0, split), compact.substring(split));
        }
        var space = whole.indexOf(' ');
        if (space > 0) {
            return new NameParts(whole.substring(0, space), whole.substring(space + 1).trim());
        }
        return new NameParts(f, g);
    }

    /** True when the text contains at least one Han character. */
    public static boolean isHanzi(String text) {
        return text.codePoints().anyMatch(cp -> Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN);
    }

    /**
     * The pinyin / Latin forms of one name part: lower case, letters only, no tones or diacritics. Hanzi
     * become their readings (several for polyphonic characters); other text is folded to ASCII letters.
     * {@code familyName} chooses the surname reading of a polyphonic first character.
     */
    public static List<String> forms(String text, boolean familyName) {
        var t = trim(text);
        if (t.isEmpty()) {
            return List.of();
        }
        List<StringBuilder> variants = new ArrayList<>(List.of(new StringBuilder()));
        boolean first = true;
        for (int i = 0; i < t.length(); i += Character.charCount(t.codePointAt(i))) {
            int cp = t.codePointAt(i);
            if (Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN) {
                // pinyin4j reads BMP characters only; a hanzi outside it (𠮷, 𪚥) has no reading there and is
                // kept as itself, so two records with the same rare character still agree on it
                if (Character.isSupplementaryCodePoint(cp)) {
                    first = false;
                    var self = Character.toString(cp);
                    variants.forEach(v -> v.append(self));
                    continue;
                }
                char c = (char) cp;
                List<String> readings = readings(c);
                if (familyName && first && SURNAME_READINGS.containsKey(c)) {
                    readings = List.of(SURNAME_READINGS.get(c));
                }
                first = false;
                if (readings.isEmpty()) {
                    continue;
                }
                var next = new ArrayList<StringBuilder>();
                for (var v : variants) {
                    for (var r : readings) {
                        if (next.size() < MAX_VARIANTS) {
                            next.add(new StringBuilder(v).append(r));
                        }
                    }
                }
                variants = next;
            } else {
                var latin = latin(Character.toString(cp));
                if (!latin.isEmpty()) {
                    first = false;
                    variants.forEach(v -> v.append(latin));
                }
            }
        }
        var out = new LinkedHashSet<String>();
        variants.forEach(v -> {
            if (v.length() > 0) {
                out.add(v.toString());
            }
        });
        return List.copyOf(out);
    }

    /**
     * Folds the pinyin confusions that make one spoken name come out differently in writing:
     * zh/ch/sh → z/c/s, ng → n, l → n, ü (v) → u. Both sides are folded the same way, so a
     * transformation that happens to cross a syllable boundary does no harm.
     */
    public static String fuzzy(String pinyin) {
        var s = pinyin.replace("zh", "z").replace("ch", "c").replace("sh", "s").replace("ng", "n");
        return s.replace('l', 'n').replace('v', 'u');
    }

    /**
     * True when the text is a sequence of pinyin syllables ("jiahui", "xiaoming"), false for a slip of the
     * keyboard that makes no syllable ("jiahiu") and for most Western names: one letter between two valid
     * spellings is another character (jia / jian, rui / hui), one that makes no syllable is a typo.
     */
    public static boolean isPinyin(String letters) {
        if (letters.isEmpty()) {
            return false;
        }
        var syllables = Syllables.ALL;
        boolean[] reachable = new boolean[letters.length() + 1];
        reachable[0] = true;
        for (int end = 1; end <= letters.length(); end++) {
            for (int start = Math.max(0, end - Syllables.LONGEST); start < end && !reachable[end]; start++) {
                reachable[end] = reachable[start] && syllables.contains(letters.substring(start, end));
            }
        }
        return reachable[letters.length()];
    }

    /**
     * The toneless syllables pinyin4j reads the CJK Unified Ideographs as (some 400, read once on first use,
     * not cached per character); interjections without a vowel (m, ng, hng) left out.
     */
    private static final class Syllables {

        static final Set<String> ALL = load();
        static final int LONGEST = 6;

        private static Set<String> load() {
            var out = new java.util.HashSet<String>();
            for (char c = '\u4E00'; c <= '\u9FFF'; c++) {
                for (var r : lookUp(c)) {
                    if (r.chars().allMatch(ch -> ch >= 'a' && ch <= 'z')
                            && r.chars().anyMatch(ch -> "aeiouv".indexOf(ch) >= 0)) {
                        out.add(r);
                    }
                }
            }
            return Set.copyOf(out);
        }
    }

    private static List<String> readings(char c) {
        return READINGS.computeIfAbsent(c, NameNormalizer::lookUp);
    }

    private static List<String> lookUp(char c) {
        try {
            String[] all = PinyinHelper.toHanyuPinyinStringArray(c, FORMAT);
            if (all == null) {
                return List.of();
            }
            var set = new LinkedHashSet<String>();
            for (var r : all) {
                set.add(r.replace("u:", "v"));
            }
            return List.copyOf(set);
        } catch (BadHanyuPinyinOutputFormatCombination e) {
            throw new IllegalStateException(e);
        }
    }

    /** ASCII lower-case letters of a Latin text: "Lü" → "lv", "Müller" → "muller", "O'Brien" → "obrien". */
    private static String latin(String s) {
        var lower = s.toLowerCase(Locale.ROOT).replace("ü", "v");
        var decomposed = Normalizer.normalize(lower, Normalizer.Form.NFD);
        var out = new StringBuilder();
        for (int i = 0; i < decomposed.length(); i++) {
            char c = decomposed.charAt(i);
            if (c >= 'a' && c <= 'z') {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String trim(String s) {
        return s == null ? "" : s.strip();
    }
}
