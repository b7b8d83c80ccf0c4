package dev.countersign.local.engine.expr;

import static dev.countersign.local.engine.expr.Json.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.local.engine.StatesFailure;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class JsonPathsTest {
    // Properties sit at the top level: jqwik does not discover @Property methods inside JUnit @Nested classes.
    @Property(tries = 200)
    void write_thenRead_givesTheValueBack(@ForAll @AlphaChars @StringLength(min = 1, max = 6) String first,
                                          @ForAll @AlphaChars @StringLength(min = 1, max = 6) String second,
                                          @ForAll @IntRange(min = -1000, max = 1000) int value) {
        String path = "$." + first + "['" + second + "']";
        JsonNode written = JsonPaths.write(parse("{\"keep\": true}"), path, parse(Integer.toString(value)));
        assertThat(JsonPaths.read(path, Json.input(written.toString()))).contains(parse(Integer.toString(value)));
        assertThat(written.get("keep").asBoolean()).isTrue();
    }
    private static final String DOC = """
            {"a": {"b": [1, 2, {"c": "x"}], "n": null, "s": "str", "dotted.key": 5, "my key": 6},
             "items": [{"p": 1, "tag": "x"}, {"p": 2, "tag": "y"}, {"p": 3, "tag": "x"}]}
            """;

    private static Optional<JsonNode> read(String path) {
        return JsonPaths.read(path, Json.input(DOC));
    }

    @Nested
    class Reading {
        @ParameterizedTest(name = "{0} selects {1}")
        @CsvSource(delimiter = '|', value = {
                "$.a.b[2].c           | \"x\"",
                "$['a']['s']          | \"str\"",
                "$[\"a\"].s           | \"str\"",
                "$.a['dotted.key']    | 5",
                "$.a['my key']        | 6",
                "$.a.b[-1]            | {\"c\":\"x\"}",
                "$.a.b[ 0 ]           | 1",
                "$.items[1].p         | 2",
        })
        void read_selectsTheNode_forDefinitePaths(String path, String expected) {
            assertThat(read(path)).contains(parse(expected));
        }

        @Test
        void read_returnsJsonNull_whenTheFieldHoldsNull() {
            // a null field is present: "selects nothing" would wrongly fail Parameters
            assertThat(read("$.a.n")).contains(parse("null"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"$.missing", "$.a.s.x", "$.a.b[5]", "$.a.b[-4]", "$.a.b.c", "$.a[0]", "$.items[9].p"})
        void read_isEmpty_whenADefinitePathSelectsNothing(String path) {
            assertThat(read(path)).isEmpty();
        }

        @ParameterizedTest(name = "{0} yields {1}")
        @CsvSource(delimiter = '|', value = {
                "$.items[*].p                  | [1,2,3]",
                "$.items[?(@.tag == 'x')].p    | [1,3]",
                "$.items[?(@.p > 5)]           | []",
                "$..c                          | [\"x\"]",
                "$.a.b[0:2]                    | [1,2]",
                "$.a.b[0,1]                    | [1,2]",
                "$.a.b[-2:]                    | [2,{\"c\":\"x\"}]",
        })
        void read_yieldsAnArray_forIndefinitePaths(String path, String expected) {
            JsonPaths.Path compiled = JsonPaths.compile(path);
            assertThat(compiled.definite()).isFalse();
            assertThat(compiled.read(Json.input(DOC))).contains(parse(expected));
        }

        @Test
        void read_convertsFunctionResultsToJson() {
            assertThat(read("$.items.length()")).contains(parse("3"));
        }

        @Test
        void read_readsTheContextObject_forDoubleDollarPaths() {
            Scope scope = Json.scope("{}", "{\"Execution\": {\"Id\": \"arn:x\"}}", Map.of());
            assertThat(JsonPaths.read("$$.Execution.Id", scope)).contains(parse("\"arn:x\""));
            assertThat(JsonPaths.read("$$", scope)).contains(scope.context());
        }

        @Test
        void read_readsVariables_withFollowingSteps() {
            Scope scope = Json.scope("{}", "{}", Map.of("order", parse("{\"lines\": [{\"sku\": \"A1\"}]}"),
                    "count", parse("42")));
            assertThat(JsonPaths.read("$count", scope)).contains(parse("42"));
            assertThat(JsonPaths.read("$order.lines[0].sku", scope)).contains(parse("\"A1\""));
            assertThat(JsonPaths.read("$order['lines'][0]", scope)).contains(parse("{\"sku\": \"A1\"}"));
            assertThat(JsonPaths.read("$order.lines[*].sku", scope)).contains(parse("[\"A1\"]"));
            assertThat(JsonPaths.read("$unknown.x", scope)).isEmpty();
        }

        @Test
        void compile_recognisesTheRoot() {
            assertThat(JsonPaths.compile("$.a").root()).isEqualTo(JsonPaths.Root.INPUT);
            assertThat(JsonPaths.compile("$").root()).isEqualTo(JsonPaths.Root.INPUT);
            assertThat(JsonPaths.compile("$$.a").root()).isEqualTo(JsonPaths.Root.CONTEXT);
            JsonPaths.Path variable = JsonPaths.compile("$total.sum");
            assertThat(variable.root()).isEqualTo(JsonPaths.Root.VARIABLE);
            assertThat(variable.variable()).isEqualTo("total");
        }

        @Test
        void compile_returnsTheSameInstance_forTheSameText() {
            assertThat(JsonPaths.compile("$.cached.path")).isSameAs(JsonPaths.compile("$.cached.path"));
        }

        @Test
        void require_failsWithTheCauseStepFunctionsGives_whenNothingIsSelected() {
            assertThatThrownBy(() -> JsonPaths.compile("$.foo").require(Json.input("{\"a\": 1}")))
                    .isInstanceOf(StatesFailure.class)
                    .satisfies(e -> {
                        StatesFailure failure = (StatesFailure) e;
                        assertThat(failure.error()).isEqualTo("States.Runtime");
                        assertThat(failure.causeText()).isEqualTo("Invalid path '$.foo' : No results for path: $['foo']");
                    });
        }

        @Test
        void require_namesTheVariable_whenItWasNeverAssigned() {
            assertThatThrownBy(() -> JsonPaths.compile("$late.x").require(Json.input("{}")))
                    .isInstanceOf(StatesFailure.class)
                    .hasMessageContaining("the variable '$late' has not been assigned");
        }
    }

    @Nested
    class Writing {
        @Test
        void write_replacesTheDocument_forDollar() {
            assertThat(JsonPaths.write(parse("{\"a\": 1}"), "$", parse("\"r\""))).isEqualTo(parse("\"r\""));
        }

        @Test
        void write_createsMissingIntermediateObjects() {
            assertThat(JsonPaths.write(parse("{\"a\": 1}"), "$.x.y.z", parse("7")))
                    .isEqualTo(parse("{\"a\": 1, \"x\": {\"y\": {\"z\": 7}}}"));
        }

        @Test
        void write_leavesTheOriginalDocumentUntouched() {
            JsonNode input = parse("{\"a\": {\"b\": 1}, \"keep\": [1]}");
            JsonNode before = input.deepCopy();
            JsonNode output = JsonPaths.write(input, "$.a.c", parse("2"));
            // the interpreter keeps the raw input for Catch/ResultPath; a write in place would corrupt it
            assertThat(input).isEqualTo(before);
            assertThat(output).isEqualTo(parse("{\"a\": {\"b\": 1, \"c\": 2}, \"keep\": [1]}"));
        }

        @Test
        void write_replacesAnArrayElement_whenTheIndexExists() {
            assertThat(JsonPaths.write(parse("{\"a\": [1, 2, 3]}"), "$.a[1]", parse("9")))
                    .isEqualTo(parse("{\"a\": [1, 9, 3]}"));
            assertThat(JsonPaths.write(parse("{\"a\": [1, {\"b\": 2}]}"), "$.a[-1].c", parse("9")))
                    .isEqualTo(parse("{\"a\": [1, {\"b\": 2, \"c\": 9}]}"));
        }

        @ParameterizedTest(name = "{1} into {0}")
        @CsvSource(delimiter = '|', value = {
                "\"foo\"                | $.x      | '$' is a string, not an object",
                "{\"a\": \"text\"}       | $.a.b    | '$.a' is a string, not an object",
                "{\"a\": [1]}            | $.a.b    | '$.a' is an array, not an object",
                "{\"a\": null}           | $.a.b    | '$.a' is null, not an object",
                "{\"a\": {\"b\": 1}}     | $.a[0]   | '$.a' is an object, not an array",
                "{\"a\": [1]}            | $.a[3]   | has 1 items, so index 3 does not exist",
        })
        void write_failsWithResultPathMatchFailure_whenTheDocumentCannotHoldTheResult(
                String input, String path, String detail) {
            assertThatThrownBy(() -> JsonPaths.write(parse(input), path, parse("1")))
                    .isInstanceOf(StatesFailure.class)
                    .satisfies(e -> {
                        StatesFailure failure = (StatesFailure) e;
                        assertThat(failure.error()).isEqualTo("States.ResultPathMatchFailure");
                        assertThat(failure.causeText()).startsWith("Unable to apply ResultPath '" + path + "'")
                                .contains(detail);
                    });
        }

        @Test
        void write_isRefused_forPathsThatAreNotReferencePaths() {
            assertThatThrownBy(() -> JsonPaths.write(parse("{}"), "$.a[*]", parse("1")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("not a Reference Path");
            assertThatThrownBy(() -> JsonPaths.write(parse("{}"), "$$.a", parse("1")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("cannot be written");
        }

    }

    @Nested
    class Checking {
        @ParameterizedTest
        @ValueSource(strings = {"$", "$.a", "$$", "$$.Execution.Input.x", "$var", "$var.a[0]", "$.a[?(@.b > 1)]",
                "$..x", "$.a[*]", "$.a.length()", "$['a b']", "$.a-b", "$.a[-1]", "$_private", "$ÿnicode.x"})
        void checkPath_acceptsValidPaths(String path) {
            assertThat(JsonPaths.checkPath(path)).isEmpty();
        }

        @ParameterizedTest(name = "{0}: {1}")
        @CsvSource(delimiter = '|', value = {
                "a.b          | starts with '$'",
                "''           | is empty",
                "$.           | must not end with '.'",
                "$..          | must not end with '..'",
                "$.a[         | unclosed '['",
                "$.a['b]      | unclosed quote",
                "$.a b        | unexpected ' '",
                "$.a[]        | empty brackets",
                "$$x          | unexpected 'x'",
                "$1abc        | must start with a letter",
                "$.a[?(@.b > 1] | unclosed '['",
        })
        void checkPath_reportsTheProblem(String path, String problem) {
            assertThat(JsonPaths.checkPath(path)).singleElement().asString().contains(problem);
        }

        @Test
        void checkPath_rejectsVariableNamesLongerThan80Characters() {
            assertThat(JsonPaths.checkPath("$" + "v".repeat(81))).singleElement().asString()
                    .contains("the limit is 80");
            assertThat(JsonPaths.checkPath("$" + "v".repeat(80))).isEmpty();
        }

        @ParameterizedTest
        @ValueSource(strings = {"$", "$.a", "$.a.b[0]", "$['a']", "$$.Execution.Input", "$var.x"})
        void checkReferencePath_acceptsPlainSteps(String path) {
            assertThat(JsonPaths.checkReferencePath(path)).isEmpty();
        }

        @ParameterizedTest
        @ValueSource(strings = {"$.a[*]", "$..a", "$.a[?(@.x)]", "$.a[0:1]", "$.a[0,1]", "$.a.length()", "$.*"})
        void checkReferencePath_rejectsOperatorsThatSelectSeveralNodes(String path) {
            assertThat(JsonPaths.checkReferencePath(path)).singleElement().asString()
                    .contains("not a Reference Path");
        }

        @Test
        void checkResultPath_rejectsContextAndVariableRoots() {
            assertThat(JsonPaths.checkResultPath("$.result")).isEmpty();
            assertThat(JsonPaths.checkResultPath("$$.x")).singleElement().asString().contains("context object");
            assertThat(JsonPaths.checkResultPath("$v.x")).singleElement().asString().contains("Assign");
        }
    }
}
