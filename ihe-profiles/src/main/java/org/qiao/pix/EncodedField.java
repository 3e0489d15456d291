package org.qiao.pix;

import java.util.ArrayList;
import java.util.List;

/**
 * One HL7 v2 field repetition (XPN, XAD, XTN) kept as text encoded with the standard delimiters {@code ^~\&} and
 * HL7 v2.5 2.7 escapes, whatever delimiters its message used, so that a stored repetition reads back the same way
 * everywhere. Repetitions of a field are stored joined by {@code ~} (escaped inside a value, so splitting is safe).
 * Everything here works on ASCII delimiters only and copies the rest unchanged, so characters outside the Basic
 * Multilingual Plane (surrogate pairs in Java) pass through whole.
 */
public final class EncodedField {

    private EncodedField() {
    }

    /** The repetitions of a stored field, or none. */
    public static List<String> split(String field) {
        if (field == null || field.isEmpty()) {
            return List.of();
        }
        var out = new ArrayList<String>();
        for (var rep : field.split("~", -1)) {
            if (!rep.isEmpty()) {
                out.add(rep);
            }
        }
        return out;
    }

    /** Repetitions as one stored field, or null when there are none. */
    public static String join(List<String> repetitions) {
        return repetitions == null || repetitions.isEmpty() ? null : String.join("~", repetitions);
    }

    /** Component {@code component} (1-based), subcomponent {@code sub}, unescaped; null when empty. */
    public static String part(String repetition, int component, int sub) {
        if (repetition == null) {
            return null;
        }
        var components = repetition.split("\\^", -1);
        if (component > components.length) {
            return null;
        }
        var subs = components[component - 1].split("&", -1);
        if (sub > subs.length || subs[sub - 1].isEmpty()) {
            return null;
        }
        return unescape(subs[sub - 1]);
    }

    /** Components (simple text each) as one encoded repetition, without trailing empty components. */
    public static String of(String... components) {
        int last = components.length - 1;
        while (last >= 0 && (components[last] == null || components[last].isEmpty())) {
            last--;
        }
        var sb = new StringBuilder();
        for (int i = 0; i <= last; i++) {
            if (i > 0) {
                sb.append('^');
            }
            if (components[i] != null) {
                escape(sb, components[i]);
            }
        }
        return sb.toString();
    }

    /** HL7 escape sequences for the delimiters and line breaks in a value (HL7 v2.5 2.7.1). */
    public static StringBuilder escape(StringBuilder out, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '|' -> out.append("\\F\\");
                case '^' -> out.append("\\S\\");
                case '&' -> out.append("\\T\\");
                case '~' -> out.append("\\R\\");
                case '\\' -> out.append("\\E\\");
                case '\r' -> out.append("\\X0D\\");
                case '\n' -> out.append("\\X0A\\");
                default -> out.append(c); // a surrogate half is appended next to its partner
            }
        }
        return out;
    }

    /** The text of an escaped value: the delimiter escapes and hexadecimal {@code \Xhh..\}; others are kept. */
    static String unescape(String value) {
        if (value.indexOf('\\') < 0) {
            return value;
        }
        var out = new StringBuilder(value.length());
        int i = 0;
        while (i < value.length()) {
            char c = value.charAt(i);
            int end = c == '\\' ? value.indexOf('\\', i + 1) : -1;
            if (end < 0) {
                out.append(c);
                i++;
                continue;
            }
            var seq = value.substring(i + 1, end);
            switch (seq) {
                case "F" -> out.append('|');
                case "S" -> out.append('^');
                case "T" -> out.append('&');
                case "R" -> out.append('~');
                case "E" -> out.append('\\');
                default -> {
                    if (seq.length() > 1 && seq.charAt(0) == 'X' && seq.length() % 2 == 1
                            && seq.substring(1).chars().allMatch(h -> Character.digit(h, 16) >= 0)) {
                        for (int h = 1; h < seq.length(); h += 2) {
                            out.append((char) Integer.parseInt(seq.substring(h, h + 2), 16));
                        }
                    } else {
                        out.append('\\').append(seq).append('\\');
                    }
                }
            }
            i = end + 1;
        }
        return out.toString();
    }
}
