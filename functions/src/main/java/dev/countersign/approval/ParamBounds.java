package dev.countersign.approval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.core.ParamFormat;
import dev.countersign.core.json.EcmaScriptNumber;
import dev.countersign.core.json.Json;
import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * A parameter an approver may change before approving, and the values it may take: what a routing rule's
 * {@code modifiable} entry says, carried by the route and recorded with the level's terms (so the audit chain covers
 * it). Only top-level members of {@code action.params} can be changed.
 *
 * <pre>{"param": "amount", "type": "number", "minimum": 0.01, "maximum": "proposed", "decimals": 2}
 * {"param": "headline", "type": "text", "maxLength": 120}
 * {"param": "body", "type": "text", "maxLength": 4000, "multiline": true}
 * {"param": "channel", "type": "choice", "choices": ["email", "letter"]}
 * {"param": "notifyCustomer", "type": "boolean"}</pre>
 */
public sealed interface ParamBounds {
    /** The wire value of {@code minimum} or {@code maximum} that means "the value the agent proposed". */
    String PROPOSED = "proposed";

    /** The top-level member of {@code action.params}. */
    String param();

    /** The entry's {@code type}: number, text, choice or boolean. */
    String type();

    /** Whether the proposed value is of the kind these bounds change (else the parameter is shown, not offered). */
    boolean fits(JsonNode proposed);

    /**
     * Why {@code changed} may not replace {@code proposed}, in words for the approver ("may be at most 1,500.00, the
     * proposed value; you entered 5,000,000"), or null when it may. {@code shown} writes numbers as the page does.
     */
    String breach(JsonNode proposed, JsonNode changed, NumberText shown);

    /** The entry as the rules file, the route and the audit event write it. */
    ObjectNode toJson();

    /** How a number reads in a message (the page passes its money or percent format). */
    @FunctionalInterface
    interface NumberText {
        /** Digits as written, with thousands separators: what the review page shows without a display hint. */
        NumberText PLAIN = value -> value.toPlainString();

        String format(BigDecimal value);
    }

    /**
     * A limit of a number: a fixed value, or the proposed value ({@code fixed} null).
     *
     * @param fixed the limit, or null for "the proposed value"
     */
    record Limit(BigDecimal fixed) {
        public static final Limit PROPOSED_VALUE = new Limit(null);

        public boolean isProposed() {
            return fixed == null;
        }

        /** The limit for a value proposed as {@code proposed}. */
        public BigDecimal against(BigDecimal proposed) {
            return fixed == null ? proposed : fixed;
        }

        JsonNode toJson() {
            return fixed == null ? JsonNodeFactory.instance.textNode(PROPOSED) : JsonNodeFactory.instance.numberNode(
                    fixed);
        }

        /** The limit a rules file, route or terms entry writes: a number, or "proposed". */
        public static Limit of(JsonNode node, String where) {
            if (node != null && node.isTextual() && node.textValue().equals(PROPOSED)) {
                return PROPOSED_VALUE;
            }
            if (node != null && node.isNumber()) {
                return new Limit(Json.decimal(node));
            }
            throw new IllegalArgumentException(where + " must be a number or \"" + PROPOSED + "\"");
        }
    }

    /**
     * A number from {@code minimum} to {@code maximum} (both inclusive), with at most {@code decimals} digits after
     * the point (null: any). Applies to a JSON number, or to a string holding a plain decimal ("129.90"), whose type
     * the changed value keeps.
     */
    record Number(String param, Limit minimum, Limit maximum, Integer decimals) implements ParamBounds {
        public Number {
            Objects.requireNonNull(param, "param");
            Objects.requireNonNull(minimum, "minimum");
            Objects.requireNonNull(maximum, "maximum");
        }

        @Override
        public String type() {
            return "number";
        }

        @Override
        public boolean fits(JsonNode proposed) {
            return value(proposed) != null;
        }

        @Override
        public String breach(JsonNode proposed, JsonNode changed, NumberText shown) {
            BigDecimal from = value(proposed);
            BigDecimal to = value(changed);
            if (from == null || to == null || proposed.isNumber() != changed.isNumber()) {
                return "must be a number";
            }
            if (changed.isNumber()) {
                BigDecimal kept = EcmaScriptNumber.asJsonNumber(to.doubleValue());
                if (kept == null || kept.compareTo(to) != 0) {
                    // A JSON number is a double: more digits than one holds would be rounded in the hash and the trail.
                    return "has more digits than a JSON number holds exactly: " + to.toPlainString() + " would be"
                            + " recorded as " + (kept == null ? "something else" : kept.toPlainString())
                            + "; enter at most 15 significant digits";
                }
            }
            BigDecimal low = minimum.against(from);
            BigDecimal high = maximum.against(from);
            if (to.compareTo(low) < 0) {
                return "may be no less than " + shown.format(low) + (minimum.isProposed() ? ", the proposed value"
                        : "") + "; you entered " + shown.format(to);
            }
            if (to.compareTo(high) > 0) {
                return "may be at most " + shown.format(high) + (maximum.isProposed() ? ", the proposed value" : "")
                        + "; you entered " + shown.format(to);
            }
            if (decimals != null && Math.max(0, to.stripTrailingZeros().scale()) > decimals) {
                return decimals == 0 ? "must be a whole number; you entered " + shown.format(to)
                        : "may have at most " + decimals + " digit" + (decimals == 1 ? "" : "s") + " after the"
                        + " point; you entered " + shown.format(to);
            }
            return null;
        }

        /** The number a value holds (a JSON number or a plain decimal string), or null. */
        public static BigDecimal value(JsonNode node) {
            if (node == null) {
                return null;
            }
            if (node.isNumber()) {
                return Json.decimal(node);
            }
            if (node.isTextual() && ParamFormat.DECIMAL_TEXT.matcher(node.textValue()).matches()) {
                return new BigDecimal(node.textValue());
            }
            return null;
        }

        @Override
        public ObjectNode toJson() {
            ObjectNode json = start(this);
            json.set("minimum", minimum.toJson());
            json.set("maximum", maximum.toJson());
            if (decimals != null) {
                json.put("decimals", decimals);
            }
            return json;
        }
    }

    /**
     * Text of at most {@code maxLength} characters (code points), not blank, without control or bidi characters;
     * line breaks only when {@code multiline}.
     */
    record Text(String param, int maxLength, boolean multiline) implements ParamBounds {
        public Text {
            Objects.requireNonNull(param, "param");
        }

        @Override
        public String type() {
            return "text";
        }

        @Override
        public boolean fits(JsonNode proposed) {
            return proposed != null && proposed.isTextual();
        }

        @Override
        public String breach(JsonNode proposed, JsonNode changed, NumberText shown) {
            if (changed == null || !changed.isTextual()) {
                return "must be text";
            }
            String text = changed.textValue();
            if (text.isBlank()) {
                return "may not be empty; to stop the action, reject it instead";
            }
            int length = text.codePointCount(0, text.length());
            if (length > maxLength) {
                return "may be at most " + maxLength + " characters long; yours has " + length;
            }
            for (int i = 0; i < text.length(); ) {
                int c = text.codePointAt(i);
                i += Character.charCount(c);
                boolean lineBreak = c == '\n' || c == '\r' || c == '\t';
                if (lineBreak && !multiline) {
                    return "must be one line: remove the line breaks and tabs";
                }
                if (!lineBreak && (Character.getType(c) == Character.CONTROL || Character.getType(c)
                        == Character.FORMAT && c != 0x200C && c != 0x200D || c == 0x2028 || c == 0x2029
                        || Character.isSurrogate((char) c) && c <= 0xFFFF)) {
                    return "contains an invisible control or formatting character (" + String.format("U+%04X", c)
                            + "); remove it";
                }
            }
            return null;
        }

        @Override
        public ObjectNode toJson() {
            ObjectNode json = start(this).put("maxLength", maxLength);
            if (multiline) {
                json.put("multiline", true);
            }
            return json;
        }
    }

    /** One of the listed strings. */
    record Choice(String param, List<String> choices) implements ParamBounds {
        public Choice {
            Objects.requireNonNull(param, "param");
            choices = List.copyOf(choices);
        }

        @Override
        public String type() {
            return "choice";
        }

        @Override
        public boolean fits(JsonNode proposed) {
            return proposed != null && proposed.isTextual();
        }

        @Override
        public String breach(JsonNode proposed, JsonNode changed, NumberText shown) {
            if (changed == null || !changed.isTextual() || !choices.contains(changed.textValue())) {
                return "must be one of " + String.join(", ", choices);
            }
            return null;
        }

        @Override
        public ObjectNode toJson() {
            ObjectNode json = start(this);
            ArrayNode list = json.putArray("choices");
            choices.forEach(list::add);
            return json;
        }
    }

    /** true or false. */
    record Flag(String param) implements ParamBounds {
        public Flag {
            Objects.requireNonNull(param, "param");
        }

        @Override
        public String type() {
            return "boolean";
        }

        @Override
        public boolean fits(JsonNode proposed) {
            return proposed != null && proposed.isBoolean();
        }

        @Override
        public String breach(JsonNode proposed, JsonNode changed, NumberText shown) {
            return changed != null && changed.isBoolean() ? null : "must be true or false";
        }

        @Override
        public ObjectNode toJson() {
            return start(this);
        }
    }

    /**
     * Reads an entry the rules file's checks accepted (a route, a recorded level's terms). A string is an entry from
     * before bounds existed: it has no bounds, so it gives null and the parameter may not be changed.
     *
     * @throws IllegalArgumentException naming the member when the entry is malformed
     */
    static ParamBounds fromJson(JsonNode json) {
        if (json == null || json.isTextual()) {
            return null;
        }
        if (!json.isObject() || !json.path("param").isTextual()) {
            throw new IllegalArgumentException("a modifiable entry is {\"param\": name, \"type\": …}; got " + json);
        }
        String param = json.get("param").textValue();
        String type = json.path("type").asText("");
        switch (type) {
            case "number": {
                JsonNode decimals = json.get("decimals");
                return new Number(param, Limit.of(json.get("minimum"), "minimum of " + param),
                        Limit.of(json.get("maximum"), "maximum of " + param),
                        decimals == null || !decimals.canConvertToInt() ? null : decimals.intValue());
            }
            case "text":
                return new Text(param, json.path("maxLength").asInt(0), json.path("multiline").asBoolean(false));
            case "choice": {
                List<String> choices = new java.util.ArrayList<>();
                json.path("choices").forEach(c -> choices.add(c.asText()));
                return new Choice(param, choices);
            }
            case "boolean":
                return new Flag(param);
            default:
                throw new IllegalArgumentException("modifiable " + param + " has type '" + type + "'; the types are"
                        + " number, text, choice and boolean");
        }
    }

    /** The entries of a {@code modifiable} array; strings (entries without bounds) are left out. */
    static List<ParamBounds> listFromJson(JsonNode array) {
        List<ParamBounds> all = new java.util.ArrayList<>();
        if (array != null && array.isArray()) {
            for (JsonNode item : array) {
                ParamBounds bounds = fromJson(item);
                if (bounds != null) {
                    all.add(bounds);
                }
            }
        }
        return List.copyOf(all);
    }

    /** A {@code modifiable} array. */
    static ArrayNode listToJson(List<ParamBounds> entries) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        entries.forEach(e -> array.add(e.toJson()));
        return array;
    }

    /** The entry for {@code param} in {@code entries}, or null. */
    static ParamBounds find(List<ParamBounds> entries, String param) {
        for (ParamBounds entry : entries) {
            if (entry.param().equals(param)) {
                return entry;
            }
        }
        return null;
    }

    private static ObjectNode start(ParamBounds bounds) {
        return JsonNodeFactory.instance.objectNode().put("param", bounds.param()).put("type", bounds.type());
    }
}
