package dev.countersign.local.engine.expr;

import static dev.countersign.local.engine.expr.Json.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.local.engine.StatesFailure;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every intrinsic function of the Step Functions developer guide, with its documented examples and its errors. */
class IntrinsicFunctionsConformanceTest {
    // Properties sit at the top level: jqwik does not discover @Property methods inside JUnit @Nested classes.
    @Property(tries = 200)
    void jsonMerge_keepsEveryFieldOfBoth_preferringTheSecond(
            @ForAll @Size(max = 6) Map<@StringLength(min = 1, max = 3) String, @IntRange(max = 9) Integer> first,
            @ForAll @Size(max = 6) Map<@StringLength(min = 1, max = 3) String, @IntRange(max = 9) Integer> second) {
        JsonNode merged = IntrinsicFunctions.evaluate("States.JsonMerge($.a, $.b, false)", Scope.of(
                Json.MAPPER.valueToTree(Map.of("a", first, "b", second)), null, Map.of()));
        Set<String> keys = new HashSet<>(first.keySet());
        keys.addAll(second.keySet());
        assertThat(merged.size()).isEqualTo(keys.size());
        for (String key : keys) {
            int expected = second.containsKey(key) ? second.get(key) : first.get(key);
            assertThat(merged.get(key).intValue()).isEqualTo(expected);
        }
    }

    @Property(tries = 200)
    void arrayPartition_chunksReassembleTheArray(@ForAll @Size(max = 40) List<@IntRange(max = 99) Integer> items,
                                                 @ForAll @IntRange(min = 1, max = 12) int size) {
        JsonNode chunks = IntrinsicFunctions.evaluate("States.ArrayPartition($.a, $.n)",
                Scope.of(Json.MAPPER.valueToTree(Map.of("a", items, "n", size)), null, Map.of()));
        ArrayNode joined = Json.MAPPER.createArrayNode();
        for (int i = 0; i < chunks.size(); i++) {
            JsonNode chunk = chunks.get(i);
            assertThat(chunk.size()).isBetween(1, size);
            if (i < chunks.size() - 1) {
                assertThat(chunk.size()).isEqualTo(size);
            }
            joined.addAll((ArrayNode) chunk);
        }
        assertThat(joined).isEqualTo(Json.MAPPER.valueToTree(items));
    }

    @Property(tries = 300)
    void base64_roundTripsAnyText(@ForAll @StringLength(max = 200) String text) {
        Scope scope = Scope.of(Json.MAPPER.createObjectNode().put("t", text), null, Map.of());
        JsonNode encoded = IntrinsicFunctions.evaluate("States.Base64Encode($.t)", scope);
        JsonNode decoded = IntrinsicFunctions.evaluate("States.Base64Decode($.e)",
                Scope.of(Json.MAPPER.createObjectNode().set("e", encoded), null, Map.of()));
        // unpaired surrogates cannot be UTF-8 encoded; Java substitutes '?' as Step Functions' Java would
        String expected = new String(text.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                java.nio.charset.StandardCharsets.UTF_8);
        assertThat(decoded.textValue()).isEqualTo(expected);
    }

    @Property(tries = 200)
    void mathRandom_isAlwaysInRange(@ForAll @IntRange(min = -1000, max = 1000) int start,
                                    @ForAll @IntRange(min = 1, max = 1000) int width,
                                    @ForAll @IntRange(min = -50, max = 50) int seed) {
        int value = IntrinsicFunctions.evaluate("States.MathRandom($.s, $.e, $.seed)", Scope.of(
                Json.MAPPER.valueToTree(Map.of("s", start, "e", start + width, "seed", seed)), null, Map.of()))
                .intValue();
        assertThat(value).isGreaterThanOrEqualTo(start).isLessThan(start + width);
    }

    private static JsonNode eval(String call, String input) {
        assertThat(IntrinsicFunctions.check(call)).as("check(%s)", call).isEmpty();
        return IntrinsicFunctions.evaluate(call, Json.input(input));
    }

    private static StatesFailure failure(String call, String input) {
        StatesFailure failure = catchThrowableOfType(StatesFailure.class,
                () -> IntrinsicFunctions.evaluate(call, Json.input(input)));
        assertThat(failure).as("%s should fail", call).isNotNull();
        // Step Functions reports intrinsic function errors as States.Runtime, not States.IntrinsicFailure
        assertThat(failure.error()).isEqualTo("States.Runtime");
        return failure;
    }

    @Nested
    class Generic {
        @Test
        void format_withALiteralTemplate() {
            assertThat(eval("States.Format('Hello, my name is {}.', $.name)", "{\"name\": \"Arnav\"}"))
                    .isEqualTo(parse("\"Hello, my name is Arnav.\""));
        }

        @Test
        void format_withATemplateFromThePath() {
            assertThat(eval("States.Format($.template, $.name)",
                    "{\"name\": \"Arnav\", \"template\": \"Hello, my name is {}.\"}"))
                    .isEqualTo(parse("\"Hello, my name is Arnav.\""));
        }

        @Test
        void format_printsValuesAsStepFunctionsDoes() {
            JsonNode out = eval("States.Format('{}|{}|{}|{}|{}|{}', $.s, $.i, $.d, $.b, $.n, $.o)",
                    "{\"s\": \"text\", \"i\": 1, \"d\": 1.1, \"b\": true, \"n\": null, "
                            + "\"o\": {\"Arg1\": 1, \"Arg2\": [], \"Arg3\": [\"x\", {\"y\": null}]}}");
            assertThat(out.asText()).isEqualTo("text|1|1.1|true|null|{Arg1=1, Arg2=[], Arg3=[x, {y=null}]}");
        }

        @Test
        void format_escapedBracesAndQuotesAreText() {
            // JSON "States.Format('It\\'s \\{\\} {}', $.x)" — the escaped braces are no placeholder
            assertThat(eval("States.Format('It\\'s \\{\\} {} \\\\ done', $.x)", "{\"x\": \"ok\"}").asText())
                    .isEqualTo("It's {} ok \\ done");
        }

        @Test
        void format_readsTheContextObjectAndVariables() {
            Scope scope = Json.scope("{}", "{\"DayOfWeek\": \"TUESDAY\"}", Map.of("who", parse("\"Ana\"")));
            assertThat(IntrinsicFunctions.evaluate("States.Format('Today is {}, {}', $$.DayOfWeek, $who)", scope))
                    .isEqualTo(parse("\"Today is TUESDAY, Ana\""));
        }

        @Test
        void format_failsWhenThePlaceholdersAndValuesDisagree() {
            assertThat(IntrinsicFunctions.check("States.Format('{} and {}', $.a)")).singleElement().asString()
                    .contains("the template has 2 placeholders '{}' but 1 value follows it");
            StatesFailure failure = failure("States.Format($.t, $.a)", "{\"t\": \"{}{}\", \"a\": 1}");
            assertThat(failure.causeText()).isEqualTo("The function 'States.Format($.t, $.a)' had the following "
                    + "error: the template has 2 placeholders '{}' but 1 value follows it; pass exactly one value per "
                    + "'{}' (write \\{ or \\} for a literal brace)");
        }

        @Test
        void format_failsWhenTheTemplateIsNoString() {
            assertThat(IntrinsicFunctions.check("States.Format(42)")).singleElement().asString()
                    .contains("the template (first argument) must be a string, but it is a number (42)");
            assertThat(failure("States.Format($.t)", "{\"t\": [1]}").causeText())
                    .endsWith("the template (first argument) must be a string, but it is an array ([1])");
        }

        @Test
        void nestedCalls_buildAVersionFromAnArn() {
            // the developer guide nests up to ten calls in one field, e.g. to pick parts of an image recipe ARN
            String call = "States.Format('{}.{}.{}', "
                    + "States.ArrayGetItem(States.StringSplit(States.ArrayGetItem(States.StringSplit($.ImageRecipe.Arn, '/'), 2), '.'), 0), "
                    + "States.ArrayGetItem(States.StringSplit(States.ArrayGetItem(States.StringSplit($.ImageRecipe.Arn, '/'), 2), '.'), 1), "
                    + "States.ArrayGetItem(States.StringSplit(States.ArrayGetItem(States.StringSplit($.ImageRecipe.Arn, '/'), 2), '.'), 2))";
            assertThat(eval(call, "{\"ImageRecipe\": {\"Arn\": "
                    + "\"arn:aws:imagebuilder:us-east-1:123456789012:image-recipe/my-recipe/1.0.2\"}}"))
                    .isEqualTo(parse("\"1.0.2\""));
        }
    }

    @Nested
    class JsonManipulation {
        @Test
        void stringToJson_parsesTheEscapedString() {
            assertThat(eval("States.StringToJson($.escapedJsonString)",
                    "{\"escapedJsonString\": \"{\\\"foo\\\": \\\"bar\\\"}\"}")).isEqualTo(parse("{\"foo\": \"bar\"}"));
        }

        @ParameterizedTest(name = "{0} => {1}")
        @CsvSource(delimiter = '|', value = {
                "null                    | null",
                "-0                      | 0",
                "1.1                     | 1.1",
                "true                    | true",
                "\"HelloWorld\"          | \"HelloWorld\"",
                "[1, 2, \"HelloWorld\"]  | [1, 2, \"HelloWorld\"]",
        })
        void stringToJson_parsesEveryKindOfJsonValue(String text, String expected) {
            ObjectNode input = Json.MAPPER.createObjectNode().put("s", text);
            assertThat(IntrinsicFunctions.evaluate("States.StringToJson($.s)", Json.input(input.toString())))
                    .isEqualTo(parse(expected));
        }

        @ParameterizedTest
        @ValueSource(strings = {"", " ", "\t\n"})
        void stringToJson_givesNull_forBlankText(String blank) {
            ObjectNode input = Json.MAPPER.createObjectNode().put("s", blank);
            assertThat(IntrinsicFunctions.evaluate("States.StringToJson($.s)", Json.input(input.toString())).isNull())
                    .isTrue();
        }

        @Test
        void stringToJson_failsOnTextThatIsNoJson() {
            assertThat(failure("States.StringToJson($.s)", "{\"s\": \"{oops\"}").causeText())
                    .startsWith("The function 'States.StringToJson($.s)' had the following error: the string is not "
                            + "valid JSON");
            assertThat(failure("States.StringToJson($.s)", "{\"s\": \"1 2\"}").causeText()).contains("not valid JSON");
            assertThat(failure("States.StringToJson($.s)", "{\"s\": 5}").causeText())
                    .endsWith("the argument must be a string, but it is a number (5)");
        }

        @Test
        void jsonToString_writesCompactJson() {
            assertThat(eval("States.JsonToString($.unescapedJson)", "{\"unescapedJson\": {\"foo\": \"bar\"}}"))
                    .isEqualTo(parse("\"{\\\"foo\\\":\\\"bar\\\"}\""));
            assertThat(eval("States.JsonToString($.n)", "{\"n\": [1, null, true]}")).isEqualTo(parse("\"[1,null,true]\""));
        }

        @Test
        void jsonMerge_mergesShallowly_theSecondObjectWinning() {
            assertThat(eval("States.JsonMerge($.json1, $.json2, false)", """
                    {"json1": {"a": {"a1": 1, "a2": 2}, "b": 2},
                     "json2": {"a": {"a3": 1, "a4": 2}, "c": 3}}
                    """)).isEqualTo(parse("{\"a\": {\"a3\": 1, \"a4\": 2}, \"b\": 2, \"c\": 3}"));
        }

        @Test
        void jsonMerge_refusesDeepMergeAndNonObjects() {
            assertThat(IntrinsicFunctions.check("States.JsonMerge($.a, $.b, true)")).singleElement().asString()
                    .contains("the deep-merge flag must be false");
            assertThat(failure("States.JsonMerge($.a, $.b, $.deep)", "{\"a\": {}, \"b\": {}, \"deep\": true}")
                    .causeText()).contains("the deep-merge flag must be false");
            assertThat(failure("States.JsonMerge($.a, $.b, false)", "{\"a\": {}, \"b\": [1]}").causeText())
                    .endsWith("the second object must be a JSON object, but it is an array ([1])");
            assertThat(IntrinsicFunctions.check("States.JsonMerge('x', $.b, false)")).singleElement().asString()
                    .contains("the first object must be an object, but it is a string (\"x\")");
        }

    }

    @Nested
    class Arrays {
        private static final String NINE = "{\"inputArray\": [1, 2, 3, 4, 5, 6, 7, 8, 9]}";

        @Test
        void array_collectsItsArguments() {
            assertThat(eval("States.Array($.Id)", "{\"Id\": 123456}")).isEqualTo(parse("[123456]"));
            assertThat(eval("States.Array()", "{}")).isEqualTo(parse("[]"));
            assertThat(eval("States.Array('a', 1, -2.5, true, false, null, $$, States.Array())", "{}"))
                    .isEqualTo(parse("[\"a\", 1, -2.5, true, false, null, {}, []]"));
        }

        @Test
        void arrayPartition_cutsIntoChunks() {
            assertThat(eval("States.ArrayPartition($.inputArray, 4)", NINE))
                    .isEqualTo(parse("[[1, 2, 3, 4], [5, 6, 7, 8], [9]]"));
            assertThat(eval("States.ArrayPartition($.e, 2)", "{\"e\": []}")).isEqualTo(parse("[]"));
        }

        @Test
        void arrayPartition_needsAPositiveIntegerChunkSize() {
            assertThat(IntrinsicFunctions.check("States.ArrayPartition($.a, 0)")).singleElement().asString()
                    .contains("the chunk size (second argument) must be a positive integer, but it is 0");
            assertThat(failure("States.ArrayPartition($.a, $.n)", "{\"a\": [1], \"n\": -1}").causeText())
                    .endsWith("the chunk size must be a positive integer, but it is -1");
            assertThat(failure("States.ArrayPartition($.a, $.n)", "{\"a\": [1], \"n\": 1.5}").causeText())
                    .endsWith("the chunk size (second argument) must be an integer, but it is a number (1.5)");
            assertThat(failure("States.ArrayPartition($.a, 2)", "{\"a\": \"abc\"}").causeText())
                    .endsWith("the array (first argument) must be an array, but it is a string (\"abc\")");
        }

        @Test
        void arrayContains_findsEqualValues() {
            assertThat(eval("States.ArrayContains($.inputArray, $.lookingFor)",
                    "{\"inputArray\": [1, 2, 3, 4, 5, 6, 7, 8, 9], \"lookingFor\": 5}")).isEqualTo(parse("true"));
            assertThat(eval("States.ArrayContains($.a, 10)", "{\"a\": [1, 2]}")).isEqualTo(parse("false"));
            assertThat(eval("States.ArrayContains($.a, $.v)", "{\"a\": [{\"x\": [1, 2]}], \"v\": {\"x\": [1, 2]}}"))
                    .isEqualTo(parse("true"));
            assertThat(eval("States.ArrayContains($.a, 2)", "{\"a\": [2.0]}")).isEqualTo(parse("true"));
            assertThat(eval("States.ArrayContains($.a, null)", "{\"a\": []}")).isEqualTo(parse("false"));
            assertThat(failure("States.ArrayContains($.a, 1)", "{\"a\": {\"x\": 1}}").causeText())
                    .endsWith("the array (first argument) must be an array, but it is an object ({\"x\":1})");
        }

        @ParameterizedTest(name = "ArrayRange({0}) = {1}")
        @CsvSource(delimiter = '|', value = {
                "1, 9, 2   | [1, 3, 5, 7, 9]",
                "0, 9, 3   | [0, 3, 6, 9]",
                "0, 10, 3  | [0, 3, 6, 9]",
                "1, 9, 9   | [1]",
                "9, 1, -4  | [9, 5, 1]",
                "5, 1, 1   | []",
                "-3, -1, 1 | [-3, -2, -1]",
        })
        void arrayRange_countsFromStartToEndInclusive(String arguments, String expected) {
            assertThat(eval("States.ArrayRange(" + arguments + ")", "{}")).isEqualTo(parse(expected));
        }

        @Test
        void arrayRange_allowsAtMost1000Items() {
            assertThat(eval("States.ArrayRange(1, 1000, 1)", "{}").size()).isEqualTo(1000);
            assertThat(IntrinsicFunctions.check("States.ArrayRange(1, 1001, 1)")).singleElement().asString()
                    .contains("the range would hold 1001 items; Step Functions allows at most 1000");
            assertThat(failure("States.ArrayRange(0, $.end, 1)", "{\"end\": 5000}").causeText())
                    .contains("the range would hold 5001 items");
        }

        @Test
        void arrayRange_needsIntegersAndANonZeroStep() {
            assertThat(IntrinsicFunctions.check("States.ArrayRange(1, 9, 0)")).singleElement().asString()
                    .contains("the step (third argument) must not be 0");
            assertThat(IntrinsicFunctions.check("States.ArrayRange(1.5, 9, 1)")).singleElement().asString()
                    .contains("the start (first argument) must be an integer, but it is a number (1.5)");
            assertThat(failure("States.ArrayRange(1, $.e, 1)", "{\"e\": \"9\"}").causeText())
                    .endsWith("the end (second argument) must be an integer, but it is a string (\"9\")");
            assertThat(failure("States.ArrayRange(1, 9, $.s)", "{\"s\": 0}").causeText())
                    .endsWith("the step must not be 0");
        }

        @Test
        void arrayGetItem_returnsTheItemAtAZeroBasedIndex() {
            assertThat(eval("States.ArrayGetItem($.inputArray, $.index)",
                    "{\"inputArray\": [1, 2, 3, 4, 5, 6, 7, 8, 9], \"index\": 5}")).isEqualTo(parse("6"));
        }

        @Test
        void arrayGetItem_failsOutsideTheArray() {
            assertThat(failure("States.ArrayGetItem($.inputArray, 9)", NINE).causeText())
                    .isEqualTo("The function 'States.ArrayGetItem($.inputArray, 9)' had the following error: the "
                            + "index 9 is out of bounds for an array of 9 items (indexes start at 0)");
            assertThat(IntrinsicFunctions.check("States.ArrayGetItem($.a, -1)")).singleElement().asString()
                    .contains("must not be negative");
            assertThat(failure("States.ArrayGetItem($.inputArray, $.i)", "{\"inputArray\": [1], \"i\": -1}")
                    .causeText()).contains("the index -1 is out of bounds");
        }

        @Test
        void arrayLength_countsTheItems() {
            assertThat(eval("States.ArrayLength($.inputArray)", NINE)).isEqualTo(parse("9"));
            assertThat(eval("States.ArrayLength($.e)", "{\"e\": []}")).isEqualTo(parse("0"));
            assertThat(failure("States.ArrayLength($.s)", "{\"s\": \"abc\"}").causeText())
                    .endsWith("the argument must be an array, but it is a string (\"abc\")");
        }

        @Test
        void arrayUnique_dropsRepeats_keepingTheFirstOccurrence() {
            assertThat(eval("States.ArrayUnique($.inputArray)", "{\"inputArray\": [1, 2, 3, 3, 3, 3, 3, 3, 4]}"))
                    .isEqualTo(parse("[1, 2, 3, 4]"));
            assertThat(eval("States.ArrayUnique($.a)", """
                    {"a": [null, null, true, true, false, 1, 1.0, 1.1, 0, -0, "HelloWorld", "HelloWorld", [], [],
                           [null], [null], {"a": 1, "b": 2}, {"b": 2, "a": 1}, {"a": 1, "b": 1}]}
                    """)).isEqualTo(parse("""
                    [null, true, false, 1, 1.1, 0, "HelloWorld", [], [null], {"a": 1, "b": 2}, {"a": 1, "b": 1}]
                    """));
        }
    }

    @Nested
    class EncodingAndHashing {
        @Test
        void base64Encode_andDecode_theGuidesExample() {
            assertThat(eval("States.Base64Encode($.input)", "{\"input\": \"Data to encode\"}"))
                    .isEqualTo(parse("\"RGF0YSB0byBlbmNvZGU=\""));
            assertThat(eval("States.Base64Decode($.base64)", "{\"base64\": \"RGF0YSB0byBlbmNvZGU=\"}"))
                    .isEqualTo(parse("\"Data to encode\""));
        }

        @Test
        void base64_usesUtf8() {
            assertThat(eval("States.Base64Encode('Grüße ✓')", "{}")).isEqualTo(parse("\"R3LDvMOfZSDinJM=\""));
            assertThat(eval("States.Base64Decode('R3LDvMOfZSDinJM=')", "{}")).isEqualTo(parse("\"Grüße ✓\""));
        }

        @Test
        void base64_limitsInputTo10000Characters() {
            String big = "{\"t\": \"" + "a".repeat(10_001) + "\"}";
            assertThat(failure("States.Base64Encode($.t)", big).causeText())
                    .endsWith("the text to encode is 10001 characters long; the limit is 10000");
            assertThat(failure("States.Base64Decode($.t)", big).causeText())
                    .endsWith("the Base64 text to decode is 10001 characters long; the limit is 10000");
            assertThat(eval("States.Base64Encode($.t)", "{\"t\": \"" + "a".repeat(10_000) + "\"}").isTextual())
                    .isTrue();
        }

        @Test
        void base64Decode_failsOnInvalidInput() {
            assertThat(failure("States.Base64Decode($.t)", "{\"t\": \"not base64!\"}").causeText())
                    .contains("the argument is not valid Base64");
            assertThat(failure("States.Base64Decode($.t)", "{\"t\": \"/w==\"}").causeText())
                    .endsWith("the decoded bytes are not UTF-8 text");
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', value = {
                "MD5     | 812f45842bc6d66ee14572ce20db8e86",
                "SHA-1   | aaff4a450a104cd177d28d18d74485e8cae074b7",
                "SHA-256 | b4a697a057313163aee33cd8d40c66e9f0f177e00cac2de32475ffff6169c3e3",
                "SHA-384 | d28a7d5cf25a74f11a50a18452b75e04bb3d70c9dd0510d6123aa008c756511b87525bdc835ebb27e1fb9e9374a15562",
                "SHA-512 | 6ce4adb348546d4f449c4d25aad9a7c9cb711d9e91982d3f0b29ca2f3f47d4ce2deba23bf2954f0f1d593fc50283731a533d30d425402d4f91316d871303aac4",
        })
        void hash_computesEveryOfferedAlgorithm(String algorithm, String hex) {
            assertThat(eval("States.Hash($.Data, $.Algorithm)",
                    "{\"Data\": \"input data\", \"Algorithm\": \"" + algorithm + "\"}")).isEqualTo(parse("\"" + hex + "\""));
        }

        @Test
        void hash_refusesUnknownAlgorithmsAndLongInput() {
            assertThat(IntrinsicFunctions.check("States.Hash($.d, 'SHA256')")).singleElement().asString()
                    .contains("'SHA256' is not a hash algorithm Step Functions offers; use one of MD5, SHA-1, "
                            + "SHA-256, SHA-384, SHA-512");
            assertThat(failure("States.Hash($.d, $.a)", "{\"d\": \"x\", \"a\": \"sha-1\"}").causeText())
                    .contains("'sha-1' is not a hash algorithm");
            assertThat(failure("States.Hash($.d, 'MD5')", "{\"d\": \"" + "x".repeat(10_001) + "\"}").causeText())
                    .endsWith("the data to hash is 10001 characters long; the limit is 10000");
            assertThat(failure("States.Hash($.d, 'MD5')", "{\"d\": 12}").causeText())
                    .endsWith("the data (first argument) must be a string, but it is a number (12)");
        }
    }

    @Nested
    class MathAndStrings {
        @Test
        void mathAdd_addsTwoIntegers() {
            assertThat(eval("States.MathAdd($.value1, $.step)", "{\"value1\": 111, \"step\": -1}"))
                    .isEqualTo(parse("110"));
            assertThat(eval("States.MathAdd(2147483647, 1)", "{}")).isEqualTo(parse("2147483648"));
        }

        @Test
        void mathAdd_roundsNonIntegersToTheNearestInteger() {
            assertThat(eval("States.MathAdd(1.5, 2.4)", "{}")).isEqualTo(parse("4"));
            assertThat(eval("States.MathAdd(-2.5, 0)", "{}")).isEqualTo(parse("-2"));
        }

        @Test
        void mathAdd_refusesNonNumbersAndValuesBeyondInt() {
            assertThat(IntrinsicFunctions.check("States.MathAdd('1', 2)")).singleElement().asString()
                    .contains("the first number must be a number, but it is a string (\"1\")");
            assertThat(failure("States.MathAdd($.a, 1)", "{\"a\": 2147483648}").causeText())
                    .endsWith("the first number must be an integer from -2147483648 to 2147483647, but it is "
                            + "2147483648");
        }

        @Test
        void mathRandom_staysWithinStartInclusiveAndEndExclusive() {
            Set<Integer> seen = new HashSet<>();
            for (int i = 0; i < 400; i++) {
                int value = eval("States.MathRandom($.start, $.end)", "{\"start\": 1, \"end\": 4}").intValue();
                assertThat(value).isBetween(1, 3);
                seen.add(value);
            }
            assertThat(seen).containsExactlyInAnyOrder(1, 2, 3);
        }

        @Test
        void mathRandom_withASeed_isRepeatable() {
            JsonNode first = eval("States.MathRandom(1, 999, 42)", "{}");
            for (int i = 0; i < 5; i++) {
                assertThat(eval("States.MathRandom(1, 999, 42)", "{}")).isEqualTo(first);
            }
            assertThat(first.intValue()).isBetween(1, 998);
        }

        @Test
        void mathRandom_refusesAnEmptyRange() {
            assertThat(failure("States.MathRandom(5, 5)", "{}").causeText())
                    .endsWith("the start (5) must be less than the end (5): the end is exclusive");
            assertThat(IntrinsicFunctions.check("States.MathRandom(1)")).singleElement().asString()
                    .contains("passes 1 argument, but States.MathRandom(start, end[, seed]) takes 2 to 3");
        }

        @ParameterizedTest(name = "split {0} by {1}")
        @CsvSource(delimiter = '|', value = {
                "1,2,3,4,5              | ,     | [\"1\",\"2\",\"3\",\"4\",\"5\"]",
                "This.is+a,test=string  | .+,=  | [\"This\",\"is\",\"a\",\"test\",\"string\"]",
                ",,a,,b,,               | ,     | [\"a\",\"b\"]",
                "no-delimiter           | ,     | [\"no-delimiter\"]",
        })
        void stringSplit_splitsAtAnyDelimiterCharacter(String text, String delimiters, String expected) {
            ObjectNode input = Json.MAPPER.createObjectNode().put("inputString", text).put("splitter", delimiters);
            assertThat(IntrinsicFunctions.evaluate("States.StringSplit($.inputString, $.splitter)",
                    Json.input(input.toString()))).isEqualTo(parse(expected));
        }

        @Test
        void stringSplit_needsStrings() {
            assertThat(failure("States.StringSplit($.t, ',')", "{\"t\": [1]}").causeText())
                    .endsWith("the text (first argument) must be a string, but it is an array ([1])");
        }

        @Test
        void uuid_isARandomVersion4Uuid() {
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < 50; i++) {
                String uuid = eval("States.UUID()", "{}").textValue();
                assertThat(uuid).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
                seen.add(uuid);
            }
            assertThat(seen).hasSize(50);
            assertThat(IntrinsicFunctions.check("States.UUID(1)")).singleElement().asString()
                    .contains("takes 0");
        }
    }

    @Nested
    class CallsAndArguments {
        @Test
        void pathArgument_thatSelectsNothing_failsWithTheCauseStepFunctionsGives() {
            StatesFailure failure = failure("States.Array($.optional)", "{\"requiredProperty\": 1}");
            assertThat(failure.causeText()).isEqualTo("The function 'States.Array($.optional)' had the following "
                    + "error: The JsonPath argument for the field '$.optional' could not be found in the input '{\n"
                    + "    \"requiredProperty\": 1\n}'");
        }

        @Test
        void failure_namesTheInnermostCallThatFailed() {
            assertThat(failure("States.Format('{}', States.ArrayGetItem($.a, 3))", "{\"a\": [1]}").causeText())
                    .startsWith("The function 'States.ArrayGetItem($.a, 3)' had the following error:");
        }

        @Test
        void arguments_mayCarryFiltersAndBracketsWithCommas() {
            assertThat(eval("States.Array($.items[?(@.tag == 'a,b')].id, $['odd,key'])",
                    "{\"items\": [{\"tag\": \"a,b\", \"id\": 1}, {\"tag\": \"c\", \"id\": 2}], \"odd,key\": 3}"))
                    .isEqualTo(parse("[[1], 3]"));
        }

        @Test
        void whitespace_betweenTokensIsAllowed() {
            assertThat(eval("States.Array(  1 ,'a'  ,  $.x )  ", "{\"x\": 2}")).isEqualTo(parse("[1, \"a\", 2]"));
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
                "States.Nope($.a)                 | 'States.Nope' is not an intrinsic function; use one of States.Format",
                "States.ArrayLength($.a, $.b)     | passes 2 arguments, but States.ArrayLength(array) takes 1",
                "States.Format('abc               | the string starting here is not closed",
                "States.Format('a\\nb')           | '\\n' is not an escape",
                "States.Format(\"x\")             | quoted with ' (single quotes)",
                "States.Array(1,)                 | unexpected ')'",
                "States.Array(1) extra            | unexpected 'extra' after the closing ')'",
                "States.Array(1                   | is not closed with ')'",
                "States.Array(@)                  | unexpected '@'",
                "States.Array($.a[)               | unclosed '['",
                "States.Array(1.)                 | a decimal point must be followed by digits",
                "States.Array(truex)              | unexpected 't'",
                "States.(1)                       | a function name must follow 'States.'",
        })
        void check_reportsSyntaxAndNameProblems(String call, String problem) {
            assertThat(IntrinsicFunctions.check(call)).isNotEmpty().first().asString().contains(problem);
            assertThatThrownBy(() -> IntrinsicFunctions.compile(call)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(problem);
        }

        @Test
        void check_refusesNestingDeeperThanTen() {
            String ten = "States.Array(".repeat(10) + ")".repeat(10);
            String eleven = "States.Array(".repeat(11) + ")".repeat(11);
            assertThat(IntrinsicFunctions.check(ten)).isEmpty();
            assertThat(IntrinsicFunctions.check(eleven)).singleElement().asString()
                    .contains("nests intrinsic functions more than 10 deep");
        }

        @Test
        void check_collectsEveryProblemOfACall() {
            assertThat(IntrinsicFunctions.check("States.Array(States.Nope(), States.ArrayRange(1, 2), $.a[)"))
                    .hasSize(3);
        }

        @Test
        void payloadTemplate_evaluatesIntrinsicsInDotDollarFields() {
            // ASL specification: "formattedOutput.$": "States.Format('Today is {}', $$.DayOfWeek)"
            JsonNode template = parse("""
                    {"flagged": true,
                     "parts": {"first.$": "$.vals[0]", "last3.$": "$.vals[-3:]"},
                     "weekday.$": "$$.DayOfWeek",
                     "formattedOutput.$": "States.Format('Today is {}', $$.DayOfWeek)"}
                    """);
            Scope scope = Json.scope("{\"flagged\": 7, \"vals\": [0, 10, 20, 30, 40, 50]}",
                    "{\"DayOfWeek\": \"TUESDAY\"}", Map.of());
            assertThat(PayloadTemplates.apply(template, scope)).isEqualTo(parse("""
                    {"flagged": true, "parts": {"first": 0, "last3": [30, 40, 50]}, "weekday": "TUESDAY",
                     "formattedOutput": "Today is TUESDAY"}
                    """));
            assertThat(PayloadTemplates.check(parse("{\"x.$\": \"States.Format('{}')\"}"), "$.P"))
                    .singleElement().asString().contains("$.P['x.$']").contains("placeholder");
        }

        @Test
        void names_listsAllEighteenFunctions() {
            assertThat(IntrinsicFunctions.names()).containsExactly("States.Format", "States.StringToJson",
                    "States.JsonToString", "States.Array", "States.ArrayPartition", "States.ArrayContains",
                    "States.ArrayRange", "States.ArrayGetItem", "States.ArrayLength", "States.ArrayUnique",
                    "States.Base64Encode", "States.Base64Decode", "States.Hash", "States.JsonMerge",
                    "States.MathRandom", "States.MathAdd", "States.StringSplit", "States.UUID");
        }
    }
}
