package dev.countersign.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CanonicalJsonTest {

    @Test
    void canonicalize_matchesRfc8785Section324Example() {
        // The RFC's own input, with whitespace, escapes and number spellings to normalise.
        JsonNode input = Json.parse("{\n"
                + "  \"numbers\": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],\n"
                + "  \"string\": \"\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\\"\\/\",\n"
                + "  \"literals\": [null, true, false]\n"
                + "}");

        assertThat(CanonicalJson.canonicalize(input)).isEqualTo("{\"literals\":[null,true,false],"
                + "\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],"
                + "\"string\":\"€$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}");
    }

    @Test
    void canonicalize_sortsKeysByUtf16CodeUnits_asRfc8785Section323() {
        JsonNode input = Json.parse("{\"\\u20ac\": \"Euro Sign\", \"\\r\": \"Carriage Return\","
                + " \"\\ufb33\": \"Hebrew Letter Dalet With Dagesh\", \"1\": \"One\","
                + " \"\\ud83d\\ude00\": \"Emoji: Grinning Face\", \"\\u0080\": \"Control\","
                + " \"\\u00f6\": \"Latin Small Letter O With Diaeresis\"}");

        String canonical = CanonicalJson.canonicalize(input);

        // Guards against sorting by code point: U+1F600 (surrogates D83D…) sorts before U+FB33 in UTF-16 order.
        assertThat(canonical).isEqualTo("{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\","
                + "\"ö\":\"Latin Small Letter O With Diaeresis\",\"€\":\"Euro Sign\","
                + "\"\uD83D\uDE00\":\"Emoji: Grinning Face\",\"\uFB33\":\"Hebrew Letter Dalet With Dagesh\"}");
    }

    @Test
    void canonicalBytes_matchRfc8785Section325Utf8() {
        JsonNode input = Json.parse("{\"\\u20ac\": \"Euro Sign\", \"\\u00f6\": \"o\", \"\\u007f\": \"DEL\"}");

        byte[] bytes = CanonicalJson.canonicalBytes(input);

        // DEL and non-ASCII are written as raw UTF-8, never escaped.
        assertThat(bytes).isEqualTo("{\"\u007f\":\"DEL\",\"ö\":\"o\",\"€\":\"Euro Sign\"}"
                .getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void canonicalize_escapesOnlyWhatEcmaScriptEscapes() {
        ObjectNode node = Json.object().put("s", "\"\\/\b\t\n\f\r\u0000\u001f\u007f\u2028</script>");

        // Slash, DEL, U+2028 and angle brackets stay literal; the five short escapes and \\u00xx lower-case hex.
        assertThat(CanonicalJson.canonicalize(node))
                .isEqualTo("{\"s\":\"\\\"\\\\/\\b\\t\\n\\f\\r\\u0000\\u001f\u007f\u2028</script>\"}");
    }

    @Test
    void canonicalize_writesNestedStructuresWithoutWhitespace() {
        JsonNode input = Json.parse("{ \"b\" : [ 1 , { \"z\" : null , \"a\" : [ ] } ] , \"a\" : { } }");

        assertThat(CanonicalJson.canonicalize(input)).isEqualTo("{\"a\":{},\"b\":[1,{\"a\":[],\"z\":null}]}");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "1 | 1",
        "1.0 | 1",
        "1e0 | 1",
        "-0 | 0",
        "-0.0 | 0",
        "100E-2 | 1",
        "9007199254740991 | 9007199254740991",
        "-9007199254740991 | -9007199254740991",
        "9007199254740993.0 | 9007199254740992",
        "1e21 | 1e+21",
        "0.1 | 0.1",
        "19.99 | 19.99",
    })
    void canonicalize_spellsEachNumberOneWay(String spelled, String canonical) {
        assertThat(CanonicalJson.canonicalize(Json.parse("[" + spelled + "]"))).isEqualTo("[" + canonical + "]");
    }

    @Test
    void canonicalize_refusesIntegerTokenThatADoubleWouldRound() {
        JsonNode input = Json.parse("{\"order\": {\"id\": 9007199254740993}}");

        // Rounding it to ...992 would give two different orders the same hash.
        assertThatThrownBy(() -> CanonicalJson.canonicalize(input))
                .isInstanceOfSatisfying(CanonicalJsonException.class, e -> {
                    assertThat(e.path()).hasToString("$.order.id");
                    assertThat(e.problem()).isEqualTo("is the integer 9007199254740993, which a JSON number"
                            + " (an IEEE 754 double) cannot hold exactly — it would become 9007199254740992;"
                            + " send it as a string");
                });
    }

    @Test
    void canonicalize_refusesHugeBigInteger() {
        ArrayNode input = Json.array().add(BigIntegerNode.valueOf(new BigInteger("12345678901234567890123")));

        assertThatThrownBy(() -> CanonicalJson.canonicalize(input))
                .isInstanceOf(CanonicalJsonException.class)
                .hasMessageStartingWith("$[0]: is the integer 12345678901234567890123, which a JSON number");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "9007199254740992, 9007199254740992",
        "9007199254740994, 9007199254740994",
        "100000000000000000000, 100000000000000000000",
        "295147905179352830000, 295147905179352830000",
        "1000000000000000000000, 1e+21",
        "-1000000000000000000000000000000, -1e+30",
    })
    void canonicalize_acceptsLargeIntegerTokens_thatADoubleHoldsWithoutLosingADigit(String token, String canonical) {
        // Without this, the canonical text of the double 2^68 could not be read back (canonicalisation idempotent).
        assertThat(CanonicalJson.canonicalize(Json.parse("[" + token + "]"))).isEqualTo("[" + canonical + "]");
    }

    @Test
    void canonicalize_acceptsLongAndBigIntegerNodesInsideSafeRange() {
        ArrayNode input = Json.array().add(LongNode.valueOf(-42)).add(BigIntegerNode.valueOf(BigInteger.valueOf(7)));

        assertThat(CanonicalJson.canonicalize(input)).isEqualTo("[-42,7]");
    }

    @Test
    void canonicalize_readsDecimalNodesAsDoubles() {
        ArrayNode input = Json.array().add(DecimalNode.valueOf(new BigDecimal("4.50")))
                .add(DecimalNode.valueOf(new BigDecimal("333333333.33333329")));

        assertThat(CanonicalJson.canonicalize(input)).isEqualTo("[4.5,333333333.3333333]");
    }

    @Test
    void canonicalize_refusesNonFiniteNumbers_withPath() {
        ObjectNode input = Json.object();
        input.putObject("risk").set("score", DoubleNode.valueOf(Double.NaN));

        assertThatThrownBy(() -> CanonicalJson.canonicalize(input))
                .isInstanceOfSatisfying(CanonicalJsonException.class,
                        e -> assertThat(e.path()).hasToString("$.risk.score"))
                .hasMessageContaining("not a finite number");
    }

    @Test
    void canonicalize_refusesDecimalBeyondDoubleRange() {
        ArrayNode input = Json.array().add(DecimalNode.valueOf(new BigDecimal("1e400")));

        assertThatThrownBy(() -> CanonicalJson.canonicalize(input)).isInstanceOf(CanonicalJsonException.class)
                .hasMessageContaining("not a finite number");
    }

    @Test
    void canonicalize_refusesUnpairedSurrogates_inValuesAndKeys() {
        ObjectNode value = Json.object().put("note", "ok \uD83D then nothing");
        ObjectNode key = Json.object().put("bad\uDE00key", 1);

        // An unpaired surrogate becomes '?' in UTF-8, so two different strings would hash the same.
        assertThatThrownBy(() -> CanonicalJson.canonicalize(value)).isInstanceOfSatisfying(
                CanonicalJsonException.class, e -> assertThat(e.path()).hasToString("$.note"));
        assertThatThrownBy(() -> CanonicalJson.canonicalize(key)).isInstanceOfSatisfying(
                CanonicalJsonException.class, e -> assertThat(e.path()).hasToString("$['bad\uDE00key']"));
    }

    @Test
    void canonicalize_refusesBinaryNodes() {
        ArrayNode input = Json.array().add(BinaryNode.valueOf(new byte[] {1, 2}));

        assertThatThrownBy(() -> CanonicalJson.canonicalize(input))
                .isInstanceOf(CanonicalJsonException.class)
                .hasMessage("$[0]: is a binary node, which has no JSON text; use strings, numbers, booleans, null,"
                        + " arrays and objects");
    }

    @Test
    void canonicalize_handlesHundredThousandLevels_withoutStackOverflow() {
        ArrayNode root = Json.array();
        ArrayNode current = root;
        for (int i = 0; i < 100_000; i++) {
            current = current.addArray();
        }

        String canonical = CanonicalJson.canonicalize(root);

        assertThat(canonical).hasSize(200_002).startsWith("[[[").endsWith("]]]");
    }

    @Test
    void sha256Hex_isSha256OfTheCanonicalBytes() {
        JsonNode spaced = Json.parse("{ \"b\": 2, \"a\": 1.0 }");

        // SHA-256 of the 13 bytes {"a":1,"b":2}, computed independently (sha256sum).
        assertThat(CanonicalJson.sha256Hex(spaced))
                .isEqualTo("43258cff783fe7036d8a43033f830adfc60ec037382473548ac742b888292777");
    }

    @Test
    void utf8Length_equalsCanonicalByteCount_andStopsEarlyPastTheCeiling() {
        JsonNode input = Json.parse("{\"€\": [\"\uD83D\uDE00\", 1.50, \"a\\nb\"], \"x\": \"" + "y".repeat(5000) + "\"}");
        int exact = CanonicalJson.canonicalBytes(input).length;

        assertThat(CanonicalJson.utf8Length(input, Long.MAX_VALUE)).isEqualTo(exact);
        assertThat(CanonicalJson.utf8Length(input, exact)).isEqualTo(exact);
        assertThat(CanonicalJson.utf8Length(input, 100)).isGreaterThan(100).isLessThan(exact);
    }

    @Test
    void canonicalize_ofTopLevelScalars() {
        assertThat(CanonicalJson.canonicalize(TextNode.valueOf("é"))).isEqualTo("\"é\"");
        assertThat(CanonicalJson.canonicalize(Json.parse("null"))).isEqualTo("null");
        assertThat(CanonicalJson.canonicalize(Json.parse("true"))).isEqualTo("true");
    }
}
