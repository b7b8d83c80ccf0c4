package dev.countersign.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.countersign.core.json.Json;
import dev.countersign.core.json.NodePath;
import java.util.ArrayList;
import java.util.List;

/** Proposals for tests: a valid one, and edits that break it in one place each. */
public final class Proposals {
    private Proposals() {
    }

    /** A proposal that uses every field. */
    public static ObjectNode full() {
        return (ObjectNode) Json.parse("{\n"
                + "  \"proposalId\": \"refund-4711\",\n"
                + "  \"workflow\": \"refunds\",\n"
                + "  \"action\": {\n"
                + "    \"type\": \"refund.issue\",\n"
                + "    \"summary\": \"Refund €120.00 to order 4711 (damaged in transit)\",\n"
                + "    \"params\": {\"orderId\": \"4711\", \"amount\": 120.00, \"currency\": \"EUR\",\n"
                + "               \"lines\": [{\"sku\": \"MUG-2\", \"qty\": 2}], \"notifyCustomer\": true, \"note\": null}\n"
                + "  },\n"
                + "  \"reasoning\": \"The customer sent photos of the broken mugs.\\nThe carrier confirmed the damage.\",\n"
                + "  \"evidence\": [\n"
                + "    {\"label\": \"Carrier report\", \"value\": \"Parcel crushed in depot\", \"url\": \"https://carrier.example/claims/991\"},\n"
                + "    {\"label\": \"Order total\", \"value\": \"€120.00\"}\n"
                + "  ],\n"
                + "  \"risk\": {\"level\": \"medium\", \"score\": 35.5, \"reasons\": [\"above the €100 auto-approve limit\"]},\n"
                + "  \"proposedBy\": {\"agent\": \"support-agent\", \"model\": \"some-model-2026\", \"runId\": \"run-8f2c\"},\n"
                + "  \"requester\": {\"email\": \"dana@shop.example\", \"name\": \"Dana Reyes\"},\n"
                + "  \"routing\": {\"approvers\": [\"lee@shop.example\"], \"teams\": [\"finance\"]}\n"
                + "}");
    }

    /** A proposal with only the required fields. */
    public static ObjectNode minimal() {
        return (ObjectNode) Json.parse("{\"workflow\": \"refunds\","
                + " \"action\": {\"type\": \"refund.issue\", \"summary\": \"Refund order 4711\", \"params\": {}},"
                + " \"reasoning\": \"Damaged in transit.\", \"risk\": {\"level\": \"low\"},"
                + " \"proposedBy\": {\"agent\": \"support-agent\"}, \"requester\": {\"email\": \"dana@shop.example\"}}");
    }

    /** Sets the value at {@code path} (written as in violations: {@code $.evidence[0].url}). */
    public static ObjectNode set(ObjectNode root, String path, JsonNode value) {
        NodePath at = NodePath.parse(path);
        JsonNode parent = at(root, at.parent());
        String last = lastStep(path);
        if (parent.isArray()) {
            ArrayNode array = (ArrayNode) parent;
            int index = Integer.parseInt(last);
            if (index == array.size()) {
                array.add(value);
            } else {
                array.set(index, value);
            }
        } else {
            ((ObjectNode) parent).set(last, value);
        }
        return root;
    }

    public static ObjectNode set(ObjectNode root, String path, String text) {
        return set(root, path, TextNode.valueOf(text));
    }

    public static ObjectNode remove(ObjectNode root, String path) {
        NodePath at = NodePath.parse(path);
        ((ObjectNode) at(root, at.parent())).remove(lastStep(path));
        return root;
    }

    private static JsonNode at(JsonNode root, NodePath path) {
        List<String> steps = new ArrayList<>();
        for (NodePath p = path; p.parent() != null; p = p.parent()) {
            steps.add(0, lastStep(p.toString()));
        }
        JsonNode node = root;
        for (String step : steps) {
            node = node.isArray() ? node.get(Integer.parseInt(step)) : node.get(step);
        }
        return node;
    }

    // The last member name or index of a printed path.
    private static String lastStep(String path) {
        if (path.endsWith("']")) {
            return path.substring(path.lastIndexOf("['") + 2, path.length() - 2);
        }
        if (path.endsWith("]")) {
            return path.substring(path.lastIndexOf('[') + 1, path.length() - 1);
        }
        return path.substring(path.lastIndexOf('.') + 1);
    }

    /** {@code {"a": {"a": … {}}}} nested {@code levels} deep, built without recursion. */
    public static ObjectNode nested(int levels) {
        ObjectNode root = Json.object();
        ObjectNode current = root;
        for (int i = 1; i < levels; i++) {
            current = current.putObject("a");
        }
        return root;
    }

    /** The same nesting as raw JSON text. */
    public static String nestedText(int levels) {
        return "{\"a\":".repeat(levels - 1) + "{}" + "}".repeat(levels - 1);
    }
}
