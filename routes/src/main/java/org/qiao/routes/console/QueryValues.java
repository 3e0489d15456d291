package org.qiao.routes.console;

import java.time.LocalDate;
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

    /** Sent text as a message may quote it: at most 40 characters. */
    public static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
