package dev.countersign.views;

import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.core.ParamFormat;
import dev.countersign.core.ParamPaths;
import dev.countersign.core.json.Json;
import dev.countersign.views.internal.Fields;
import dev.countersign.views.internal.ValueFormat;
import dev.countersign.views.internal.WebLink;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One leaf of the action's parameters, e.g. {@code customer.address.city = Lisbon} or {@code items[0].sku = A-1}.
 *
 * @param path  where the value sits in the params object ({@link ParamPaths}): {@code .name} for plain keys,
 *              {@code ["odd key"]} for keys with other characters, {@code [i]} for array items; "" for a params value
 *              that is not an object
 * @param value the value as given: strings without quotes, numbers as parsed (decimals without exponent
 *              notation), {@code true}/{@code false}/{@code null}, {@code {}} and {@code []} for empty containers
 * @param shown the value as the approver reads it: formatted as the proposal's {@code action.display} says (money
 *              with its currency, a time in UTC), numbers with thousands separators; never rounded
 * @param look  how the page sets it
 * @param href  for a URL the agent marked as one: the link when it is an http(s) URL, else null
 */
public record ParamRow(String path, String value, String shown, Look look, String href) {

    /** How a value is set on the page. */
    public enum Look {
        /** Text, line breaks kept. */
        TEXT,
        /** Multi-line text the agent marked as such: set as a paragraph. */
        MULTILINE,
        /** A number, money or a percentage. */
        NUMBER,
        /** A link to an http(s) URL. */
        LINK
    }

    public ParamRow {
        Fields.required(path, "ParamRow.path", "the parameter's path (\"\" for a top-level scalar)");
        Fields.required(value, "ParamRow.value", "the value as text (\"null\" for JSON null)");
        shown = shown == null ? value : shown;
        look = look == null ? Look.TEXT : look;
        href = WebLink.orNull(href);
    }

    /** A row shown as given. */
    public ParamRow(String path, String value) {
        this(path, value, value, Look.TEXT, null);
    }

    /** The rows of a JSON params value, depth first in document order; a missing or null node gives no rows. */
    public static List<ParamRow> fromJson(JsonNode params) {
        return fromJson(params, Map.of());
    }

    /** The rows, each formatted as {@code display} (the proposal's {@code action.display}) says. */
    public static List<ParamRow> fromJson(JsonNode params, Map<String, ParamFormat> display) {
        List<ParamRow> rows = new ArrayList<>();
        ParamPaths.leaves(params).forEach((path, node) -> rows.add(row(path, node, display.get(path))));
        return List.copyOf(rows);
    }

    /** One value as text: strings as they are, numbers as written, {@code {}} and {@code []} for empty ones. */
    public static String text(JsonNode node) {
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isObject()) {
            return "{}";
        }
        if (node.isArray()) {
            return "[]";
        }
        if (node.isNumber()) {
            return decimal(Json.decimal(node));
        }
        return node.asText();
    }

    private static ParamRow row(String path, JsonNode node, ParamFormat format) {
        String raw = text(node);
        if (node.isNumber()) {
            boolean plain = format != null && format.as() == ParamFormat.Kind.PLAIN;
            return new ParamRow(path, raw, plain ? raw : ValueFormat.number(Json.decimal(node), format), Look.NUMBER,
                    null);
        }
        if (!node.isTextual() || format == null) {
            return new ParamRow(path, raw);
        }
        BigDecimal number = ValueFormat.numeric(node);
        return switch (format.as()) {
            case MONEY, PERCENT, NUMBER -> number == null ? new ParamRow(path, raw)
                    : new ParamRow(path, raw, ValueFormat.number(number, format), Look.NUMBER, null);
            case DATETIME -> new ParamRow(path, raw, orRaw(ValueFormat.dateTime(raw), raw), Look.TEXT, null);
            case DATE -> new ParamRow(path, raw, orRaw(ValueFormat.date(raw), raw), Look.TEXT, null);
            case URL -> new ParamRow(path, raw, raw, WebLink.isWebLink(raw) ? Look.LINK : Look.TEXT, raw);
            case TEXT -> new ParamRow(path, raw, raw, Look.MULTILINE, null);
            default -> new ParamRow(path, raw);
        };
    }

    private static String orRaw(String formatted, String raw) {
        return formatted == null ? raw : formatted;
    }

    /** The host a link goes to ("" when the row is not a link). */
    public String linkHost() {
        return href == null ? "" : WebLink.host(href);
    }

    /**
     * A decimal without exponent notation ("1250.00", "1250" rather than "1.25E+3"), unless that would spell out
     * more than 20 zeros. Parse with {@code JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES} disabled to keep
     * "1250.00" exactly as the agent wrote it.
     */
    static String decimal(BigDecimal value) {
        return value.scale() >= -20 ? value.toPlainString() : value.toString();
    }
}
