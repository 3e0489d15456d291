package org.qiao.routes.mllp;

import ca.uhn.hl7v2.ErrorCode;
import ca.uhn.hl7v2.HL7Exception;

/**
 * Checks of a frame's text that no transaction needs to see: is it HL7 v2 at all, and can HAPI parse it in
 * bounded time. Each problem is answered with AR before dispatch (HL7 v2.5 2.9.2 original acknowledgement rules).
 * They know nothing about transactions; {@link MllpTransactions} decides which messages are accepted.
 */
final class FrameChecks {

    /** Bounds on one field's shape; no HL7 v2 data type or real value comes near them. */
    static final int MAX_REPETITIONS = 2000;
    static final int MAX_COMPONENTS = 100;
    static final int MAX_SUBCOMPONENTS = 100;

    private FrameChecks() {
    }

    /** Why the frame cannot be handed to any transaction, or null. */
    static HL7Exception problem(String text) {
        if (!text.startsWith("MSH") || text.length() < 9) {
            return Naks.error("Not an HL7 v2 message: it does not start with an MSH segment",
                    ErrorCode.SEGMENT_SEQUENCE_ERROR, "MSH", 0, 0);
        }
        var delimiters = delimiterProblem(text);
        if (delimiters != null) {
            return Naks.error(delimiters, ErrorCode.DATA_TYPE_ERROR, "MSH", 2, 0);
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 && c != '\r' && c != '\n' && c != '\t') {
                // HL7 v2 sends control characters only escaped (\Xhh\); 0x0B and 0x1C would also break MLLP framing
                return Naks.error(String.format("The message contains the control character 0x%02X at offset %d; "
                        + "HL7 v2 allows it only escaped (\\X%02X\\)", (int) c, i, (int) c),
                        ErrorCode.DATA_TYPE_ERROR, "MSH", 0, 0);
            }
        }
        var segmentProblem = segmentNameProblem(text);
        if (segmentProblem != null) {
            return Naks.error(segmentProblem, ErrorCode.SEGMENT_SEQUENCE_ERROR, "MSH", 0, 0);
        }
        return shapeProblem(text);
    }

    /**
     * Why MSH-1 and MSH-2 cannot delimit the message, or null. HL7 v2.x 2.5: a field separator, then four
     * (from v2.7 five) distinct encoding characters, none of them a letter, digit, space or the field separator.
     */
    static String delimiterProblem(String text) {
        if (text.length() < 8 || text.charAt(3) == '\r' || text.charAt(3) == '\n') {
            return "MSH-1 and MSH-2 (field separator and encoding characters) are missing";
        }
        char sep = text.charAt(3);
        int end = text.indexOf(sep, 4);
        int cr = text.indexOf('\r');
        if (end < 0 || (cr >= 0 && cr < end)) {
            return "MSH-2 (encoding characters) is not followed by the field separator";
        }
        var encoding = text.substring(4, end);
        if (!usableDelimiter(sep)) {
            return "MSH-1 field separator '" + sep + "' cannot be a delimiter";
        }
        if (encoding.length() < 4 || encoding.length() > 5) {
            return "MSH-2 must hold 4 encoding characters (component, repetition, escape, subcomponent), not "
                    + encoding.length();
        }
        for (int i = 0; i < encoding.length(); i++) {
            char c = encoding.charAt(i);
            if (!usableDelimiter(c) || c == sep || encoding.indexOf(c) != i) {
                return "MSH-2 encoding characters must be distinct and differ from the field separator, "
                        + "letters, digits and spaces";
            }
        }
        return null;
    }

    /**
     * A segment that does not start with a three-character name and the field separator, or null. HAPI's
     * parser fails on such segments with errors that say nothing to the sender (an empty name even with a
     * ClassCastException), so they are refused here, by line number.
     */
    static String segmentNameProblem(String text) {
        char sep = text.charAt(3);
        int line = 0;
        // segments end with CR; LFs before a segment (CR LF line ends) are tolerated, one inside a value is left to HAPI
        for (int start = 0, n = text.length(); start < n; ) {
            int end = text.indexOf('\r', start);
            end = end < 0 ? n : end;
            line++;
            int s = start;
            while (s < end && text.charAt(s) == '\n') {
                s++;
            }
            int length = end - s;
            boolean named = length == 0 || length >= 3 && Character.isUpperCase(text.charAt(s))
                    && isNameChar(text.charAt(s + 1)) && isNameChar(text.charAt(s + 2))
                    && (length == 3 || text.charAt(s + 3) == sep);
            if (!named) {
                var begin = length > 12 ? text.substring(s, s + 12) + "…" : text.substring(s, end);
                return "Segment " + line + " ('" + begin + "') does not start with a segment name and the field "
                        + "separator";
            }
            start = end + 1;
        }
        return null;
    }

    /**
     * A field with more repetitions, components or subcomponents than any real message has, or null. HAPI's
     * parser takes time quadratic in these counts (measured on this engine: 20 000 components in one field 6 s,
     * 100 000 repetitions 16 s), so without this bound one small crafted message holds a worker for minutes.
     * One pass over the text, counting separators.
     */
    static HL7Exception shapeProblem(String text) {
        char fieldSep = text.charAt(3);
        char componentSep = text.charAt(4);
        char repetitionSep = text.charAt(5);
        char subcomponentSep = text.charAt(7);
        int segmentStart = 0;
        while (segmentStart < text.length()) {
            int end = text.indexOf('\r', segmentStart);
            if (end < 0) {
                end = text.length();
            }
            while (segmentStart < end && text.charAt(segmentStart) == '\n') {
                segmentStart++;
            }
            // MSH-1 is the field separator itself and MSH-2 the encoding characters: counting starts at MSH-3
            boolean msh = end - segmentStart >= 3 && text.startsWith("MSH", segmentStart);
            int field = msh ? 2 : 0;
            int repetitions = 1;
            int components = 1;
            int subcomponents = 1;
            int i = msh ? text.indexOf(fieldSep, segmentStart + 4) : segmentStart + 3;
            for (i = Math.max(i, segmentStart); i < end; i++) {
                char c = text.charAt(i);
                String problem = null;
                if (c == fieldSep) {
                    field++;
                    repetitions = 1;
                    components = 1;
                    subcomponents = 1;
                } else if (c == repetitionSep && ++repetitions > MAX_REPETITIONS) {
                    problem = "more than " + MAX_REPETITIONS + " repetitions";
                } else if (c == repetitionSep) {
                    components = 1;
                    subcomponents = 1;
                } else if (c == componentSep && ++components > MAX_COMPONENTS) {
                    problem = "more than " + MAX_COMPONENTS + " components in one repetition";
                } else if (c == componentSep) {
                    subcomponents = 1;
                } else if (c == subcomponentSep && ++subcomponents > MAX_SUBCOMPONENTS) {
                    problem = "more than " + MAX_SUBCOMPONENTS + " subcomponents in one component";
                }
                if (problem != null) {
                    var name = text.substring(segmentStart, Math.min(segmentStart + 3, end));
                    return Naks.error(name + "-" + field + " has " + problem + "; no HL7 v2 value has that many",
                            ErrorCode.DATA_TYPE_ERROR, name, field, 0);
                }
            }
            segmentStart = end + 1;
        }
        return null;
    }

    private static boolean isNameChar(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    private static boolean usableDelimiter(char c) {
        return c > 0x20 && c < 0x7f && !Character.isLetterOrDigit(c);
    }
}
