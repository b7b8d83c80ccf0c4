package dev.countersign.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void writeUtf8_escapesALoneSurrogate_andKeepsEveryOtherCharacterAsUtf8() {
        ObjectNode node = Json.object().put("text", "a\uD800b\u00e9\uD83D\uDE00");

        byte[] utf8 = Json.writeUtf8(node);

        // Half a UTF-16 pair cannot be UTF-8: escaped, it reads back as it was (String.getBytes would make it '?').
        // Jackson escapes a whole pair too, as the SDK's own writer does (SdkWireFormatTest).
        assertThat(new String(utf8, StandardCharsets.UTF_8)).isEqualTo("{\"text\":\"a\\uD800bé\\uD83D\\uDE00\"}");
        assertThat(Json.parse(utf8)).isEqualTo(node);
        assertThat(Json.writeUtf8(Json.parse("{\"a\":[1,2.5,null]}"))).asString(StandardCharsets.UTF_8)
                .isEqualTo(Json.write(Json.parse("{\"a\":[1,2.5,null]}")));
    }

    @Test
    void parse_refusesDuplicateKeys_withThePath() {
        assertThatThrownBy(() -> Json.parse("{\"a\": {\"b\": 1, \"b\": 2}}"))
                .isInstanceOfSatisfying(InvalidJsonException.class, e -> {
                    assertThat(e.path()).hasToString("$.a.b");
                    assertThat(e.problem()).startsWith("is not valid JSON: Duplicate field 'b'");
                    assertThat(e.line()).isEqualTo(1);
                });
    }

    @Test
    void parse_refusesTrailingContent() {
        assertThatThrownBy(() -> Json.parse("{\"a\": 1} {\"b\": 2}"))
                .isInstanceOfSatisfying(InvalidJsonException.class, e ->
                        assertThat(e.problem()).isEqualTo("is not valid JSON: more content after the first value"));
    }

    @Test
    void parse_refusesNanAndComments_likeAnyStrictJsonReader() {
        assertThatThrownBy(() -> Json.parse("[NaN]")).isInstanceOf(InvalidJsonException.class);
        assertThatThrownBy(() -> Json.parse("[1] // note")).isInstanceOf(InvalidJsonException.class);
    }

    @Test
    void parse_stopsAtTheNestingLimit_andSaysWhere() {
        String deep = "[".repeat(Json.MAX_NESTING_DEPTH + 1) + "]".repeat(Json.MAX_NESTING_DEPTH + 1);

        assertThatThrownBy(() -> Json.parse(deep))
                .isInstanceOfSatisfying(InvalidJsonException.class, e -> {
                    assertThat(e.problem()).isEqualTo("nesting is deeper than 1000 levels; flatten the structure");
                    assertThat(e.path().truncate(3)).hasToString("$[0][0][0]");
                    assertThat(e.path().depth()).isGreaterThanOrEqualTo(Json.MAX_NESTING_DEPTH - 1);
                });
    }

    @Test
    void parse_acceptsExactlyTheNestingLimit() {
        String deep = "[".repeat(Json.MAX_NESTING_DEPTH) + "]".repeat(Json.MAX_NESTING_DEPTH);

        assertThat(Json.parse(deep).isArray()).isTrue();
    }

    @Test
    void parse_readsStreams_withoutClosingThem() {
        boolean[] closed = {false};
        ByteArrayInputStream in = new ByteArrayInputStream("{\"a\":1}".getBytes(StandardCharsets.UTF_8)) {
            @Override
            public void close() {
                closed[0] = true;
            }
        };

        assertThat(Json.parse(in).get("a").intValue()).isEqualTo(1);
        assertThat(closed[0]).isFalse();
    }

    @Test
    void copy_handlesDepthsThatJacksonDeepCopyCannot() {
        ArrayNode root = Json.array();
        ArrayNode current = root;
        for (int i = 0; i < 100_000; i++) {
            current = current.addArray();
        }
        current.add("bottom");

        JsonNode copy = Json.copy(root);

        assertThat(CanonicalJson.canonicalize(copy)).isEqualTo(CanonicalJson.canonicalize(root));
        assertThat(copy).isNotSameAs(root);
    }

    @Test
    void copyToDepth_replacesDeeperContainersWithEmptyOnes() {
        JsonNode node = Json.parse("{\"a\": {\"b\": {\"c\": [1]}, \"s\": \"x\"}, \"n\": [[2]]}");

        assertThat(CanonicalJson.canonicalize(Json.copyToDepth(node, 2)))
                .isEqualTo("{\"a\":{\"b\":{},\"s\":\"x\"},\"n\":[[]]}");
    }

    @Test
    void copy_isIndependentOfTheOriginal() {
        ObjectNode original = (ObjectNode) Json.parse("{\"a\": {\"b\": 1}}");
        ObjectNode copy = (ObjectNode) Json.copy(original);

        ((ObjectNode) copy.get("a")).put("b", 2);

        assertThat(original.get("a").get("b").intValue()).isEqualTo(1);
    }

    @Test
    void measure_collectsEveryProblem_andTheDepth() {
        JsonNode node = Json.parse("{\"a\": [9007199254740993, {\"b\": 12345678901234567890}], \"c\": \"ok\"}");

        CanonicalJson.Measurement m = CanonicalJson.measure(node, 1_000);

        assertThat(m.complete()).isTrue();
        assertThat(m.maxDepth()).isEqualTo(3);
        assertThat(m.problems()).extracting(p -> p.path().toString()).containsExactly("$.a[0]", "$.a[1].b");
    }

    @Test
    void measure_stopsPastTheCeiling() {
        JsonNode node = Json.parse("[\"" + "x".repeat(10_000) + "\", 9007199254740993]");

        CanonicalJson.Measurement m = CanonicalJson.measure(node, 100);

        assertThat(m.complete()).isFalse();
        assertThat(m.utf8Length()).isGreaterThan(100);
        assertThat(m.problems()).isEmpty(); // never reached: the walk stopped inside the long string
    }
}
