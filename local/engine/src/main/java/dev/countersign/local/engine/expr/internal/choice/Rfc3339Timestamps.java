package dev.countersign.local.engine.expr.internal.choice;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * Timestamps as the Amazon States Language defines them: RFC 3339 (an ISO 8601 profile) with an uppercase 'T'
 * between date and time and an uppercase 'Z' unless a numeric offset is given.
 */
public final class Rfc3339Timestamps {
    private static final Pattern SHAPE = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?(Z|[+-]\\d{2}:\\d{2})");

    private Rfc3339Timestamps() {
    }

    /** The instant a string names, or null when it is no ASL timestamp (wrong shape or an impossible date). */
    public static Instant parse(String text) {
        if (text == null || !SHAPE.matcher(text).matches()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** The instant a JSON value names, or null when it is not a timestamp string. */
    public static Instant parse(JsonNode value) {
        return value != null && value.isTextual() ? parse(value.textValue()) : null;
    }
}
