package dev.countersign.local.engine.expr;

import static dev.countersign.local.engine.expr.Json.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.local.engine.DefinitionProblem;
import dev.countersign.local.engine.StatesFailure;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The JSONata query language of Step Functions: {@code {% %}} templates, {@code $states} and variables, the functions
 * Step Functions adds, errors as States.QueryEvaluationError, and the JSONata equivalents of the Choice operators and
 * the intrinsic functions of the JSONPath language.
 */
class JsonataConformanceTest {
    private static final Scope SCOPE = new Scope(
            parse("""
                    {"customer": {"name": "Ana", "tier": "gold"}, "amount": 1200, "rate": 0.5, "items": [
                      {"sku": "A", "qty": 2, "price": 10}, {"sku": "B", "qty": 1, "price": 99.5}],
                     "empty": [], "nothing": null, "when": "2016-03-14T01:59:00Z", "file": "foo23.log",
                     "json": "{\\"a\\": [1, 2]}", "flag": true}
                    """),
            parse("{\"Payload\": {\"status\": \"APPROVED\"}}"),
            parse("{\"Error\": \"States.Timeout\", \"Cause\": \"late\"}"),
            parse("{\"Execution\": {\"Id\": \"arn:exec\"}, \"State\": {\"Name\": \"Gate\"}}"),
            Map.of("approver", parse("{\"email\": \"ana@example.com\"}"), "limit", parse("1000"),
                    "tags", parse("[\"x\", \"y\"]")));

    private static JsonNode eval(String expression) {
        return Jsonata.evaluate(Json.MAPPER.getNodeFactory().textNode(expression), SCOPE);
    }

    private static StatesFailure failure(String template, String field) {
        StatesFailure failure = catchThrowableOfType(StatesFailure.class,
                () -> Jsonata.evaluate(parse(template), SCOPE, field));
        assertThat(failure).as("%s should fail", template).isNotNull();
        assertThat(failure.error()).isEqualTo("States.QueryEvaluationError");
        return failure;
    }

    // Properties sit at the top level: jqwik does not discover @Property methods inside JUnit @Nested classes.
    @Property(tries = 100)
    void partition_chunksReassembleTheArray(@ForAll @IntRange(min = 1, max = 30) int length,
                                            @ForAll @IntRange(min = 1, max = 7) int size) {
        Scope scope = Scope.of(parse("{}"), parse("{}"), Map.of("n", parse(Integer.toString(length)),
                "size", parse(Integer.toString(size))));
        JsonNode flattened = Jsonata.evaluate(parse("\"{% $reduce($partition([1..$n], $size), $append, []) %}\""),
                scope);
        JsonNode expected = Jsonata.evaluate(parse("\"{% [1..$n] %}\""), scope);
        assertThat(flattened).isEqualTo(expected.isArray() ? expected : parse("[" + expected + "]"));
    }

    @Property(tries = 100)
    void range_matchesTheIntrinsicArrayRange(@ForAll @IntRange(min = -20, max = 20) int start,
                                             @ForAll @IntRange(min = -20, max = 20) int end,
                                             @ForAll @IntRange(min = 1, max = 5) int step) {
        int signed = start <= end ? step : -step;
        JsonNode intrinsic = IntrinsicFunctions.evaluate(
                "States.ArrayRange(" + start + ", " + end + ", " + signed + ")", SCOPE);
        JsonNode jsonata = Jsonata.evaluate(parse("\"{% $append([], $range(" + start + ", " + end + ", " + signed
                + ")) %}\""), SCOPE);
        assertThat(jsonata).isEqualTo(intrinsic);
    }

    @Nested
    class Templates {
        @Test
        void states_bindsInputResultErrorOutputAndContext() {
            assertThat(eval("{% $states.input.customer.name %}")).isEqualTo(parse("\"Ana\""));
            assertThat(eval("{% $states.result.Payload.status %}")).isEqualTo(parse("\"APPROVED\""));
            assertThat(eval("{% $states.errorOutput.Error %}")).isEqualTo(parse("\"States.Timeout\""));
            assertThat(eval("{% $states.context.Execution.Id %}")).isEqualTo(parse("\"arn:exec\""));
        }

        @Test
        void variables_areBoundByName() {
            assertThat(eval("{% $approver.email %}")).isEqualTo(parse("\"ana@example.com\""));
            assertThat(eval("{% $states.input.amount > $limit %}")).isEqualTo(parse("true"));
            assertThat(eval("{% $count($tags) %}")).isEqualTo(parse("2"));
        }

        @Test
        void objectsAndArrays_areWalked_andOtherValuesCopied() {
            JsonNode template = parse("""
                    {"to": "{% $approver.email %}", "static": {"n": 1, "s": "plain {% not at start"},
                     "lines": ["{% $states.input.items[0].sku %}", 7, {"total": "{% $sum($states.input.items.(qty * price)) %}"}],
                     "spaced": " {% 1 %} "}
                    """);
            assertThat(Jsonata.evaluate(template, SCOPE)).isEqualTo(parse("""
                    {"to": "ana@example.com", "static": {"n": 1, "s": "plain {% not at start"},
                     "lines": ["A", 7, {"total": 119.5}], "spaced": " {% 1 %} "}
                    """));
        }

        @Test
        void wholeValue_mayBeOneExpression() {
            assertThat(Jsonata.evaluate(parse("\"{% $states.input.customer %}\""), SCOPE))
                    .isEqualTo(parse("{\"name\": \"Ana\", \"tier\": \"gold\"}"));
        }

        @ParameterizedTest(name = "{0} => {1}")
        @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
                "{% 1 + 1 %}                         | 2",
                "{% 7 / 2 %}                         | 3.5",
                "{% 6 / 2 %}                         | 3",
                "{% 1.0 %}                           | 1",
                "{% $states.input.amount * 2 %}      | 2400",
                "{% $states.input.rate * 4 %}        | 2",
                "{% 10000000000 %}                   | 10000000000",
                "{% [1, 2.5, 'x', true, null] %}     | [1, 2.5, \"x\", true, null]",
                "{% {'a': [1, {'b': null}]} %}       | {\"a\": [1, {\"b\": null}]}",
                "{% null %}                          | null",
                "{% $states.input.nothing %}         | null",
                "{% $states.input.empty %}           | []",
        })
        void numbers_stayIntegersWhenWhole_andNullIsAValue(String expression, String expected) {
            JsonNode result = eval(expression);
            // 2 must come back as an integer node, not 2.0: outputs are compared and printed as JSON
            assertThat(result).isEqualTo(parse(expected));
            assertThat(result.toString()).isEqualTo(parse(expected).toString());
        }

        @Test
        void compile_isReusable_andIndependentOfEarlierEvaluations() {
            Jsonata.Template template = Jsonata.compile(parse("{\"who\": \"{% $states.input.name %}\"}"), "Output");
            assertThat(template.evaluate(Json.input("{\"name\": \"a\"}"))).isEqualTo(parse("{\"who\": \"a\"}"));
            assertThat(template.evaluate(Json.input("{\"name\": \"b\"}"))).isEqualTo(parse("{\"who\": \"b\"}"));
            assertThat(template.field()).isEqualTo("Output");
        }

        @Test
        void evaluation_isSafeFromManyThreadsAtOnce() throws Exception {
            Jsonata.Template template = Jsonata.compile(parse(
                    "{\"double\": \"{% $states.input.n * 2 %}\", \"label\": \"{% 'n' & $string($states.input.n) %}\"}"),
                    "Output");
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<Boolean>> results = new ArrayList<>();
                for (int i = 0; i < 400; i++) {
                    int n = i;
                    results.add(pool.submit(() -> template.evaluate(Json.input("{\"n\": " + n + "}"))
                            .equals(parse("{\"double\": " + (2 * n) + ", \"label\": \"n" + n + "\"}"))));
                }
                for (Future<Boolean> result : results) {
                    assertThat(result.get()).isTrue();
                }
            } finally {
                pool.shutdown();
            }
        }

        @Test
        void definitionNodes_areNeverHandedOut() {
            Jsonata.Template template = Jsonata.compile(parse("{\"static\": {\"n\": 1}, \"x\": \"{% 1 %}\"}"), null);
            ((ObjectNode) template.evaluate(SCOPE).get("static")).put("n", 2);
            assertThat(template.evaluate(SCOPE).get("static")).isEqualTo(parse("{\"n\": 1}"));
        }
    }

    @Nested
    class Errors {
        @Test
        void undefined_failsNamingTheExpressionAndTheField() {
            StatesFailure failure = failure("{\"Input\": {\"pushLocation\": \"{% $states.input.pushLocation %}\"}}",
                    "Arguments");
            // Step Functions' wording, seen in real execution histories
            assertThat(failure.causeText()).isEqualTo("The JSONata expression '$states.input.pushLocation' "
                    + "specified for the field 'Arguments/Input/pushLocation' returned nothing (undefined).");
        }

        @Test
        void undefined_insideAnArray_namesTheIndex() {
            assertThat(failure("{\"a\": [1, \"{% $nope %}\"]}", "Output").causeText())
                    .contains("specified for the field 'Output/a[1]' returned nothing (undefined).");
        }

        @Test
        void undefined_fromAnEmptySelectionOrAFalseCondition() {
            assertThat(failure("\"{% $states.input.items[price > 1000] %}\"", "Output").causeText())
                    .endsWith("returned nothing (undefined).");
            assertThat(failure("\"{% $states.input.flag ? $nope : 1 %}\"", "Output").causeText())
                    .endsWith("returned nothing (undefined).");
            assertThat(failure("\"{% $ %}\"", "Output").causeText()).endsWith("returned nothing (undefined).");
        }

        @Test
        void runtimeError_failsWithTheEnginesCodeAndMessage() {
            assertThat(failure("\"{% $number('abc') %}\"", "Output").causeText())
                    .startsWith("The JSONata expression '$number('abc')' specified for the field 'Output' threw an "
                            + "error during evaluation. ")
                    .endsWith("D3030: Unable to cast value to a number: \"abc\"");
            assertThat(failure("\"{% 'a' + 1 %}\"", "Output").causeText()).contains("T2001");
        }

        @Test
        void functionResult_isNotJson() {
            assertThat(failure("\"{% function($x) { $x } %}\"", "Output").causeText())
                    .contains("returned an unsupported result type (a function)");
        }

        @Test
        void endlessRecursion_isStopped() {
            assertThat(failure("\"{% ($f := function($n) { $f($n + 1) }; $f(0)) %}\"", "Output").causeText())
                    .contains("threw an error during evaluation");
        }

        @Test
        void eval_isNotOffered() {
            assertThatThrownBy(() -> Jsonata.evaluate(parse("\"{% $eval('1 + 1') %}\""), SCOPE, "Output"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("calls $eval");
            assertThat(Jsonata.check(parse("\"{% $eval('1') %}\""), "$.S.Output")).singleElement()
                    .extracting(DefinitionProblem::message).asString().contains("calls $eval");
            assertThat(Jsonata.check(parse("\"{% '$eval(' & $evaluation %}\""), "$.S.Output")).isEmpty();
        }
    }

    @Nested
    class Conditions {
        @ParameterizedTest(name = "{0} is {1}")
        @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
                // StringEquals / StringLessThan / StringGreaterThanEquals
                "{% $states.input.customer.tier = 'gold' %}                        | true",
                "{% $states.input.customer.tier = 'silver' %}                      | false",
                "{% $states.input.customer.tier < 'h' %}                           | true",
                "{% $states.input.customer.tier >= 'h' %}                          | false",
                // StringMatches: a regular expression replaces the * wildcard
                "{% $contains($states.input.file, /^foo.*\\.log$/) %}              | true",
                "{% $contains($states.input.file, /^bar.*\\.log$/) %}              | false",
                // NumericEquals / NumericLessThan / NumericGreaterThanEqualsPath
                "{% $states.input.amount = 1200 %}                                 | true",
                "{% $states.input.amount < 1000 %}                                 | false",
                "{% $states.input.amount >= $limit %}                              | true",
                // BooleanEquals
                "{% $states.input.flag = true %}                                   | true",
                // TimestampLessThan / TimestampEquals
                "{% $toMillis($states.input.when) < $toMillis('2020-01-01T00:00:00Z') %} | true",
                "{% $toMillis($states.input.when) = $toMillis('2016-03-14T02:59:00+01:00') %} | true",
                // IsNull / IsPresent / IsNumeric / IsString / IsBoolean
                "{% $states.input.nothing = null %}                                | true",
                "{% $exists($states.input.nothing) %}                              | true",
                "{% $exists($states.input.missing) %}                              | false",
                "{% $type($states.input.amount) = 'number' %}                      | true",
                "{% $type($states.input.customer.name) = 'string' %}               | true",
                "{% $type($states.input.flag) = 'boolean' %}                       | true",
                // And / Or / Not
                "{% $states.input.amount > 100 and $states.input.customer.tier = 'gold' %} | true",
                "{% $states.input.amount > 5000 or $states.input.flag %}           | true",
                "{% $not($states.input.flag) %}                                    | false",
        })
        void condition_coversEveryChoiceOperator(String condition, boolean expected) {
            assertThat(Jsonata.condition(condition, SCOPE)).isEqualTo(expected);
        }

        @Test
        void typeMismatch_isFalseForEquality_asWithTheJsonPathOperators() {
            assertThat(Jsonata.condition("{% $states.input.amount = '1200' %}", SCOPE)).isFalse();
        }

        @Test
        void condition_mustReturnABoolean() {
            StatesFailure failure = catchThrowableOfType(StatesFailure.class,
                    () -> Jsonata.condition("{% $states.input.amount %}", SCOPE, "Choices[0]/Condition"));
            assertThat(failure.error()).isEqualTo("States.QueryEvaluationError");
            assertThat(failure.causeText()).isEqualTo("The JSONata expression '$states.input.amount' specified for "
                    + "the field 'Choices[0]/Condition' returned a number (1200), but a Condition must return true "
                    + "or false.");
        }

        @Test
        void condition_onAMissingValue_failsAsUndefined() {
            assertThatThrownBy(() -> Jsonata.condition("{% $states.input.missing %}", SCOPE))
                    .isInstanceOf(StatesFailure.class)
                    .hasMessageContaining("specified for the field 'Condition' returned nothing (undefined).");
        }

        @Test
        void compileCondition_isReusable() {
            Jsonata.Condition approved = Jsonata.compileCondition(
                    "{% $states.input.decision.outcome = 'APPROVED' %}", "Choices[0]/Condition");
            assertThat(approved.test(Json.input("{\"decision\": {\"outcome\": \"APPROVED\"}}"))).isTrue();
            assertThat(approved.test(Json.input("{\"decision\": {\"outcome\": \"REJECTED\"}}"))).isFalse();
        }
    }

    @Nested
    class StepFunctionsFunctions {
        @Test
        void partition_cutsIntoChunks() {
            assertThat(eval("{% $partition([1, 2, 3, 4, 5, 6, 7, 8, 9], 3) %}"))
                    .isEqualTo(parse("[[1, 2, 3], [4, 5, 6], [7, 8, 9]]"));
            assertThat(eval("{% $partition([1, 2, 3], 2) %}")).isEqualTo(parse("[[1, 2], [3]]"));
            assertThat(failure("\"{% $partition([1], 0) %}\"", "Output").causeText())
                    .contains("$partition: the chunk size must be a positive integer, but it is 0");
            assertThat(failure("\"{% $partition($states.input.empty, 2) %}\"", "Output").causeText())
                    .contains("$partition: the array is empty");
        }

        @Test
        void range_countsFromStartToEndInclusive() {
            assertThat(eval("{% $range(0, 10, 2) %}")).isEqualTo(parse("[0, 2, 4, 6, 8, 10]"));
            assertThat(eval("{% $range(9, 1, -4) %}")).isEqualTo(parse("[9, 5, 1]"));
            assertThat(failure("\"{% $range(1, 9, 0) %}\"", "Output").causeText()).contains("the step must not be 0");
            assertThat(failure("\"{% $range(1, 9, 0.5) %}\"", "Output").causeText())
                    .contains("the step (third argument) must be an integer, but it is a number (0.5)");
            assertThat(failure("\"{% $range(1, 2000, 1) %}\"", "Output").causeText())
                    .contains("the range would hold 2000 items");
        }

        @Test
        void hash_matchesStatesHash() {
            assertThat(eval("{% $hash('input data', 'SHA-1') %}"))
                    .isEqualTo(parse("\"aaff4a450a104cd177d28d18d74485e8cae074b7\""));
            assertThat(eval("{% $hash($states.input.customer.name, 'SHA-256') %}"))
                    .isEqualTo(IntrinsicFunctions.evaluate("States.Hash($.customer.name, 'SHA-256')", SCOPE));
            assertThat(failure("\"{% $hash('x', 'SHA256') %}\"", "Output").causeText())
                    .contains("'SHA256' is not a hash algorithm Step Functions offers");
        }

        @Test
        void random_isBetweenZeroAndOne_andRepeatableWithASeed() {
            for (int i = 0; i < 50; i++) {
                assertThat(eval("{% $random() %}").doubleValue()).isGreaterThanOrEqualTo(0).isLessThan(1);
            }
            JsonNode seeded = eval("{% $random(42) %}");
            assertThat(eval("{% $random(42) %}")).isEqualTo(seeded);
            assertThat(eval("{% $random(43) %}")).isNotEqualTo(seeded);
            assertThat(failure("\"{% $random('x') %}\"", "Output").causeText())
                    .contains("$random: the seed must be an integer");
        }

        @Test
        void uuid_isARandomVersion4Uuid() {
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < 20; i++) {
                String uuid = eval("{% $uuid() %}").textValue();
                assertThat(uuid).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
                seen.add(uuid);
            }
            assertThat(seen).hasSize(20);
        }

        @Test
        void parse_readsJsonText() {
            assertThat(eval("{% $parse($states.input.json) %}")).isEqualTo(parse("{\"a\": [1, 2]}"));
            assertThat(eval("{% $parse($states.input.json).a[1] %}")).isEqualTo(parse("2"));
            assertThat(failure("\"{% $parse('{oops') %}\"", "Output").causeText()).contains("not valid JSON");
        }
    }

    @Nested
    class IntrinsicEquivalents {
        @ParameterizedTest(name = "{0} == {1}")
        @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
                "{% 'Hello, ' & $states.input.customer.name %}              | States.Format('Hello, {}', $.customer.name)",
                "{% $string($states.input.customer) %}                      | States.JsonToString($.customer)",
                "{% [$states.input.amount, $states.input.customer.tier] %}  | States.Array($.amount, $.customer.tier)",
                "{% $states.input.items[1].sku %}                           | States.ArrayGetItem($.items[*].sku, 1)",
                "{% $count($states.input.items) %}                          | States.ArrayLength($.items)",
                "{% 'A' in $states.input.items.sku %}                       | States.ArrayContains($.items[*].sku, 'A')",
                "{% $distinct([1, 2, 2, 3]) %}                              | States.ArrayUnique(States.Array(1, 2, 2, 3))",
                "{% $base64encode('Data to encode') %}                      | States.Base64Encode('Data to encode')",
                "{% $base64decode('RGF0YSB0byBlbmNvZGU=') %}                | States.Base64Decode('RGF0YSB0byBlbmNvZGU=')",
                "{% $merge([{'a': 1, 'b': 2}, {'b': 3}]) %}                 | States.JsonMerge(States.StringToJson('{\"a\": 1, \"b\": 2}'), States.StringToJson('{\"b\": 3}'), false)",
                "{% $split('1,2,3', ',') %}                                 | States.StringSplit('1,2,3', ',')",
                "{% $states.input.amount + (-1) %}                          | States.MathAdd($.amount, -1)",
                "{% $parse($states.input.json) %}                           | States.StringToJson($.json)",
        })
        void jsonata_matchesTheIntrinsicFunction(String expression, String intrinsic) {
            assertThat(eval(expression)).isEqualTo(IntrinsicFunctions.evaluate(intrinsic, SCOPE));
        }
    }

    @Nested
    class Checking {
        @Test
        void check_acceptsValidTemplates() {
            assertThat(Jsonata.check(parse("""
                    {"a": "{% $states.input.x %}", "b": ["{% $sum([1, 2]) %}", "text"], "c": 1,
                     "d": "{% ($x := 1; $x + 1) %}"}
                    """), "$.States.S.Output")).isEmpty();
        }

        @Test
        void check_reportsSyntaxErrorsWithTheirLocation() {
            List<DefinitionProblem> problems = Jsonata.check(parse("""
                    {"a": "{% 1 + %}", "b": ["ok", "{% $foo( %}"], "c": {"d": "{% %}"}, "e": "{% 'open %}"}
                    """), "$.States.S.Arguments");
            assertThat(problems).extracting(DefinitionProblem::path).containsExactly(
                    "$.States.S.Arguments.a", "$.States.S.Arguments.b[1]", "$.States.S.Arguments.c.d",
                    "$.States.S.Arguments.e");
            assertThat(problems.get(0).message())
                    .isEqualTo("the JSONata expression '1 +' is not valid: S0207: Unexpected end of expression "
                            + "(at position 3)");
            assertThat(problems.get(1).message()).contains("S0203").contains("\")\"");
            assertThat(problems.get(2).message()).contains("the JSONata expression is empty");
            assertThat(problems.get(3).message()).contains("S0101");
        }

        @Test
        void check_leavesTextWithMisplacedDelimitersAsPlainText() {
            JsonNode template = parse("[\" {% 1 %}\", \"{% 1\", \"a {% 1 %}\", \"{%}\"]");
            // Step Functions only evaluates a string that starts with {% and ends with %}; anything else is text
            assertThat(Jsonata.check(template, "$.O")).isEmpty();
            assertThat(Jsonata.evaluate(template, SCOPE)).isEqualTo(template);
        }

        @Test
        void compile_refusesAnInvalidTemplate() {
            assertThatThrownBy(() -> Jsonata.compile(parse("\"{% 1 + %}\""), "Output"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("S0207");
            assertThatThrownBy(() -> Jsonata.compileCondition("{% ( %}", "Condition"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not valid");
        }

        @Test
        void isExpression_needsBothDelimitersWithNothingAround() {
            assertThat(Jsonata.isExpression("{% 1 %}")).isTrue();
            assertThat(Jsonata.isExpression("{%1%}")).isTrue();
            assertThat(Jsonata.isExpression(" {% 1 %}")).isFalse();
            assertThat(Jsonata.isExpression("{% 1")).isFalse();
            assertThat(Jsonata.isExpression("{%}")).isFalse();
        }
    }
}
