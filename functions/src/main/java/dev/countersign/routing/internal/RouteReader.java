package dev.countersign.routing.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.core.json.NodePath;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the route's JSON by hand (no bean mapping on a cold start). The route is written by the Route step and read
 * back by Escalate, so a problem is a bug or tampering: it fails at once, naming the path.
 */
public final class RouteReader {
    private final JsonNode node;
    private final NodePath path;

    private RouteReader(JsonNode node, NodePath path) {
        this.node = node;
        this.path = path;
    }

    /** The document's root, which must be an object ({@code what} names it in the error). */
    public static RouteReader root(JsonNode node, String what) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("$: " + what + " must be a JSON object; got "
                    + (node == null ? "nothing" : node.getNodeType().name().toLowerCase(java.util.Locale.ROOT)));
        }
        return new RouteReader(node, NodePath.root());
    }

    public boolean has(String name) {
        return node.has(name);
    }

    public RouteReader object(String name) {
        JsonNode value = node.get(name);
        if (value == null || !value.isObject()) {
            throw problem(name, "must be an object");
        }
        return new RouteReader(value, path.key(name));
    }

    public String text(String name) {
        JsonNode value = node.get(name);
        if (value == null || !value.isTextual()) {
            throw problem(name, "must be a string");
        }
        return value.textValue();
    }

    public boolean bool(String name) {
        JsonNode value = node.get(name);
        if (value == null || !value.isBoolean()) {
            throw problem(name, "must be true or false");
        }
        return value.booleanValue();
    }

    public int integer(String name) {
        JsonNode value = node.get(name);
        if (value == null || !value.isIntegralNumber() || !value.canConvertToInt()) {
            throw problem(name, "must be a whole number");
        }
        return value.intValue();
    }

    public long longInteger(String name) {
        JsonNode value = node.get(name);
        if (value == null || !value.isIntegralNumber() || !value.canConvertToLong()) {
            throw problem(name, "must be a whole number");
        }
        return value.longValue();
    }

    public List<String> texts(String name) {
        JsonNode value = array(name);
        List<String> items = new ArrayList<>(value.size());
        for (int i = 0; i < value.size(); i++) {
            if (!value.get(i).isTextual()) {
                throw new IllegalArgumentException(path.key(name).index(i) + ": must be a string");
            }
            items.add(value.get(i).textValue());
        }
        return items;
    }

    public List<RouteReader> objects(String name) {
        JsonNode value = array(name);
        List<RouteReader> items = new ArrayList<>(value.size());
        for (int i = 0; i < value.size(); i++) {
            if (!value.get(i).isObject()) {
                throw new IllegalArgumentException(path.key(name).index(i) + ": must be an object");
            }
            items.add(new RouteReader(value.get(i), path.key(name).index(i)));
        }
        return items;
    }

    /** The array member {@code name}, as it is. */
    public JsonNode array(String name) {
        JsonNode value = node.get(name);
        if (value == null || !value.isArray()) {
            throw problem(name, "must be an array");
        }
        return value;
    }

    private IllegalArgumentException problem(String name, String what) {
        return new IllegalArgumentException(path.key(name) + ": " + what + (node.has(name) ? "" : " (it is missing)"));
    }
}
