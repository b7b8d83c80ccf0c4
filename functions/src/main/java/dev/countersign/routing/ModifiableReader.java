package dev.countersign.routing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.approval.ParamBounds;
import dev.countersign.contract.internal.Texts;
import dev.countersign.core.json.NodePath;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Reads a rule's {@code modifiable} list: the parameters an approver may change, each with its bounds, for
 * {@link RulesReader}, into whose list of problems it reports.
 */
final class ModifiableReader {
    private final BiConsumer<NodePath, String> problems;
    private final Set<String> migrated;

    /**
     * @param problems where a problem goes, by path
     * @param migrated filled with the paths of bare-name entries, whose migration message replaces the schema's
     */
    ModifiableReader(BiConsumer<NodePath, String> problems, Set<String> migrated) {
        this.problems = problems;
        this.migrated = migrated;
    }

    /**
     * The parameters an approver may change, each with its bounds. A bare name (the form before bounds existed)
     * is refused with the entry to write instead: an unbounded change is what let an approver raise a refund
     * a thousandfold.
     */
    List<ParamBounds> read(JsonNode node, NodePath path) {
        List<ParamBounds> entries = new ArrayList<>();
        if (node == null || !node.isArray()) {
            return entries;
        }
        Map<String, NodePath> seen = new LinkedHashMap<>();
        for (int k = 0; k < node.size(); k++) {
            JsonNode item = node.get(k);
            NodePath at = path.index(k);
            if (item.isTextual()) {
                migrated.add(at.toString());
                String name = RulesReader.PLAIN_NAME.matcher(item.textValue()).matches() ? item.textValue() : "amount";
                problems.accept(at,
                        Texts.quote(item.textValue()) + " names a parameter without bounds, so an approver could"
                        + " change it to anything; write what it may become instead, for example {\"param\": \""
                        + name + "\", \"type\": \"number\", \"minimum\": 0, \"maximum\": \"proposed\"} (a number"
                        + " from 0 up to the proposed value), {\"param\": \"" + name + "\", \"type\": \"text\","
                        + " \"maxLength\": 200} or {\"param\": \"" + name + "\", \"type\": \"choice\", \"choices\":"
                        + " [\"…\"]} (docs/routing.md, \"Parameters an approver may change\")");
                continue;
            }
            if (!item.isObject() || !item.path("param").isTextual()) {
                continue; // the schema reports it
            }
            String name = item.get("param").textValue();
            if (!RulesReader.PLAIN_NAME.matcher(name).matches()) {
                problems.accept(at.key("param"),
                        Texts.quote(name) + " is not a plain top-level parameter name: write the"
                        + " name of a member of action.params as it is, e.g. \"amount\" (letters, digits, _ and -;"
                        + " nested members and paths such as \"order.amount\" cannot be made modifiable)");
                continue;
            }
            if (seen.containsKey(name)) {
                problems.accept(at.key("param"), Texts.quote(name) + " is already listed at " + seen.get(name)
                        + " — give each parameter one entry");
                continue;
            }
            seen.put(name, at);
            ParamBounds bounds = readBounds(item, at, name);
            if (bounds != null) {
                entries.add(bounds);
            }
        }
        return entries;
    }

    private static final Map<String, List<String>> BOUNDS_MEMBERS = Map.of(
            "number", List.of("minimum", "maximum", "decimals"),
            "text", List.of("maxLength", "multiline"),
            "choice", List.of("choices"),
            "boolean", List.of());

    private ParamBounds readBounds(JsonNode item, NodePath at, String name) {
        String type = RulesReader.text(item, "type");
        List<String> own = type == null ? null : BOUNDS_MEMBERS.get(type);
        if (own == null) {
            return null; // the schema reports a missing or unknown type
        }
        boolean valid = true;
        for (List<String> members : BOUNDS_MEMBERS.values()) {
            for (String member : members) {
                if (item.has(member) && !own.contains(member)) {
                    problems.accept(at.key(member), "does not apply to a " + type + " parameter (" + type + " takes "
                            + (own.isEmpty() ? "no bounds" : String.join(", ", own)) + ") — remove it");
                    valid = false;
                }
            }
        }
        switch (type) {
            case "number": {
                ParamBounds.Limit min = limit(item, "minimum", at, name);
                ParamBounds.Limit max = limit(item, "maximum", at, name);
                if (min == null || max == null) {
                    return null;
                }
                if (min.fixed() != null && max.fixed() != null && min.fixed().compareTo(max.fixed()) > 0) {
                    problems.accept(at.key("minimum"), "is " + min.fixed().toPlainString() + ", more than the maximum "
                            + max.fixed().toPlainString() + ": no value could be approved — swap them");
                    return null;
                }
                JsonNode decimals = item.get("decimals");
                Integer places = decimals != null && decimals.canConvertToInt() ? decimals.intValue() : null;
                return valid ? new ParamBounds.Number(name, min, max, places) : null;
            }
            case "text": {
                JsonNode length = item.get("maxLength");
                if (length == null) {
                    problems.accept(at,
                            "a text parameter needs \"maxLength\", the most characters an approver may write,"
                            + " e.g. \"maxLength\": 200");
                    return null;
                }
                if (!length.canConvertToInt()) {
                    return null;
                }
                boolean multiline = RulesReader.bool(item, "multiline", false);
                return valid ? new ParamBounds.Text(name, length.intValue(), multiline) : null;
            }
            case "choice": {
                JsonNode choices = item.get("choices");
                if (choices == null) {
                    problems.accept(at, "a choice parameter needs \"choices\", the values an approver may pick, e.g."
                            + " \"choices\": [\"email\", \"letter\"]");
                    return null;
                }
                List<String> values = new ArrayList<>();
                choices.forEach(c -> values.add(c.asText()));
                return valid && choices.isArray() ? new ParamBounds.Choice(name, values) : null;
            }
            default:
                return valid ? new ParamBounds.Flag(name) : null;
        }
    }

    private ParamBounds.Limit limit(JsonNode item, String member, NodePath at, String name) {
        JsonNode value = item.get(member);
        if (value == null) {
            problems.accept(at, "a number parameter needs \"" + member + "\": a number, or \"" + ParamBounds.PROPOSED
                    + "\" for the value the agent proposed (e.g. \"minimum\": 0, \"maximum\": \""
                    + ParamBounds.PROPOSED + "\" lets " + name + " be lowered, never raised or made negative)");
            return null;
        }
        if (value.isTextual() && !value.textValue().equals(ParamBounds.PROPOSED)) {
            problems.accept(at.key(member), "is " + Texts.quote(value.textValue()) + "; write a number, or \""
                    + ParamBounds.PROPOSED + "\" for the value the agent proposed");
            return null;
        }
        return value.isNumber() || value.isTextual() ? ParamBounds.Limit.of(value, member) : null;
    }
}
