package org.qiao.routes.console;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/** How the console's pages and APIs read their query parameters, and echo a bad one back in a message. */
public final class QueryValues {

    private QueryValues() {
    }

    /**
     * A yyyy-MM-dd parameter, or {@code otherwise} when it is absent.
     *
     * @throws IllegalArgumentException naming the parameter and (shortened) what was sent
     */
    public static LocalDate day(String value, String name, LocalDate otherwise) {
        if (value == null || value.isBlank()) {
            return otherwise;
        }
        try {
            return LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " is not a date (yyyy-MM-dd): " + abbreviate(value));
        }
    }

    /**
     * A point in time as a page's form or a script sends it: an ISO-8601 instant with Z or an offset, a local
     * date and time (a datetime-local field, in this engine's zone), or a day; a day given as the end of a range
     * means the end of that day ({@code endOfDay}), so from=to=2026-12-07 is that whole day.
     *
     * @throws IllegalArgumentException naming the parameter and (shortened) what was sent
     */
    public static Instant instant(String value, String name, boolean endOfDay) {
        if (value == null || value.isBlank()) {
            return null;
        }
        var text = value.strip().replace(' ', '+'); // an unencoded '+' of an offset arrives as a space
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException notOffset) {
            try {
                return LocalDateTime.parse(text).atZone(ZoneId.systemDefault()).toInstant();
            } catch (DateTimeParseException notLocal) {
                try {
                    var day = LocalDate.parse(text);
                    return (endOfDay ? day.plusDays(1) : day).atStartOfDay(ZoneId.systemDefault()).toInstant();
                } catch (DateTimeParseException e) {
                    throw new IllegalArgumentException(name + " is not a time (2026-12-07, 2026-12-07T08:30 or "
                            + "2026-12-07T08:30:00Z): " + abbreviate(value));
                }
            }
        }
    }

    /** Sent text as a message may quote it: at most 40 characters. */
    public static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
