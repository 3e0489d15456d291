package org.qiao.pix;

/**
 * How patient_record's searchable columns (V5__pdq_search_columns.sql) are written and compared: the person
 * index writes them with every record and the PDQ search normalises its criteria the same way.
 */
public final class SearchColumns {

    private SearchColumns() {
    }

    /** The first component of an encoded field (PL, XCN): what is stored in location_point / attending_id. */
    public static String firstComponent(String encoded) {
        if (encoded == null || encoded.isBlank()) {
            return null;
        }
        int caret = encoded.indexOf('^');
        var first = caret < 0 ? encoded : encoded.substring(0, caret);
        return first.isBlank() ? null : first;
    }

    /** How searchable text is stored and compared: trimmed, upper-case (root locale), null when blank. */
    public static String norm(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        return s.trim().toUpperCase(java.util.Locale.ROOT);
    }

    /**
     * How a name part is searched: {@link #norm} without any white space (also the ideographic space U+3000), so
     * that "XIAO MING", "Xiaoming" and "xiao ming" are one key; works on code points, so a name with characters
     * outside the Basic Multilingual Plane (𠮷, 𪚥) keeps them whole.
     */
    public static String nameKey(String s) {
        var n = norm(s);
        if (n == null) {
            return null;
        }
        var out = new StringBuilder(n.length());
        n.codePoints().filter(cp -> !Character.isWhitespace(cp) && !Character.isSpaceChar(cp))
                .forEach(out::appendCodePoint);
        return out.isEmpty() ? null : out.toString();
    }

    /** The day of an HL7 date/time (YYYYMMDD...), or null. */
    public static String birthDay(String ts) {
        if (ts == null || ts.isBlank()) {
            return null;
        }
        var t = ts.trim();
        return t.length() > 8 ? t.substring(0, 8) : t;
    }
}
