package dev.countersign.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.core.json.Json;
import dev.countersign.core.json.NodePath;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads members of a contract object by hand (no bean introspection on a cold start). It expects input that the
 * contract's validator has accepted; anything else fails at the first problem with its path.
 */
final class ContractReader {
    private final JsonNode node;
    private final NodePath path;

    private ContractReader(JsonNode node, NodePath path) {
        this.node = node;
        this.path = path;
    }

    static ContractReader of(JsonNode node, NodePath path, String what) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException(path + ": must be an object (" + what + "); validate before mapping");
        }
        return new ContractReader(node, path);
    }

    ContractReader object(String name) {
        return of(node.get(name), path.key(name), name);
    }

    /** The member as a reader, or null when it is absent. */
    ContractReader optionalObject(String name) {
        return node.has(name) ? object(name) : null;
    }

    ObjectNode objectNode(String name) {
        JsonNode value = node.get(name);
        if (value == null || !value.isObject()) {
            throw problem(name, "must be an object");
        }
        return (ObjectNode) value;
    }

    String text(String name) {
        JsonNode value = node.get(name);
        if (value == null || !value.isTextual()) {
            throw problem(name, "must be a string");
        }
        return value.textValue();
    }

    String optionalText(String name) {
        return node.has(name) ? text(name) : null;
    }

    /** The member's value, false when it is absent. */
    boolean optionalBoolean(String name) {
        JsonNode value = node.get(name);
        if (value == null) {
            return false;
        }
        if (!value.isBoolean()) {
            throw problem(name, "must be true or false");
        }
        return value.booleanValue();
    }

    /** The object's member names, in order. */
    List<String> names() {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    Double optionalNumber(String name) {
        if (!node.has(name)) {
            return null;
        }
        JsonNode value = node.get(name);
        if (!value.isNumber()) {
            throw problem(name, "must be a number");
        }
        return value.doubleValue();
    }

    int integer(String name) {
        JsonNode value = node.get(name);
        if (value == null || !value.isIntegralNumber() || !value.canConvertToInt()) {
            throw problem(name, "must be an integer");
        }
        return value.intValue();
    }

    List<String> textList(String name) {
        List<String> items = new ArrayList<>();
        for (JsonNode item : array(name)) {
            if (!item.isTextual()) {
                throw problem(name, "must hold strings only");
            }
            items.add(item.textValue());
        }
        return items;
    }

    /** The array's items as readers of objects; empty when the member is absent. */
    List<ContractReader> objects(String name) {
        List<ContractReader> items = new ArrayList<>();
        int i = 0;
        for (JsonNode item : array(name)) {
            items.add(of(item, path.key(name).index(i++), name + " item"));
        }
        return items;
    }

    private JsonNode array(String name) {
        JsonNode value = node.get(name);
        if (value == null) {
            return Json.array();
        }
        if (!value.isArray()) {
            throw problem(name, "must be an array");
        }
        return value;
    }

    IllegalArgumentException problem(String name, String what) {
        return new IllegalArgumentException(path.key(name) + ": " + what
                + (node.has(name) ? "" : " (it is missing)") + "; validate before mapping");
    }
}
