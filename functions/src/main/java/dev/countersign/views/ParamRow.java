package dev.countersign.views;

import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.views.internal.Fields;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One leaf of the action's parameters, e.g. {@code customer.address.city = Lisbon} or {@code items[0].sku = A-1}.
 *
 * @param path  where the value sits in the params object: {@code .name} for plain keys, {@code ["odd key"]} for
 *              keys with other characters, {@code [i]} for array items; "" for a params value that is not an object
 * @param value the value as given: strings without quotes, numbers as parsed (decimals without exponent
 *              notation), {@code true}/{@code false}/{@code null}, {@code {}} and {@code []} for empty containers
 */
public record ParamRow(String path, String value) {

    private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");

    public ParamRow {
        Fields.required(path, "ParamRow.path", "the parameter's path (\"\" for a top-level scalar)");
        Fields.required(value, "ParamRow.value", "the value as text (\"null\" for JSON null)");
    }

    /** The rows of a JSON params value, depth first in document order; a missing or null node gives no rows. */
    public static List<ParamRow> fromJson(JsonNode params) {
        List<ParamRow> rows = new ArrayList<>();
        if (params != null && !params.isNull() && !params.isMissingNode()) {
            flatten(params, "", rows);
        }
        return List.copyOf(rows);
    }

    private static void flatten(JsonNode node, String path, List<ParamRow> rows) {
        if (node.isObject()) {
            if (node.isEmpty()) {
                rows.add(new ParamRow(path, "{}"));
                return;
            }
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                flatten(field.getValue(), path + key(field.getKey(), path.isEmpty()), rows);
            }
        } else if (node.isArray()) {
            if (node.isEmpty()) {
                rows.add(new ParamRow(path, "[]"));
                return;
            }
            for (int i = 0; i < node.size(); i++) {
                flatten(node.get(i), path + "[" + i + "]", rows);
            }
        } else if (node.isTextual()) {
            rows.add(new ParamRow(path, node.textValue()));
        } else if (node.isBigDecimal()) {
            rows.add(new ParamRow(path, decimal(node.decimalValue())));
        } else {
            // Other numbers as the parser holds them; true, false, null as written.
            rows.add(new ParamRow(path, node.asText()));
        }
    }

    /**
     * A decimal without exponent notation ("1250.00", "1250" rather than "1.25E+3"), unless that would spell out
     * more than 20 zeros. Parse with {@code JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES} disabled to keep
     * "1250.00" exactly as the agent wrote it.
     */
    static String decimal(BigDecimal value) {
        return value.scale() >= -20 ? value.toPlainString() : value.toString();
    }

    private static String key(String key, boolean first) {
        if (PLAIN_KEY.matcher(key).matches()) {
            return first ? key : "." + key;
        }
        StringBuilder quoted = new StringBuilder(key.length() + 4).append("[\"");
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c == '"' || c == '\\') {
                quoted.append('\\');
            }
            quoted.append(c);
        }
        return quoted.append("\"]").toString();
    }
}
