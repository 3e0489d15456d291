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

    /** The day of an HL7 date/time (YYYYMMDD...), or null. */
    public static String birthDay(String ts) {
        if (ts == null || ts.isBlank()) {
            return null;
        }
        var t = ts.trim();
        return t.length() > 8 ? t.substring(0, 8) : t;
    }
}
