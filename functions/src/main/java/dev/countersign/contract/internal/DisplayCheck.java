package dev.countersign.contract.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.contract.Violation;
import dev.countersign.core.ParamFormat;
import dev.countersign.core.ParamPaths;
import dev.countersign.core.json.NodePath;
import dev.countersign.core.text.DidYouMean;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/**
 * Checks what the schema cannot say about {@code action.display}: each key names a parameter, and the parameter's
 * value reads the way its entry says (money is a number, a datetime is RFC 3339). A wrong hint would show the
 * approver something other than what is there, so it is refused rather than ignored.
 */
public final class DisplayCheck {
    private static final Map<String, String> ONLY_FOR = Map.of("currency", "money", "fraction", "percent", "unit",
            "number");

    private DisplayCheck() {
    }

    /** Adds a violation for each entry of {@code display} (at {@code path}) that does not fit {@code params}. */
    public static void check(JsonNode params, JsonNode display, NodePath path, List<Violation> violations) {
        Map<String, JsonNode> leaves = ParamPaths.leaves(params);
        for (Map.Entry<String, JsonNode> entry : display.properties()) {
            NodePath at = path.key(entry.getKey());
            JsonNode format = entry.getValue();
            if (!format.isObject() || !format.path("as").isTextual()) {
                continue; // the schema reports it
            }
            String as = format.get("as").textValue();
            JsonNode value = leaves.get(entry.getKey());
            if (value == null) {
                String suggestion = DidYouMean.closest(entry.getKey(), leaves.keySet());
                violations.add(new Violation(at.toString(), "names no parameter: action.params has nothing at "
                        + Texts.quote(entry.getKey()) + (suggestion == null ? "" : "; did you mean "
                        + Texts.quote(suggestion) + "?") + " (keys are paths as the review page shows them, e.g."
                        + " amount, customer.name, items[0].price)"));
                continue;
            }
            ONLY_FOR.forEach((member, kind) -> {
                if (format.has(member) && !kind.equals(as)) {
                    violations.add(new Violation(at.key(member).toString(), "applies only to \"as\": \"" + kind
                            + "\" — remove it"));
                }
            });
            String problem = mismatch(as, value, format);
            if (problem != null) {
                violations.add(new Violation(at.toString(), problem));
            }
        }
    }

    private static String mismatch(String as, JsonNode value, JsonNode format) {
        boolean numeric = value.isNumber()
                || value.isTextual() && ParamFormat.DECIMAL_TEXT.matcher(value.textValue()).matches();
        String got = "; action.params has " + Texts.describe(value);
        switch (as) {
            case "money":
                if (!format.has("currency")) {
                    return "shows money without its currency: add \"currency\", e.g. \"currency\": \"EUR\"";
                }
                return numeric ? null : "shows money, which needs a number or a decimal string such as \"129.90\""
                        + got;
            case "percent":
            case "number":
                return numeric ? null : "shows a " + (as.equals("percent") ? "percentage" : "number") + ", which"
                        + " needs a number or a decimal string" + got;
            case "plain":
                return value.isContainerNode() ? "shows an empty object or array as plain text — remove the entry"
                        : null;
            case "datetime":
                return value.isTextual() && isDateTime(value.textValue()) ? null : "shows a date-time, which needs an"
                        + " RFC 3339 time with a zone such as \"2026-11-27T17:00:00Z\"" + got;
            case "date":
                return value.isTextual() && isDate(value.textValue()) ? null : "shows a date, which needs"
                        + " YYYY-MM-DD such as \"2026-11-27\"" + got;
            case "url":
            case "text":
                return value.isTextual() ? null : "shows " + (as.equals("url") ? "a URL" : "text") + ", which needs"
                        + " a string" + got;
            default:
                return null; // the schema reports an unknown kind
        }
    }

    private static boolean isDateTime(String text) {
        try {
            OffsetDateTime.parse(text);
            return true;
        } catch (DateTimeException e) {
            return false;
        }
    }

    private static boolean isDate(String text) {
        try {
            LocalDate.parse(text);
            return true;
        } catch (DateTimeException e) {
            return false;
        }
    }
}
