package dev.countersign.example;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Reads the request an example's agent step starts from (an order, an invoice, a ticket), with errors that name the
 * field, what is wrong and an example value. Also the small text helpers the agents share.
 */
final class RequestFields {
    private final String what;
    private final String path;
    private final JsonNode node;

    /**
     * @param what the request's name in messages, e.g. "refund request"
     * @param path where {@code node} is in the request ("" for the request itself, "customer." for one of its objects)
     * @param node the request (or one of its objects)
     */
    private RequestFields(String what, String path, JsonNode node) {
        this.what = what;
        this.path = path;
        this.node = node;
    }

    /** The request itself, refused whole unless it is a JSON object ({@code example} shows one). */
    static RequestFields of(String what, JsonNode node, String example) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("the " + what + " is not a JSON object: start the workflow with "
                    + example + ", or with {\"proposal\": {...}} (a ready proposal, as ./countersign propose sends)");
        }
        return new RequestFields(what, "", node);
    }

    JsonNode node() {
        return node;
    }

    /** A required non-blank string, stripped. */
    String text(String field, String example) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.textValue().isBlank()) {
            throw new IllegalArgumentException(what + " field '" + path + field + "' is "
                    + (value == null ? "missing" : "not a non-empty string") + ": set it, e.g. " + example);
        }
        return value.textValue().strip();
    }

    /** An optional string, stripped; {@code fallback} when absent or blank. */
    String optionalText(String field, String fallback) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() && !value.textValue().isBlank() ? value.textValue().strip()
                : fallback;
    }

    /** A required object, as fields of its own (messages name it "<what> field 'customer'"). */
    RequestFields object(String field, String example) {
        JsonNode value = node.get(field);
        if (value == null || !value.isObject()) {
            throw new IllegalArgumentException(what + " field '" + path + field + "' is "
                    + (value == null ? "missing" : "not an object") + ": set it, e.g. " + example);
        }
        return new RequestFields(what, path + field + ".", value);
    }

    /** A required positive amount with at most two decimals (a number, or a string holding one). */
    BigDecimal amount(String field) {
        JsonNode value = node.get(field);
        BigDecimal amount;
        try {
            amount = value == null ? null : value.isNumber() ? value.decimalValue()
                    : value.isTextual() ? new BigDecimal(value.textValue().strip()) : null;
        } catch (NumberFormatException e) {
            amount = null;
        }
        if (amount == null || amount.signum() <= 0 || amount.scale() > 2) {
            throw new IllegalArgumentException(what + " field '" + path + field + "' is "
                    + (value == null ? "missing" : "'" + value.asText() + "'") + ": give a positive amount with at"
                    + " most two decimals, e.g. \"" + field + "\": 120.00");
        }
        return amount;
    }

    /** An optional amount, or null. */
    BigDecimal optionalAmount(String field) {
        return node.hasNonNull(field) ? amount(field) : null;
    }

    /** A three-letter ISO 4217 currency code. */
    String currency(String field) {
        String currency = text(field, "\"" + field + "\": \"EUR\"");
        if (!currency.matches("[A-Z]{3}")) {
            throw new IllegalArgumentException(what + " field '" + path + field + "' is '" + currency + "': use a"
                    + " three-letter ISO 4217 code such as EUR or USD");
        }
        return currency;
    }

    /** An email address (one '@', something on each side). */
    String email(String field, String example) {
        String email = text(field, example);
        if (email.indexOf('@') < 1 || email.indexOf('@') != email.lastIndexOf('@') || email.endsWith("@")) {
            throw new IllegalArgumentException(what + " field '" + path + field + "' is '" + email + "', not an email"
                    + " address: set it, e.g. " + example);
        }
        return email;
    }

    /** {@code EUR 1,234.50}. */
    static String money(String currency, BigDecimal amount) {
        return currency + " " + String.format(java.util.Locale.ROOT, "%,.2f", amount.setScale(2, RoundingMode.HALF_UP));
    }

    static String oneLine(String text) {
        return text.replaceAll("\\s+", " ").strip();
    }

    /** The text on one line, ending with one full stop (a text that ends with its own stays as it is). */
    static String sentence(String text) {
        String line = oneLine(text);
        return line.endsWith(".") || line.endsWith("!") || line.endsWith("?") ? line : line + ".";
    }

    static String clip(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
