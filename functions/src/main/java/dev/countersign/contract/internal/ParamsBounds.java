package dev.countersign.contract.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.contract.Violation;
import dev.countersign.core.json.NodePath;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * Checks what the schema cannot say about {@code action.params}: nesting depth, the number of entries, and the
 * length of every string and member name inside. Iterative and bounded: it never descends below the depth limit
 * and stops counting at the entry limit, so a 10,000-level or million-member params costs at most
 * {@code maxEntries} steps.
 */
public final class ParamsBounds {
    private final int maxDepth;
    private final int maxEntries;
    private final int maxStringLength;
    private final int maxKeyLength;

    public ParamsBounds(int maxDepth, int maxEntries, int maxStringLength, int maxKeyLength) {
        this.maxDepth = maxDepth;
        this.maxEntries = maxEntries;
        this.maxStringLength = maxStringLength;
        this.maxKeyLength = maxKeyLength;
    }

    private static final class Open {
        final JsonNode node;
        final NodePath path;
        final int level;

        Open(JsonNode node, NodePath path, int level) {
            this.node = node;
            this.path = path;
            this.level = level;
        }
    }

    /** Adds a violation for every bound {@code params} (an object at {@code path}) breaks. */
    public void check(JsonNode params, NodePath path, List<Violation> violations) {
        Deque<Open> stack = new ArrayDeque<>();
        stack.push(new Open(params, path, 1));
        long entries = 0;
        while (!stack.isEmpty()) {
            Open open = stack.pop();
            if (open.node.isObject()) {
                for (Map.Entry<String, JsonNode> member : open.node.properties()) {
                    if (++entries > maxEntries) {
                        violations.add(tooManyEntries(path));
                        return;
                    }
                    NodePath memberPath = open.path.key(member.getKey());
                    int nameLength = member.getKey().codePointCount(0, member.getKey().length());
                    if (nameLength > maxKeyLength) {
                        violations.add(new Violation(open.path.toString(), "has a member name of "
                                + Texts.count(nameLength) + " characters (" + Texts.quote(member.getKey())
                                + "); names inside params are limited to " + Texts.count(maxKeyLength)));
                    }
                    visit(member.getValue(), memberPath, open.level, stack, violations);
                }
            } else {
                int i = 0;
                for (JsonNode item : open.node) {
                    if (++entries > maxEntries) {
                        violations.add(tooManyEntries(path));
                        return;
                    }
                    visit(item, open.path.index(i++), open.level, stack, violations);
                }
            }
        }
    }

    private void visit(JsonNode value, NodePath path, int parentLevel, Deque<Open> stack, List<Violation> violations) {
        if (value.isContainerNode()) {
            if (parentLevel + 1 > maxDepth) {
                violations.add(new Violation(path.toString(), "nests deeper than params allows: it is level "
                        + (parentLevel + 1) + " and the limit is " + maxDepth + " (params itself is level 1) — flatten"
                        + " the structure; an approver cannot review deeply nested data"));
                return;
            }
            stack.push(new Open(value, path, parentLevel + 1));
        } else if (value.isTextual()) {
            String text = value.textValue();
            int length = text.codePointCount(0, text.length());
            if (length > maxStringLength) {
                violations.add(new Violation(path.toString(), "is " + Texts.count(length)
                        + " characters; strings inside params are limited to " + Texts.count(maxStringLength)
                        + " — pass a reference (an ID or a URL) instead of the content"));
            }
        }
    }

    private Violation tooManyEntries(NodePath path) {
        return new Violation(path.toString(), "has more than " + Texts.count(maxEntries) + " entries (object members"
                + " and array items, counted at every level); the limit is " + Texts.count(maxEntries)
                + " — pass a reference (an ID or a URL) instead of the data");
    }
}
