package dev.countersign.core;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The leaves of an action's parameters by their path as pages show them, e.g. {@code customer.address.city} or
 * {@code items[0].sku}: {@code .name} for plain keys, {@code ["odd key"]} for keys with other characters,
 * {@code [i]} for array items, "" for a params value that is not an object. Empty objects and arrays are leaves.
 * The one spelling of a parameter's path: the review page's rows and the proposal's {@code action.display} keys.
 */
public final class ParamPaths {
    private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");

    private ParamPaths() {
    }

    /** Every leaf, depth first in document order; a missing or null node gives none. */
    public static Map<String, JsonNode> leaves(JsonNode params) {
        Map<String, JsonNode> leaves = new LinkedHashMap<>();
        if (params != null && !params.isNull() && !params.isMissingNode()) {
            flatten(params, "", leaves);
        }
        return leaves;
    }

    private static void flatten(JsonNode node, String path, Map<String, JsonNode> leaves) {
        if (node.isObject() && !node.isEmpty()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                flatten(field.getValue(), path + key(field.getKey(), path.isEmpty()), leaves);
            }
        } else if (node.isArray() && !node.isEmpty()) {
            for (int i = 0; i < node.size(); i++) {
                flatten(node.get(i), path + "[" + i + "]", leaves);
            }
        } else {
            leaves.put(path, node);
        }
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
