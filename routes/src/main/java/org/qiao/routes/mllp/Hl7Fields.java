package org.qiao.routes.mllp;

/**
 * Reads fields of an HL7 v2 message from its text, without parsing: it must work on messages HAPI cannot parse
 * (the journal keeps their header fields, and a NAK still needs MSH-10). The separators are the message's own:
 * MSH-1 for fields, MSH-2 for components and repetitions (HL7 v2.5 2.5.4).
 */
public final class Hl7Fields {

    private Hl7Fields() {
    }

    public static String field(String message, String segment, int field) {
        return field(message, segment, field, 0);
    }

    /**
     * A field (or its component, when {@code component} &gt; 0, in the first repetition) of the first segment with
     * that name, or null when it is absent or empty. Segments may end with CR or LF.
     */
    public static String field(String message, String segment, int field, int component) {
        if (message == null || message.length() < 8) {
            return null;
        }
        char sep = message.charAt(3);
        char compSep = message.charAt(4);
        char repetitionSep = message.charAt(5);
        boolean msh = "MSH".equals(segment);
        // found with indexOf and cut once, not char by char, by regex or by splitting the segment: this runs about
        // ten times per frame on the MLLP port's hot path (bench/PROFILE.md)
        int n = message.length();
        int lf = message.indexOf('\n');
        int start = 0;
        while (start < n) {
            if (lf >= 0 && lf < start) {
                lf = message.indexOf('\n', start);
            }
            int cr = message.indexOf('\r', start);
            int end = cr < 0 ? (lf < 0 ? n : lf) : (lf < 0 ? cr : Math.min(cr, lf));
            if (end - start <= segment.length() || !message.startsWith(segment, start)
                    || message.charAt(start + segment.length()) != sep) {
                start = end + 1;
                continue;
            }
            // the value is what follows the index-th separator (index 0: the segment name); MSH-1 is the
            // separator itself, so MSH-n follows the (n-1)th
            int index = msh ? field - 1 : field;
            int from = start;
            for (int k = 0; k < index; k++) {
                int next = message.indexOf(sep, from);
                if (next < 0 || next >= end) {
                    return null;
                }
                from = next + 1;
            }
            int to = indexBefore(message, sep, from, end);
            if (msh && field == 2) {
                return message.substring(from, to);
            }
            if (component > 0) {
                for (int k = 1; k < component; k++) {
                    int next = indexBefore(message, compSep, from, to);
                    if (next == to) {
                        return null;
                    }
                    from = next + 1;
                }
                to = indexBefore(message, repetitionSep, from, indexBefore(message, compSep, from, to));
            }
            return from == to ? null : message.substring(from, to);
        }
        return null;
    }

    /** The first {@code c} in text[from, to), or {@code to}. */
    private static int indexBefore(String text, char c, int from, int to) {
        int i = text.indexOf(c, from);
        return i < 0 || i > to ? to : i;
    }
}
