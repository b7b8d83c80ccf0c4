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

import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class CanonicalJsonPropertiesTest {

    @Property(tries = 300)
    void canonicalize_isStable_underKeyOrderWhitespaceEscapesAndNumberSpelling(
            @ForAll("trees") JsonNode tree, @ForAll long seed) {
        String expected = CanonicalJson.canonicalize(tree);

        String respelled = JsonSpelling.spell(tree, new Random(seed));

        assertThat(CanonicalJson.canonicalize(Json.parse(respelled))).as("respelled as %s", respelled)
                .isEqualTo(expected);
    }

    @Property(tries = 300)
    void canonicalize_isIdempotent(@ForAll("trees") JsonNode tree) {
        String once = CanonicalJson.canonicalize(tree);

        assertThat(CanonicalJson.canonicalize(Json.parse(once))).isEqualTo(once);
    }

    @Property(tries = 300)
    void sha256Hex_differs_whenAnyLeafChanges(@ForAll("trees") JsonNode tree) {
        ObjectNode a = Json.object();
        a.set("t", tree);
        ObjectNode b = a.deepCopy();
        b.put("extra", 0);

        assertThat(CanonicalJson.sha256Hex(a)).isNotEqualTo(CanonicalJson.sha256Hex(b));
    }

    @Property(tries = 2000)
    void ecmaScriptNumber_readsBackAsTheSameDouble(@ForAll double value) {
        String text = EcmaScriptNumber.format(value);

        // -0 prints as 0 (ECMAScript), so compare by value, not by bits.
        assertThat(Double.parseDouble(text)).isEqualTo(value == 0 ? 0.0 : value);
    }

    @Property(tries = 500)
    void utf8Length_equalsTheCanonicalByteCount(@ForAll("trees") JsonNode tree) {
        assertThat(CanonicalJson.utf8Length(tree, Long.MAX_VALUE)).isEqualTo(CanonicalJson.canonicalBytes(tree).length);
    }

    @Provide
    Arbitrary<JsonNode> trees() {
        return Arbitraries.recursive(this::leaves, this::containers, 0, 4);
    }

    private Arbitrary<JsonNode> leaves() {
        Arbitrary<String> bmpText = Arbitraries.strings()
                .withCharRange('\u0000', '\u00ff').withCharRange('\u0100', '\uD7FF').withCharRange('\uE000', '\uFFFD')
                .ofMaxLength(12);
        Arbitrary<String> emoji = Arbitraries.of("\uD83D\uDE00", "a\uD83C\uDF89b", "\uD834\uDD1E");
        Arbitrary<JsonNode> strings = Arbitraries.oneOf(bmpText, emoji).map(TextNode::valueOf);
        Arbitrary<JsonNode> integers = Arbitraries.longs()
                .between(-CanonicalJson.MAX_SAFE_INTEGER, CanonicalJson.MAX_SAFE_INTEGER).map(LongNode::valueOf);
        Arbitrary<JsonNode> doubles = Arbitraries.oneOf(
                        Arbitraries.doubles(),
                        Arbitraries.doubles().between(-1e6, 1e6).ofScale(2),
                        Arbitraries.of(0.1, 1e21, 1e-7, 5e-324, Double.MAX_VALUE, -0.0, 1e23))
                .filter(Double::isFinite).map(DoubleNode::valueOf);
        Arbitrary<JsonNode> literals = Arbitraries.of(BooleanNode.TRUE, BooleanNode.FALSE, NullNode.instance);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, strings), net.jqwik.api.Tuple.of(2, integers),
                net.jqwik.api.Tuple.of(3, doubles), net.jqwik.api.Tuple.of(1, literals));
    }

    private Arbitrary<JsonNode> containers(Arbitrary<JsonNode> element) {
        Arbitrary<JsonNode> arrays = element.list().ofMaxSize(4).map(items -> {
            ArrayNode array = Json.array();
            array.addAll(items);
            return array;
        });
        Arbitrary<String> names = Arbitraries.oneOf(
                Arbitraries.strings().alpha().ofMinLength(0).ofMaxLength(6),
                Arbitraries.of("€", "\r", "\uD83D\uDE00", "\uFB33", "1", "ö", "a b", "'"));
        Arbitrary<JsonNode> objects = Arbitraries.maps(names, element).ofMaxSize(5).map(members -> {
            ObjectNode object = Json.object();
            members.forEach(object::set);
            return object;
        });
        return Arbitraries.oneOf(arrays, objects);
    }

}
