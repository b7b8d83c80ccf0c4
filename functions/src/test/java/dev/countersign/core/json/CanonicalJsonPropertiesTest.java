package dev.countersign.core.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.countersign.testing.Case;
import dev.countersign.testing.Generator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CanonicalJsonPropertiesTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("trees")
    void canonicalize_isStable_underKeyOrderWhitespaceEscapesAndNumberSpelling(Case<JsonNode> tree) {
        String expected = CanonicalJson.canonicalize(tree.value());
        Random random = new Random(tree.seed());

        for (int spelling = 0; spelling < 3; spelling++) {
            String respelled = JsonSpelling.spell(tree.value(), random);

            assertThat(CanonicalJson.canonicalize(Json.parse(respelled)))
                    .as("%s, respelled as %s", tree, respelled).isEqualTo(expected);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("trees")
    void canonicalize_isIdempotent(Case<JsonNode> tree) {
        String once = CanonicalJson.canonicalize(tree.value());

        assertThat(CanonicalJson.canonicalize(Json.parse(once))).as("%s", tree).isEqualTo(once);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("trees")
    void sha256Hex_differs_whenAnyLeafChanges(Case<JsonNode> tree) {
        ObjectNode a = Json.object();
        a.set("t", tree.value());
        ObjectNode added = a.deepCopy();
        added.put("extra", 0);
        ObjectNode changed = a.deepCopy();
        List<Slot> slots = new ArrayList<>();
        collectSlots(changed, slots);
        Slot slot = slots.get(new Random(tree.seed()).nextInt(slots.size()));
        // A string replacing a non-string, or a string one character longer: never the same canonical value.
        slot.replace(TextNode.valueOf(slot.value().isTextual() ? slot.value().textValue() + "x" : "x"));

        assertThat(CanonicalJson.sha256Hex(added)).as("%s with a member added", tree)
                .isNotEqualTo(CanonicalJson.sha256Hex(a));
        assertThat(CanonicalJson.sha256Hex(changed)).as("%s changed to %s", tree, changed)
                .isNotEqualTo(CanonicalJson.sha256Hex(a));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("doubles")
    void ecmaScriptNumber_readsBackAsTheSameDouble(Case<Double> value) {
        double d = value.value();
        String text = EcmaScriptNumber.format(d);

        // -0 prints as 0 (ECMAScript), so compare by value, not by bits.
        assertThat(Double.parseDouble(text)).as("%s: %s printed as %s", value, d, text).isEqualTo(d == 0 ? 0.0 : d);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("trees")
    void utf8Length_equalsTheCanonicalByteCount(Case<JsonNode> tree) {
        assertThat(CanonicalJson.utf8Length(tree.value(), Long.MAX_VALUE)).as("%s", tree)
                .isEqualTo(CanonicalJson.canonicalBytes(tree.value()).length);
    }

    static Stream<Case<JsonNode>> trees() {
        ObjectNode awkwardNames = Json.object();
        // Sorted by UTF-16 code units (RFC 8785), the emoji comes before U+FB33; by code point it would come after.
        for (String name : List.of("\uD83D\uDE00", "\uFB33", "€", "\r", "1", "", "ö", "a b", "'", "A", "a")) {
            awkwardNames.put(name, name);
        }
        ArrayNode edgeDoubles = Json.array();
        Arrays.stream(Generator.edgeDoubles()).forEach(edgeDoubles::add);
        StringBuilder controls = new StringBuilder();
        for (char c = 0; c < 0x20; c++) {
            controls.append(c);
        }
        controls.append("\u007f\u0080\u009f\u2028\u2029\ufeff\uffff");
        Stream<Case<JsonNode>> fixed = Stream.of(
                Case.fixed("empty object", Json.object()),
                Case.fixed("empty array", Json.array()),
                Case.fixed("empty string", TextNode.valueOf("")),
                Case.fixed("null", NullNode.instance),
                Case.fixed("true", BooleanNode.TRUE),
                Case.fixed("minus zero", DoubleNode.valueOf(-0.0)),
                Case.fixed("smallest subnormal", DoubleNode.valueOf(Double.MIN_VALUE)),
                Case.fixed("largest double", DoubleNode.valueOf(-Double.MAX_VALUE)),
                Case.fixed("largest safe integer", LongNode.valueOf(CanonicalJson.MAX_SAFE_INTEGER)),
                Case.fixed("smallest safe integer", LongNode.valueOf(-CanonicalJson.MAX_SAFE_INTEGER)),
                Case.fixed("every edge double", edgeDoubles),
                Case.fixed("awkward member names", awkwardNames),
                Case.fixed("controls and separators", TextNode.valueOf(controls.toString())),
                Case.fixed("quote, backslash and slash", TextNode.valueOf("\"\\/")),
                Case.fixed("first and last supplementary characters", TextNode.valueOf("\uD800\uDC00\uDBFF\uDFFF")),
                Case.fixed("nested empties", Json.parse("[[],{},[{}],{\"\":[]}]")),
                Case.fixed("four levels deep", Json.parse("{\"a\":[{\"b\":[1.5,-0.0,1E21]}],\"A\":{}}")));
        return Stream.concat(fixed, Generator.cases(0x5EED_CA1EL, 500, CanonicalJsonPropertiesTest::tree));
    }

    static Stream<Case<Double>> doubles() {
        Stream<Case<Double>> edges = Arrays.stream(Generator.edgeDoubles()).boxed()
                .flatMap(d -> Stream.of(d, Math.nextUp(d), Math.nextDown(d), -d))
                .filter(Double::isFinite)
                .map(d -> Case.fixed("edge " + d, d));
        return Stream.concat(edges, Generator.cases(0xD0B1EL, 2000, Generator::finiteDouble));
    }

    /** A JSON value up to four levels deep; containers sometimes hold leaves directly, so shapes vary. */
    static JsonNode tree(Generator g) {
        return tree(g, g.between(0, 4));
    }

    private static JsonNode tree(Generator g, int depth) {
        if (depth == 0) {
            return leaf(g);
        }
        int childDepth = g.chance(0.25) ? 0 : depth - 1;
        if (g.chance(0.5)) {
            ArrayNode array = Json.array();
            g.list(0, 4, () -> tree(g, childDepth)).forEach(array::add);
            return array;
        }
        ObjectNode object = Json.object();
        int members = g.between(0, 5);
        for (int i = 0; i < members; i++) {
            object.set(memberName(g), tree(g, childDepth));
        }
        return object;
    }

    private static JsonNode leaf(Generator g) {
        return switch (g.weighted(4, 2, 3, 1)) {
            case 0 -> TextNode.valueOf(g.chance(0.8) ? g.unicodeText(12)
                    : g.oneOf("\uD83D\uDE00", "a\uD83C\uDF89b", "\uD834\uDD1E"));
            case 1 -> LongNode.valueOf(g.chance(0.9)
                    ? g.between(-CanonicalJson.MAX_SAFE_INTEGER, CanonicalJson.MAX_SAFE_INTEGER)
                    : g.oneOf(0L, 1L, -1L, CanonicalJson.MAX_SAFE_INTEGER, -CanonicalJson.MAX_SAFE_INTEGER));
            case 2 -> DoubleNode.valueOf(g.finiteDouble());
            default -> g.oneOf(BooleanNode.TRUE, BooleanNode.FALSE, NullNode.instance);
        };
    }

    private static String memberName(Generator g) {
        return switch (g.weighted(5, 3, 1)) {
            case 0 -> g.string(0, 6, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ");
            case 1 -> g.oneOf("€", "\r", "\uD83D\uDE00", "\uFB33", "1", "ö", "a b", "'");
            default -> g.unicodeText(4);
        };
    }

    /** Where a value sits in its parent, so a test can swap it for another. */
    private record Slot(JsonNode parent, String name, int index, JsonNode value) {
        void replace(JsonNode replacement) {
            if (parent instanceof ObjectNode object) {
                object.set(name, replacement);
            } else {
                ((ArrayNode) parent).set(index, replacement);
            }
        }
    }

    private static void collectSlots(JsonNode parent, List<Slot> slots) {
        if (parent instanceof ObjectNode object) {
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> member = it.next();
                slots.add(new Slot(object, member.getKey(), -1, member.getValue()));
                collectSlots(member.getValue(), slots);
            }
        } else if (parent instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                slots.add(new Slot(array, null, i, array.get(i)));
                collectSlots(array.get(i), slots);
            }
        }
    }
}
