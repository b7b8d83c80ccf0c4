package dev.countersign.approval;

import java.nio.charset.StandardCharsets;
import dev.countersign.core.EmailAddress;
import java.util.regex.Pattern;

/** Argument checks whose messages name the field, the problem and the fix. */
final class Checks {
    private static final Pattern ADDRESS = Pattern.compile("[^\\s@]+@[^\\s@]+");

    private Checks() {
    }

    static String text(String field, String value, int maxChars) {
        return text(field, value, maxChars, false);
    }

    /** Free text from a person (comments, reasons): line breaks and tabs allowed, other control characters not. */
    static String optionalText(String field, String value, int maxChars) {
        return value == null || value.isBlank() ? null : text(field, value, maxChars, true);
    }

    private static String text(String field, String value, int maxChars, boolean multiline) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " is empty: give a value");
        }
        String trimmed = value.strip();
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException(field + " is empty: give a value");
        }
        if (trimmed.chars().anyMatch(c -> Character.isISOControl(c)
                && !(multiline && (c == '\n' || c == '\r' || c == '\t')))) {
            throw new IllegalArgumentException(field + " contains control characters: remove them");
        }
        if (trimmed.length() > maxChars) {
            throw new IllegalArgumentException(field + " has " + trimmed.length() + " characters; the limit is "
                    + maxChars + ": shorten it");
        }
        return trimmed;
    }

    /** An approver's address, trimmed and lower-cased: the same person always has the same key. */
    static String address(String field, String value) {
        String text = EmailAddress.normalize(text(field, value, ApprovalLimits.MAX_ADDRESS_CHARS));
        if (!ADDRESS.matcher(text).matches()) {
            throw new IllegalArgumentException(field + " '" + text + "' is not an email address: give the approver's"
                    + " address like alice@example.com");
        }
        return text;
    }

    /** An actor: an address, or {@code countersign:<function>} for the system. */
    static String actor(String field, String value) {
        String text = text(field, value, ApprovalLimits.MAX_ADDRESS_CHARS);
        return text.startsWith("countersign:") ? text : address(field, text);
    }

    static int utf8Length(String text) {
        return text == null ? 0 : text.getBytes(StandardCharsets.UTF_8).length;
    }
}
