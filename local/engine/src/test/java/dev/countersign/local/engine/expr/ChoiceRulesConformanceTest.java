package dev.countersign.local.engine.expr;

import static dev.countersign.local.engine.expr.Json.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.local.engine.DefinitionProblem;
import dev.countersign.local.engine.StatesFailure;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The Choice state's rules, as the ASL specification and the Step Functions developer guide define them. */
class ChoiceRulesConformanceTest {

    private static boolean matches(String rule, String input) {
        return ChoiceRules.parse(parse(rule)).matches(Json.input(input));
    }

    /** operator, operand, value of $.v, expected — true cases, false cases and type mismatches for every operator. */
    static Stream<Arguments> comparisons() {
        return Stream.of(
                // strings
                Arguments.of("StringEquals", "\"approve\"", "\"approve\"", true),
                Arguments.of("StringEquals", "\"approve\"", "\"reject\"", false),
                Arguments.of("StringEquals", "\"1\"", "1", false),
                Arguments.of("StringLessThan", "\"b\"", "\"a\"", true),
                Arguments.of("StringLessThan", "\"b\"", "\"b\"", false),
                Arguments.of("StringLessThan", "\"b\"", "true", false),
                Arguments.of("StringGreaterThan", "\"b\"", "\"c\"", true),
                Arguments.of("StringGreaterThan", "\"b\"", "\"a\"", false),
                Arguments.of("StringGreaterThan", "\"b\"", "null", false),
                Arguments.of("StringLessThanEquals", "\"b\"", "\"b\"", true),
                Arguments.of("StringLessThanEquals", "\"b\"", "\"c\"", false),
                Arguments.of("StringLessThanEquals", "\"b\"", "[\"a\"]", false),
                Arguments.of("StringGreaterThanEquals", "\"b\"", "\"b\"", true),
                Arguments.of("StringGreaterThanEquals", "\"b\"", "\"a\"", false),
                Arguments.of("StringGreaterThanEquals", "\"b\"", "{\"b\": 1}", false),
                Arguments.of("StringMatches", "\"foo*.log\"", "\"foo23.log\"", true),
                Arguments.of("StringMatches", "\"foo*.log\"", "\"foo23.txt\"", false),
                Arguments.of("StringMatches", "\"*\"", "7", false),
                // numbers
                Arguments.of("NumericEquals", "3", "3.0", true),
                Arguments.of("NumericEquals", "3", "4", false),
                Arguments.of("NumericEquals", "3", "\"3\"", false),
                Arguments.of("NumericLessThan", "3", "2.5", true),
                Arguments.of("NumericLessThan", "3", "3", false),
                Arguments.of("NumericLessThan", "3", "\"2\"", false),
                Arguments.of("NumericGreaterThan", "3", "12345678901234567890", true),
                Arguments.of("NumericGreaterThan", "3", "-1", false),
                Arguments.of("NumericGreaterThan", "3", "true", false),
                Arguments.of("NumericLessThanEquals", "3", "3", true),
                Arguments.of("NumericLessThanEquals", "3", "3.0001", false),
                Arguments.of("NumericLessThanEquals", "3", "null", false),
                Arguments.of("NumericGreaterThanEquals", "0.1", "0.1", true),
                Arguments.of("NumericGreaterThanEquals", "0.1", "0.09", false),
                Arguments.of("NumericGreaterThanEquals", "0.1", "[1]", false),
                // booleans
                Arguments.of("BooleanEquals", "true", "true", true),
                Arguments.of("BooleanEquals", "true", "false", false),
                Arguments.of("BooleanEquals", "true", "\"true\"", false),
                // timestamps
                Arguments.of("TimestampEquals", "\"2016-03-14T01:59:00Z\"", "\"2016-03-14T02:59:00+01:00\"", true),
                Arguments.of("TimestampEquals", "\"2016-03-14T01:59:00Z\"", "\"2016-03-14T01:59:01Z\"", false),
                Arguments.of("TimestampEquals", "\"2016-03-14T01:59:00Z\"", "\"2016-03-14 01:59:00Z\"", false),
                Arguments.of("TimestampLessThan", "\"2016-03-14T01:59:00Z\"", "\"2016-03-14T01:58:59.999Z\"", true),
                Arguments.of("TimestampLessThan", "\"2016-03-14T01:59:00Z\"", "\"2016-03-14T01:59:00Z\"", false),
                Arguments.of("TimestampLessThan", "\"2016-03-14T01:59:00Z\"", "1457920740", false),
                Arguments.of("TimestampGreaterThan", "\"2016-03-14T01:59:00Z\"", "\"2020-01-01T00:00:00Z\"", true),
                Arguments.of("TimestampGreaterThan", "\"2016-03-14T01:59:00Z\"", "\"2010-01-01T00:00:00Z\"", false),
                Arguments.of("TimestampGreaterThan", "\"2016-03-14T01:59:00Z\"", "\"2020-01-01t00:00:00z\"", false),
                Arguments.of("TimestampLessThanEquals", "\"2016-03-14T01:59:00Z\"", "\"2016-03-14T01:59:00Z\"",
                        true),
                Arguments.of("TimestampLessThanEquals", "\"2016-03-14T01:59:00Z\"", "\"2016-03-15T00:00:00Z\"",
                        false),
                Arguments.of("TimestampLessThanEquals", "\"2016-03-14T01:59:00Z\"", "\"2016-02-30T00:00:00Z\"",
                        false),
                Arguments.of("TimestampGreaterThanEquals", "\"2016-03-14T01:59:00Z\"", "\"2016-03-14T01:59:00Z\"",
                        true),
                Arguments.of("TimestampGreaterThanEquals", "\"2016-03-14T01:59:00Z\"", "\"2016-03-14T00:00:00Z\"",
                        false),
                Arguments.of("TimestampGreaterThanEquals", "\"2016-03-14T01:59:00Z\"", "false", false),
                // kind tests
                Arguments.of("IsNull", "true", "null", true),
                Arguments.of("IsNull", "true", "0", false),
                Arguments.of("IsNull", "false", "\"\"", true),
                Arguments.of("IsNumeric", "true", "1.5", true),
                Arguments.of("IsNumeric", "true", "\"1.5\"", false),
                Arguments.of("IsNumeric", "false", "\"1.5\"", true),
                Arguments.of("IsString", "true", "\"\"", true),
                Arguments.of("IsString", "true", "null", false),
                Arguments.of("IsString", "false", "1", true),
                Arguments.of("IsBoolean", "true", "false", true),
                Arguments.of("IsBoolean", "true", "\"false\"", false),
                Arguments.of("IsBoolean", "false", "0", true),
                Arguments.of("IsTimestamp", "true", "\"2016-03-14T01:59:00.123456789-07:00\"", true),
                Arguments.of("IsTimestamp", "true", "\"2016-03-14\"", false),
                Arguments.of("IsTimestamp", "false", "42", true),
                Arguments.of("IsPresent", "true", "null", true),
                Arguments.of("IsPresent", "false", "{}", false));
    }

    @ParameterizedTest(name = "{0}: {1} against {2} is {3}")
    @MethodSource("comparisons")
    void literalOperator_comparesTheVariable(String operator, String operand, String value, boolean expected) {
        String rule = "{\"Variable\": \"$.v\", \"" + operator + "\": " + operand + "}";
        assertThat(ChoiceRules.check(parse(rule), "$.rule")).isEmpty();
        assertThat(matches(rule, "{\"v\": " + value + "}")).isEqualTo(expected);
    }

    static Stream<Arguments> pathForms() {
        return comparisons()
                .filter(arguments -> !((String) arguments.get()[0]).startsWith("Is")
                        && !arguments.get()[0].equals("StringMatches"));
    }

    @ParameterizedTest(name = "{0}Path: $.other = {1} against {2} is {3}")
    @MethodSource("pathForms")
    void pathOperator_comparesTheVariableWithTheValueAtThePath(String operator, String operand, String value,
                                                               boolean expected) {
        String rule = "{\"Variable\": \"$.v\", \"" + operator + "Path\": \"$.other\"}";
        assertThat(ChoiceRules.check(parse(rule), "$.rule")).isEmpty();
        assertThat(matches(rule, "{\"v\": " + value + ", \"other\": " + operand + "}")).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}Path with a {1} operand is false")
    @CsvSource(delimiter = '|', value = {
            "StringEquals    | 1",
            "NumericEquals   | \"1\"",
            "BooleanEquals   | \"true\"",
            "TimestampEquals | \"yesterday\"",
    })
    void pathOperator_isFalse_whenTheOperandPathHoldsTheWrongType(String operator, String operand) {
        // a type mismatch on the operand side is no match either, never an error
        String rule = "{\"Variable\": \"$.v\", \"" + operator + "Path\": \"$.other\"}";
        assertThat(matches(rule, "{\"v\": 1, \"other\": " + operand + "}")).isFalse();
        assertThat(matches(rule, "{\"v\": \"1\", \"other\": " + operand + "}")).isFalse();
    }

    @ParameterizedTest(name = "{0} on a missing Variable fails")
    @MethodSource("everyOperatorButIsPresent")
    void operator_failsWithStatesRuntime_whenTheVariableSelectsNothing(String operator, String operand) {
        String rule = "{\"Variable\": \"$.missing\", \"" + operator + "\": " + operand + "}";
        assertThatThrownBy(() -> matches(rule, "{\"other\": 1}"))
                .isInstanceOf(StatesFailure.class)
                .satisfies(e -> {
                    assertThat(((StatesFailure) e).error()).isEqualTo("States.Runtime");
                    assertThat(((StatesFailure) e).causeText()).isEqualTo(
                            "Invalid path '$.missing': The choice state's condition path references an invalid value.");
                });
    }

    static Stream<Arguments> everyOperatorButIsPresent() {
        Map<Object, Object> operandByOperator = new java.util.LinkedHashMap<>();
        comparisons().filter(a -> !a.get()[0].equals("IsPresent"))
                .forEach(a -> operandByOperator.putIfAbsent(a.get()[0], a.get()[1]));
        pathForms().forEach(a -> operandByOperator.putIfAbsent(a.get()[0] + "Path", "\"$.other\""));
        return operandByOperator.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    @Test
    void isPresent_isTheOneTestThatToleratesAMissingVariable() {
        assertThat(matches("{\"Variable\": \"$.missing\", \"IsPresent\": false}", "{}")).isTrue();
        assertThat(matches("{\"Variable\": \"$.missing\", \"IsPresent\": true}", "{}")).isFalse();
        assertThat(matches("{\"Variable\": \"$.here\", \"IsPresent\": true}", "{\"here\": null}")).isTrue();
    }

    @Test
    void pathOperator_failsWithStatesRuntime_whenTheComparisonPathSelectsNothing() {
        assertThatThrownBy(() -> matches("{\"Variable\": \"$.v\", \"NumericEqualsPath\": \"$.gone\"}", "{\"v\": 1}"))
                .isInstanceOf(StatesFailure.class)
                .hasMessage("States.Runtime: Invalid path '$.gone': The choice state's comparison path references an "
                        + "invalid value.");
    }

    @Nested
    class StringMatchesPatterns {
        @ParameterizedTest(name = "{0} ~ {1} is {2}")
        @CsvSource(delimiter = '|', value = {
                // the specification's examples
                "foo*.log     | foo23.log       | true",
                "*.log        | zebra.log       | true",
                "foo*.*       | foobar.zebra    | true",
                // edges
                "*            | ''              | true",
                "a*b*c        | abc             | true",
                "a*b*c        | aXbYbZc         | true",
                "a*b*c        | acb             | false",
                "ab*ba        | aba             | false",
                "no-star      | no-star         | true",
                "no-star      | no-stars        | false",
                "**           | anything        | true",
        })
        void stringMatches_treatsStarAsAnyRunOfCharacters(String pattern, String text, boolean expected) {
            assertThat(matches("{\"Variable\": \"$.v\", \"StringMatches\": \"" + pattern + "\"}",
                    "{\"v\": \"" + text + "\"}")).isEqualTo(expected);
        }

        @Test
        void stringMatches_escapedStarAndBackslashAreLiteral() {
            // JSON "\\*" is the pattern \* : a literal star, not a wildcard
            String literalStar = "{\"Variable\": \"$.v\", \"StringMatches\": \"2\\\\*3\"}";
            assertThat(matches(literalStar, "{\"v\": \"2*3\"}")).isTrue();
            assertThat(matches(literalStar, "{\"v\": \"2x3\"}")).isFalse();
            String literalBackslash = "{\"Variable\": \"$.v\", \"StringMatches\": \"C:\\\\\\\\*\"}";
            assertThat(matches(literalBackslash, "{\"v\": \"C:\\\\temp\"}")).isTrue();
            assertThat(matches(literalBackslash, "{\"v\": \"C:temp\"}")).isFalse();
        }
    }

    @Nested
    class Combinations {
        private static final String GUIDE_CHOICES = """
                [{"Not": {"Variable": "$.type", "StringEquals": "Private"}, "Next": "Public"},
                 {"Variable": "$.value", "NumericEquals": 0, "Next": "ValueIsZero"},
                 {"And": [{"Variable": "$.value", "NumericGreaterThanEquals": 20},
                          {"Variable": "$.value", "NumericLessThan": 30}], "Next": "ValueInTwenties"}]
                """;

        private String firstMatch(String input) {
            JsonNode choices = parse(GUIDE_CHOICES);
            for (JsonNode choice : choices) {
                if (ChoiceRules.parse(choice).matches(Json.input(input))) {
                    return choice.get("Next").asText();
                }
            }
            return "Default";
        }

        @ParameterizedTest(name = "{0} goes to {1}")
        @CsvSource(delimiter = '|', value = {
                "{\"type\": \"Private\", \"value\": 22} | ValueInTwenties",
                "{\"type\": \"Private\", \"value\": 0}  | ValueIsZero",
                "{\"type\": \"Public\", \"value\": 22}  | Public",
                "{\"type\": \"Private\", \"value\": 30} | Default",
        })
        void guideExample_picksTheFirstMatchingRule(String input, String next) {
            assertThat(firstMatch(input)).isEqualTo(next);
        }

        @Test
        void andOrNot_nestToAnyDepth() {
            String rule = """
                    {"Or": [{"And": [{"Variable": "$.risk", "StringEquals": "low"},
                                     {"Not": {"Variable": "$.amount", "NumericGreaterThan": 1000}}]},
                            {"Variable": "$.override", "BooleanEquals": true}]}
                    """;
            assertThat(matches(rule, "{\"risk\": \"low\", \"amount\": 10, \"override\": false}")).isTrue();
            assertThat(matches(rule, "{\"risk\": \"low\", \"amount\": 5000, \"override\": false}")).isFalse();
            assertThat(matches(rule, "{\"risk\": \"high\", \"amount\": 5000, \"override\": true}")).isTrue();
        }

        @Test
        void and_stopsAtTheFirstFalseRule() {
            // the second rule would fail on its missing Variable: AWS evaluates And left to right and stops early
            String rule = "{\"And\": [{\"Variable\": \"$.a\", \"IsPresent\": true}, "
                    + "{\"Variable\": \"$.a\", \"StringEquals\": \"x\"}]}";
            assertThat(matches(rule, "{}")).isFalse();
        }

        @Test
        void variable_mayBeAContextPathOrAWorkflowVariable() {
            ChoiceRules.ChoiceRule onContext = ChoiceRules.parse(parse(
                    "{\"Variable\": \"$$.State.RetryCount\", \"NumericGreaterThan\": 2}"));
            ChoiceRules.ChoiceRule onVariable = ChoiceRules.parse(parse(
                    "{\"Variable\": \"$decision.outcome\", \"StringEqualsPath\": \"$expected\"}"));
            Scope scope = Json.scope("{}", "{\"State\": {\"RetryCount\": 3}}",
                    Map.of("decision", parse("{\"outcome\": \"APPROVED\"}"), "expected", parse("\"APPROVED\"")));
            assertThat(onContext.matches(scope)).isTrue();
            assertThat(onVariable.matches(scope)).isTrue();
        }
    }

    @Nested
    class Checking {
        @Test
        void check_ignoresTheTopLevelFieldsTheInterpreterReads() {
            assertThat(ChoiceRules.check(parse("""
                    {"Variable": "$.a", "StringEquals": "x", "Next": "B", "Comment": "c", "Assign": {"x": 1}}
                    """), "$.States.C.Choices[0]")).isEmpty();
        }

        @Test
        void check_reportsEveryProblem_withItsLocation() {
            List<DefinitionProblem> problems = ChoiceRules.check(parse("""
                    {"And": [
                       {"Variable": "$.a"},
                       {"Variable": "$.a", "StringEquals": "x", "NumericEquals": 1},
                       {"Variable": "$.a", "StringEqual": "x"},
                       {"Variable": "$.a", "NumericEquals": "1"},
                       {"Variable": "a.b", "BooleanEquals": true},
                       {"Variable": "$.a", "TimestampEquals": "2016-03-14 01:59:00"},
                       {"Variable": "$.a", "StringEqualsPath": "$.b["},
                       {"Or": []},
                       {"Not": {"StringEquals": "x"}},
                       {"Variable": "$.a", "IsNull": "yes", "Next": "X"}
                     ],
                     "Next": "Done"}
                    """), "$.States.C.Choices[0]");

            assertThat(problems).extracting(DefinitionProblem::toString).containsExactly(
                    "$.States.C.Choices[0].And[0]: the choice rule has no operator: add a comparison such as "
                            + "\"StringEquals\" (with \"Variable\"), or \"And\", \"Or\" or \"Not\"",
                    "$.States.C.Choices[0].And[1]: the choice rule has 2 operators (StringEquals, NumericEquals); "
                            + "a rule holds exactly one: combine tests with \"And\" or \"Or\"",
                    "$.States.C.Choices[0].And[2].StringEqual: unknown choice rule field \"StringEqual\"; "
                            + "did you mean \"StringEquals\"?",
                    "$.States.C.Choices[0].And[2]: the choice rule has no operator: add a comparison such as "
                            + "\"StringEquals\" (with \"Variable\"), or \"And\", \"Or\" or \"Not\"",
                    "$.States.C.Choices[0].And[3].NumericEquals: \"NumericEquals\" needs a number, but the value is "
                            + "a string (\"1\")",
                    "$.States.C.Choices[0].And[4].Variable: 'a.b' is not a Path: a Path starts with '$' (input), "
                            + "'$$' (context object) or '$name' (a variable)",
                    "$.States.C.Choices[0].And[5].TimestampEquals: \"TimestampEquals\" needs an RFC 3339 timestamp "
                            + "with an uppercase 'T' and 'Z' or a numeric offset, such as \"2016-03-14T01:59:00Z\", "
                            + "but the value is a string (\"2016-03-14 01:59:00\")",
                    "$.States.C.Choices[0].And[6].StringEqualsPath: '$.b[': unclosed '[' at position 3",
                    "$.States.C.Choices[0].And[7].Or: \"Or\" must hold at least one choice rule",
                    "$.States.C.Choices[0].And[8].Not: \"StringEquals\" needs a \"Variable\": the Path of the value "
                            + "to test, such as \"$.decision.outcome\"",
                    "$.States.C.Choices[0].And[9].Next: \"Next\" is only allowed in a top-level choice rule, not "
                            + "inside \"And\", \"Or\" or \"Not\"",
                    "$.States.C.Choices[0].And[9].IsNull: \"IsNull\" needs true or false, but the value is a string "
                            + "(\"yes\")");
        }

        @Test
        void check_refusesVariableBesideACombinator_andNonArrayOperands() {
            assertThat(ChoiceRules.check(parse("{\"Variable\": \"$.a\", \"And\": {}}"), "$.r"))
                    .extracting(DefinitionProblem::message)
                    .containsExactly("\"Variable\" is not allowed beside \"And\": put it in the nested rules",
                            "\"And\" must be an array of choice rules, but it is an object");
            assertThat(ChoiceRules.check(parse("\"StringEquals\""), "$.r")).extracting(DefinitionProblem::message)
                    .containsExactly("a choice rule must be an object, but it is a string");
        }

        @Test
        void check_pointsJsonataConditionsToTheirQueryLanguage() {
            assertThat(ChoiceRules.check(parse("{\"Condition\": \"{% true %}\"}"), "$.r"))
                    .extracting(DefinitionProblem::message)
                    .first().asString().contains("\"Condition\" belongs to JSONata states");
        }

        @Test
        void parse_refusesAnInvalidRule() {
            assertThatThrownBy(() -> ChoiceRules.parse(parse("{\"Variable\": \"$.a\"}")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("no operator");
        }

        @Test
        void operatorNames_listsEveryOperatorOfTheSpecification() {
            assertThat(ChoiceRules.operatorNames()).hasSize(42).contains("And", "Or", "Not", "StringMatches",
                    "IsPresent", "TimestampGreaterThanEqualsPath", "BooleanEqualsPath", "NumericLessThanPath");
        }
    }
}
