package dev.countersign.audit;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * Instants as fixed-width UTC strings with milliseconds ({@code 2026-11-24T10:15:30.000Z}).
 *
 * <p>Fixed width matters: these strings are DynamoDB sort keys, and {@link Instant#toString()} drops zero fractions,
 * which would sort {@code 10:00:00Z} after {@code 10:00:00.500Z}.
 */
public final class IsoMillis {
    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private IsoMillis() {
    }

    public static String format(Instant instant) {
        return FORMAT.format(instant);
    }

    public static Instant parse(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not an ISO-8601 UTC instant like"
                    + " 2026-11-24T10:15:30.000Z", e);
        }
    }

    /** The instant as stored: truncated to milliseconds so that formatting and parsing round-trip. */
    public static Instant truncate(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MILLIS);
    }
}
