package org.qiao.routes.console;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;

/**
 * Values as people read them, for the pages ({@code ${@shown.date(r.birthDate)}}): HL7 dates (TS, HL7 v2.5 2.A.75)
 * as 1980-01-02 and 2024-05-01 08:30, stored instants in the engine's time zone, sex codes (table 0001) as words
 * in the page's language; anything not understood is shown as sent rather than hidden.
 */
@Component("shown")
public class Shown {

    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final DateTimeFormatter SECOND = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private final MessageSource messages;

    public Shown(MessageSource messages) {
        this.messages = messages;
    }

    /** An HL7 date or date/time (YYYY[MM[DD[HH[MM[SS]]]]][+ZZZZ]) as yyyy-MM-dd[ HH:mm]. */
    public String date(String hl7) {
        if (hl7 == null || hl7.isBlank()) {
            return "";
        }
        var t = hl7.trim();
        int zone = Math.max(t.indexOf('+'), t.indexOf('-', 1));
        var digits = zone > 0 ? t.substring(0, zone) : t;
        int dot = digits.indexOf('.');
        if (dot > 0) {
            digits = digits.substring(0, dot);
        }
        if (!digits.chars().allMatch(Character::isDigit) || digits.length() < 4) {
            return hl7;
        }
        var out = new StringBuilder(digits.substring(0, 4));
        if (digits.length() >= 6) {
            out.append('-').append(digits, 4, 6);
        }
        if (digits.length() >= 8) {
            out.append('-').append(digits, 6, 8);
        }
        if (digits.length() >= 12) {
            out.append(' ').append(digits, 8, 10).append(':').append(digits, 10, 12);
        }
        return out.toString();
    }

    /** A stored instant as yyyy-MM-dd HH:mm:ss in this engine's zone. */
    public String time(TemporalAccessor instant) {
        if (instant == null) {
            return "";
        }
        if (instant instanceof OffsetDateTime odt) {
            return SECOND.format(odt.atZoneSameInstant(ZoneId.systemDefault()));
        }
        if (instant instanceof java.time.Instant i) {
            return SECOND.format(i.atZone(ZoneId.systemDefault()));
        }
        return SECOND.format(instant);
    }

    /** A stored instant to the minute. */
    public String minute(OffsetDateTime instant) {
        return instant == null ? "" : MINUTE.format(instant.atZoneSameInstant(ZoneId.systemDefault()));
    }

    /** An administrative sex code (HL7 table 0001) as a word: 男 / Male. */
    public String sex(String code) {
        if (code == null || code.isBlank()) {
            return "";
        }
        var key = "sex." + code.trim().toUpperCase(java.util.Locale.ROOT);
        return messages.getMessage(key, null, code, LocaleContextHolder.getLocale());
    }

    /** An HL7 v2 message one segment per line (segments end with CR, which a page does not break on). */
    public String segments(String message) {
        return message == null ? "" : message.replace("\r\n", "\n").replace('\r', '\n');
    }

    /** A share (0–1) as a percentage with one decimal. */
    public String percent(double share) {
        return String.format(java.util.Locale.ROOT, "%.1f %%", share * 100);
    }

    /**
     * Why a message was refused, as a person reads it: an ERR segment (HL7 v2.5 ERR-3 / ERR-8, or v2.3.1 ERR-1
     * with its code and text in subcomponents) as "101 Required field missing: Patient identifier missing at
     * PID(1)-3(1)-1"; any other reason as written.
     */
    public String reason(String reason) {
        if (reason == null || !reason.startsWith("ERR|")) {
            return reason == null ? "" : reason;
        }
        var tokens = new java.util.ArrayList<String>();
        for (var token : reason.substring(4).split("[|^&~]")) {
            if (!token.isBlank()) {
                tokens.add(unescape(token.strip()));
            }
        }
        String code = null;
        String text = null;
        String message = null;
        for (int i = 0; i < tokens.size(); i++) {
            var t = tokens.get(i);
            if (code == null && t.matches("\\d{3}") && i + 1 < tokens.size() && !tokens.get(i + 1).matches("[\\dA-Z]+")) {
                code = t;
                text = tokens.get(i + 1);
            } else if (t.contains(" ") && !t.equals(text)) {
                message = t;
            }
        }
        if (code == null && message == null) {
            return reason;
        }
        var out = new StringBuilder();
        if (code != null) {
            out.append(code).append(' ').append(text);
        }
        if (message != null) {
            out.append(out.length() > 0 ? "：" : "").append(message);
        }
        return out.toString();
    }

    /** HL7 v2 escape sequences (2.7.4) of the default delimiters. */
    private static String unescape(String s) {
        return s.replace("\\S\\", "^").replace("\\T\\", "&").replace("\\F\\", "|").replace("\\R\\", "~")
                .replace("\\E\\", "\\");
    }
}
