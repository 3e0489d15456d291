package org.qiao.stats;

import java.util.List;

/**
 * The chapter of an ICD-10 code (WHO ICD-10 2019, chapters I–XXII by code range; GB/T 14396 uses the same
 * chapters): what "by chapter" groups discharge diagnoses by.
 */
public final class Icd10Chapters {

    private record Chapter(String first, String last, String name) {
    }

    private static final List<Chapter> CHAPTERS = List.of(
            new Chapter("A00", "B99", "I"), new Chapter("C00", "D48", "II"), new Chapter("D50", "D89", "III"),
            new Chapter("E00", "E90", "IV"), new Chapter("F00", "F99", "V"), new Chapter("G00", "G99", "VI"),
            new Chapter("H00", "H59", "VII"), new Chapter("H60", "H95", "VIII"), new Chapter("I00", "I99", "IX"),
            new Chapter("J00", "J99", "X"), new Chapter("K00", "K93", "XI"), new Chapter("L00", "L99", "XII"),
            new Chapter("M00", "M99", "XIII"), new Chapter("N00", "N99", "XIV"), new Chapter("O00", "O99", "XV"),
            new Chapter("P00", "P96", "XVI"), new Chapter("Q00", "Q99", "XVII"), new Chapter("R00", "R99", "XVIII"),
            new Chapter("S00", "T98", "XIX"), new Chapter("V01", "Y98", "XX"), new Chapter("Z00", "Z99", "XXI"),
            new Chapter("U00", "U99", "XXII"));

    private Icd10Chapters() {
    }

    /** The chapter's roman numeral, or "?" for what is not an ICD-10 code. */
    public static String chapterOf(String code) {
        if (code == null || code.length() < 3) {
            return "?";
        }
        var category = code.substring(0, 3).toUpperCase(java.util.Locale.ROOT);
        if (!category.matches("[A-Z][0-9][0-9A-Z]")) {
            return "?";
        }
        for (var c : CHAPTERS) {
            if (category.compareTo(c.first) >= 0 && category.compareTo(c.last) <= 0) {
                return c.name;
            }
        }
        return "?";
    }
}
