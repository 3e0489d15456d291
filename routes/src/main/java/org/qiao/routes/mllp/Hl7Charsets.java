package org.qiao.routes.mllp;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Maps MSH-18 (HL7 table 0211, e.g. "UNICODE UTF-8", "GB 18030-2000") to Java character sets. */
public final class Hl7Charsets {

    private Hl7Charsets() {
    }

    /** HL7 table 0211 codes and the Java character sets they name. */
    private static final Map<String, String> TABLE_0211 = Map.ofEntries(
            Map.entry("ASCII", "US-ASCII"),
            Map.entry("8859/1", "ISO-8859-1"), Map.entry("8859/2", "ISO-8859-2"),
            Map.entry("8859/5", "ISO-8859-5"), Map.entry("8859/7", "ISO-8859-7"),
            Map.entry("8859/15", "ISO-8859-15"),
            Map.entry("UNICODE", "UTF-16"), Map.entry("UNICODE UTF-8", "UTF-8"),
            Map.entry("UNICODE UTF-16", "UTF-16"), Map.entry("UNICODE UTF-32", "UTF-32"),
            Map.entry("GB 18030-2000", "GB18030"), Map.entry("BIG-5", "Big5"),
            Map.entry("KS X 1001", "EUC-KR"), Map.entry("ISO IR87", "ISO-2022-JP"));

    /** The character set named by MSH-18; UTF-8 when it is empty or unknown (a superset of ASCII). */
    public static Charset of(String msh18) {
        if (msh18 == null || msh18.isBlank()) {
            return StandardCharsets.UTF_8;
        }
        var name = TABLE_0211.get(msh18.trim().toUpperCase(java.util.Locale.ROOT));
        return name == null ? StandardCharsets.UTF_8 : Charset.forName(name);
    }

    /**
     * Decodes a frame: first as UTF-8 to read MSH-18, then again in the character set it names.
     * Line feeds become segment separators, as many senders end segments with CR LF or LF.
     */
    public static String decode(byte[] frame) {
        var guess = new String(frame, StandardCharsets.UTF_8);
        var charset = of(msh18(guess));
        var text = charset.equals(StandardCharsets.UTF_8) ? guess : new String(frame, charset);
        return text.replace("\r\n", "\r").replace('\n', '\r');
    }

    /** What this engine writes in MSH-18 for the UTF-8 it sends when nobody named a character set. */
    public static final String UTF_8 = "UNICODE UTF-8";

    /**
     * An answer that carries text beyond ASCII names its character set in MSH-18 (HL7 v2.5 2.15.9.18: MSH-18
     * is required when a set other than ASCII is used; ITI TF-2x Appendix C.2.2). An answer to a request without
     * MSH-18 is sent in UTF-8 ({@link #of}), so that is what it names; an answer that names a set already (the
     * request's, which it keeps) or is plain ASCII is returned as it is. Works on the text, for every answer
     * the port sends (handlers', IPF's and our NAKs, the stored ACK of a retry) alike.
     */
    public static String namingItsCharset(String answer) {
        if (answer == null || answer.length() < 8 || !answer.startsWith("MSH") || msh18(answer) != null
                || answer.chars().allMatch(c -> c < 0x80)) {
            return answer;
        }
        char sep = answer.charAt(3);
        int end = answer.indexOf('\r');
        int lf = answer.indexOf('\n');
        if (end < 0 || lf >= 0 && lf < end) {
            end = lf < 0 ? answer.length() : lf;
        }
        var msh = new StringBuilder(answer.substring(0, end));
        // MSH-n follows the (n-1)th field separator (MSH-1 is the separator itself)
        int separators = (int) msh.chars().filter(c -> c == sep).count();
        if (separators >= 17) {
            // MSH-18 is present but empty: write the name in its place
            int at = -1;
            for (int k = 0; k < 17; k++) {
                at = msh.indexOf(String.valueOf(sep), at + 1);
            }
            msh.insert(at + 1, UTF_8);
        } else {
            msh.append(String.valueOf(sep).repeat(17 - separators)).append(UTF_8);
        }
        return msh + answer.substring(end);
    }

    /** MSH-18 read straight from a message's text (no parse: the charset is needed to decode it first). */
    public static String msh18(String message) {
        return message == null || !message.startsWith("MSH") ? null : Hl7Fields.field(message, "MSH", 18);
    }
}
