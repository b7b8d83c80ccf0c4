package dev.countersign.local.engine.expr.internal.intrinsic;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * Value equality of JSON, as the intrinsic functions compare: 1 and 1.0 are the same number, object field order does
 * not matter. (Not RFC 8785 canonical JSON, which is the functions module's core.json.CanonicalJson.)
 */
public final class JsonValueEquality {
    private JsonValueEquality() {
    }

    /** A text that two JSON values share exactly when they are equal as JSON values. */
    public static String key(JsonNode node) {
        StringBuilder out = new StringBuilder();
        append(node, out);
        return out.toString();
    }

    public static boolean equal(JsonNode left, JsonNode right) {
        if (left.isNumber() && right.isNumber()) {
            return left.decimalValue().compareTo(right.decimalValue()) == 0;
        }
        if (left.getNodeType() != right.getNodeType()) {
            return false;
        }
        if (left.isArray()) {
            if (left.size() != right.size()) {
                return false;
            }
            for (int i = 0; i < left.size(); i++) {
                if (!equal(left.get(i), right.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (left.isObject()) {
            if (left.size() != right.size()) {
                return false;
            }
            Iterator<Map.Entry<String, JsonNode>> fields = left.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                JsonNode other = right.get(field.getKey());
                if (other == null || !equal(field.getValue(), other)) {
                    return false;
                }
            }
            return true;
        }
        return left.equals(right);
    }

    private static void append(JsonNode node, StringBuilder out) {
        if (node.isNumber()) {
            out.append('n').append(node.decimalValue().stripTrailingZeros().toPlainString());
        } else if (node.isTextual()) {
            out.append('s').append(node.textValue().length()).append(':').append(node.textValue());
        } else if (node.isArray()) {
            out.append('[');
            for (JsonNode item : node) {
                append(item, out);
                out.append(',');
            }
            out.append(']');
        } else if (node.isObject()) {
            TreeMap<String, JsonNode> sorted = new TreeMap<>();
            node.fields().forEachRemaining(e -> sorted.put(e.getKey(), e.getValue()));
            out.append('{');
            for (Map.Entry<String, JsonNode> field : sorted.entrySet()) {
                out.append(field.getKey().length()).append(':').append(field.getKey());
                append(field.getValue(), out);
                out.append(',');
            }
            out.append('}');
        } else {
            out.append(node.toString());
        }
    }
}
