package dev.countersign.local.engine.expr;

import static dev.countersign.local.engine.expr.Json.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.local.engine.StatesFailure;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The input and output processing examples of the Amazon States Language specification and the Step Functions
 * developer guide, each building block (Path, Reference Path, payload template) checked against its documented
 * result. The interpreter's suite runs the whole InputPath → Parameters → ResultSelector → ResultPath → OutputPath
 * pipeline.
 */
class InputOutputProcessingConformanceTest {

    @Nested
    class ReferencePaths {
        private static final String INPUT = """
                {"foo": 123, "bar": ["a", "b", "c"], "car": {"cdr": true}}
                """;

        @ParameterizedTest(name = "{0} => {1}")
        @CsvSource(delimiter = '|', value = {
                "$.foo     | 123",
                "$.bar     | [\"a\", \"b\", \"c\"]",
                "$.car.cdr | true",
        })
        void referencePath_selectsTheDocumentedNode(String path, String expected) {
            assertThat(JsonPaths.checkReferencePath(path)).isEmpty();
            assertThat(JsonPaths.compileReference(path).read(Json.input(INPUT))).contains(parse(expected));
        }

        @Test
        void referencePath_refusesTheOperatorsTheGuideExcludes() {
            for (String path : new String[] {"$.bar[@.length-1]", "$..cdr", "$.bar[0,1]", "$.bar[0:1]",
                    "$.bar[?(@ == 'a')]", "$.bar[*]", "$.bar.length()"}) {
                assertThat(JsonPaths.checkReferencePath(path)).as(path).isNotEmpty();
            }
        }
    }

    @Nested
    class Paths {
        @Test
        void path_canYieldASelectionOfValues() {
            // developer guide: { "a": [1, 2, 3, 4] } with $.a[0:2] gives [ 1, 2 ]
            assertThat(JsonPaths.read("$.a[0:2]", Json.input("{\"a\": [1, 2, 3, 4]}"))).contains(parse("[1, 2]"));
        }

        @Test
        void inputPath_selectsDataset2() {
            JsonNode input = parse("""
                    {"comment": "Example for InputPath.",
                     "dataset1": {"val1": 1, "val2": 2, "val3": 3},
                     "dataset2": {"val1": "a", "val2": "b", "val3": "c"}}
                    """);
            assertThat(JsonPaths.compile("$.dataset2").require(Scope.of(input, null, Map.of())))
                    .isEqualTo(parse("{\"val1\": \"a\", \"val2\": \"b\", \"val3\": \"c\"}"));
        }

        @Test
        void inputResultAndOutputPaths_addNumbers() {
            // developer guide: InputPath $.numbers, the task returns 7, ResultPath $.sum, OutputPath $ then $.sum
            JsonNode input = parse("{\"title\": \"Numbers to add\", \"numbers\": {\"val1\": 3, \"val2\": 4}}");
            Scope scope = Scope.of(input, null, Map.of());
            JsonNode effectiveInput = JsonPaths.compile("$.numbers").require(scope);
            assertThat(effectiveInput).isEqualTo(parse("{\"val1\": 3, \"val2\": 4}"));

            JsonNode combined = JsonPaths.write(input, "$.sum", parse("7"));
            assertThat(JsonPaths.compile("$").require(scope.withInput(combined))).isEqualTo(parse(
                    "{\"title\": \"Numbers to add\", \"numbers\": {\"val1\": 3, \"val2\": 4}, \"sum\": 7}"));
            assertThat(JsonPaths.compile("$.sum").require(scope.withInput(combined))).isEqualTo(parse("7"));
        }

        @Test
        void outputPath_thatMatchesNothing_failsWithAnInvalidPathError() {
            assertThatThrownBy(() -> JsonPaths.compile("$.missing").require(Json.input("{\"a\": 1}")))
                    .isInstanceOf(StatesFailure.class)
                    .hasMessage("States.Runtime: Invalid path '$.missing' : No results for path: $['missing']");
        }
    }

    @Nested
    class PayloadTemplateExamples {
        @Test
        void specification_staticPayloadTemplate_isPassedAsItIs() {
            assertThat(PayloadTemplates.apply(parse("{\"first\": 88, \"second\": 99}"), Json.input("{}")))
                    .isEqualTo(parse("{\"first\": 88, \"second\": 99}"));
        }

        @Test
        void specification_payloadTemplate_withPathsAndContextObject() {
            JsonNode template = parse("""
                    {"flagged": true,
                     "parts": {"first.$": "$.vals[0]", "last3.$": "$.vals[-3:]"},
                     "weekday.$": "$$.DayOfWeek"}
                    """);
            Scope scope = Json.scope("{\"flagged\": 7, \"vals\": [0, 10, 20, 30, 40, 50]}",
                    "{\"DayOfWeek\": \"TUESDAY\"}", Map.of());

            assertThat(PayloadTemplates.apply(template, scope)).isEqualTo(parse("""
                    {"flagged": true, "parts": {"first": 0, "last3": [30, 40, 50]}, "weekday": "TUESDAY"}
                    """));
        }

        @Test
        void specification_olderVersionOfTheSameExample_withAnOpenSlice() {
            JsonNode template = parse("{\"parts\": {\"first.$\": \"$.vals[0]\", \"last3.$\": \"$.vals[3:]\"}}");
            assertThat(PayloadTemplates.apply(template, Json.input("{\"vals\": [0, 10, 20, 30, 40, 50]}")))
                    .isEqualTo(parse("{\"parts\": {\"first\": 0, \"last3\": [30, 40, 50]}}"));
        }

        @Test
        void guide_parameters_selectProductDetails() {
            JsonNode input = parse("""
                    {"comment": "Example for Parameters.",
                     "product": {"details": {"color": "blue", "size": "small", "material": "cotton"},
                                 "availability": "in stock", "sku": "2317", "cost": "$23"}}
                    """);
            JsonNode template = parse("""
                    {"comment": "Selecting what I care about.",
                     "MyDetails": {"size.$": "$.product.details.size", "exists.$": "$.product.availability",
                                   "StaticValue": "foo"}}
                    """);

            assertThat(PayloadTemplates.apply(template, Scope.of(input, null, Map.of()))).isEqualTo(parse("""
                    {"comment": "Selecting what I care about.",
                     "MyDetails": {"size": "small", "exists": "in stock", "StaticValue": "foo"}}
                    """));
        }

        @Test
        void guide_parameters_passTheMessageFromTheInput() {
            JsonNode input = parse("""
                    {"comment": "A message in the state input",
                     "input": {"message": "foo", "otherInfo": "bar"}, "data": "example"}
                    """);
            assertThat(PayloadTemplates.apply(parse("{\"Message.$\": \"$.input.message\"}"),
                    Scope.of(input, null, Map.of()))).isEqualTo(parse("{\"Message\": \"foo\"}"));
        }

        @Test
        void guide_parameters_passStaticJsonToAServiceApi() {
            JsonNode template = parse("""
                    {"TopicArn": "arn:aws:sns:us-east-1:123456789012:myTopic", "Message": "test message",
                     "MessageAttributes": {
                       "my attribute no 1": {"DataType": "String", "StringValue": "value of my attribute no 1"},
                       "my attribute no 2": {"DataType": "String", "StringValue": "value of my attribute no 2"}}}
                    """);
            assertThat(PayloadTemplates.apply(template, Json.input("{\"ignored\": true}"))).isEqualTo(template);
        }

        @Test
        void guide_contextObject_executionIdInAMessageBody() {
            JsonNode template = parse("""
                    {"QueueUrl": "https://sqs.us-east-1.amazonaws.com/123456789012/flight-purchase",
                     "MessageBody": {"From": "YVR", "To": "SEA", "Execution.$": "$$.Execution.Id"}}
                    """);
            Scope scope = Json.scope("{}", """
                    {"Execution": {"Id": "arn:aws:states:us-east-1:123456789012:execution:stateMachineName:executionName",
                                   "Input": {"key": "value"}, "Name": "executionName",
                                   "StartTime": "2019-03-26T20:14:13.192Z"},
                     "State": {"EnteredTime": "2019-03-26T20:14:13.192Z", "Name": "Test", "RetryCount": 3},
                     "StateMachine": {"Id": "arn:aws:states:us-east-1:123456789012:stateMachine:stateMachineName"},
                     "Task": {"Token": "h7XRiCdLtd/83p1E0dMccoxlzFhglsdkzpK9mBVKZsp7d9yrT1W"}}
                    """, Map.of());

            assertThat(PayloadTemplates.apply(template, scope).get("MessageBody")).isEqualTo(parse("""
                    {"From": "YVR", "To": "SEA",
                     "Execution": "arn:aws:states:us-east-1:123456789012:execution:stateMachineName:executionName"}
                    """));
        }

        @Test
        void guide_mapItemSelector_injectsIndexAndValueFromTheContextObject() {
            JsonNode template = parse("{\"ContextIndex.$\": \"$$.Map.Item.Index\", "
                    + "\"ContextValue.$\": \"$$.Map.Item.Value\"}");
            PayloadTemplates.Template selector = PayloadTemplates.compile(template);
            JsonNode items = parse("[{\"who\": \"bob\"}, {\"who\": \"meg\"}, {\"who\": \"joe\"}]");
            JsonNode expected = parse("""
                    [{"ContextValue": {"who": "bob"}, "ContextIndex": 0},
                     {"ContextValue": {"who": "meg"}, "ContextIndex": 1},
                     {"ContextValue": {"who": "joe"}, "ContextIndex": 2}]
                    """);

            for (int i = 0; i < items.size(); i++) {
                JsonNode context = parse("{\"Map\": {\"Item\": {\"Index\": " + i + ", \"Value\": "
                        + items.get(i) + "}}}");
                assertThat(selector.apply(Scope.of(items, context, Map.of()))).isEqualTo(expected.get(i));
            }
        }

        @Test
        void specification_mapItemSelector_combinesTheItemWithTheStateInput() {
            // ASL specification, Map state: InputPath $.detail, ItemsPath $.shipped
            JsonNode raw = parse("""
                    {"ship-date": "2016-03-14T01:59:00Z",
                     "detail": {"delivery-partner": "UQS",
                                "shipped": [{"prod": "R31", "dest-code": 9511, "quantity": 1344},
                                            {"prod": "S39", "dest-code": 9511, "quantity": 40}]}}
                    """);
            Scope scope = Scope.of(raw, null, Map.of());
            JsonNode effective = JsonPaths.compile("$.detail").require(scope);
            JsonNode items = JsonPaths.compile("$.shipped").require(scope.withInput(effective));
            PayloadTemplates.Template selector = PayloadTemplates.compile(
                    parse("{\"parcel.$\": \"$$.Map.Item.Value\", \"courier.$\": \"$.delivery-partner\"}"));

            JsonNode first = selector.apply(Scope.of(effective,
                    parse("{\"Map\": {\"Item\": {\"Index\": 0, \"Value\": " + items.get(0) + "}}}"), Map.of()));

            assertThat(first).isEqualTo(parse("""
                    {"parcel": {"prod": "R31", "dest-code": 9511, "quantity": 1344}, "courier": "UQS"}
                    """));
        }

        @Test
        void guide_resultSelector_keepsOnlyTheClusterIdAndResourceType() {
            JsonNode taskResult = parse("""
                    {"resourceType": "elasticmapreduce", "resource": "createCluster.sync",
                     "output": {"SdkHttpMetadata": {"HttpHeaders": {"Content-Length": "1112"}, "HttpStatusCode": 200},
                                "SdkResponseMetadata": {"RequestId": "1234-5678-9012"},
                                "ClusterId": "AKIAIOSFODNN7EXAMPLE"}}
                    """);
            JsonNode selector = parse("{\"ClusterId.$\": \"$.output.ClusterId\", \"ResourceType.$\": \"$.resourceType\"}");

            JsonNode selected = PayloadTemplates.apply(selector, Scope.of(taskResult, null, Map.of()));
            assertThat(selected).isEqualTo(parse(
                    "{\"ClusterId\": \"AKIAIOSFODNN7EXAMPLE\", \"ResourceType\": \"elasticmapreduce\"}"));

            // ... and ResultPath $.EMROutput places the selection into the state input
            assertThat(JsonPaths.write(parse("{\"other\": 1}"), "$.EMROutput", selected)).isEqualTo(parse(
                    "{\"other\": 1, \"EMROutput\": {\"ClusterId\": \"AKIAIOSFODNN7EXAMPLE\", "
                            + "\"ResourceType\": \"elasticmapreduce\"}}"));
        }

        @Test
        void guide_resultSelector_flattensAnArrayOfArrays() {
            // a Parallel state's result is one array per branch; "$[*][*]" flattens them
            JsonNode parallelResult = parse("[[{\"id\": 1}, {\"id\": 2}], [{\"id\": 3}]]");
            assertThat(PayloadTemplates.apply(parse("{\"flattenArray.$\": \"$[*][*]\"}"),
                    Scope.of(parallelResult, null, Map.of())))
                    .isEqualTo(parse("{\"flattenArray\": [{\"id\": 1}, {\"id\": 2}, {\"id\": 3}]}"));
        }
    }

    @Nested
    class ResultPaths {
        private static final String LAMBDA_INPUT = """
                {"comment": "This is a test of the input and output of a Task state.",
                 "details": "Default example", "who": "AWS Step Functions"}
                """;
        private static final JsonNode RESULT = parse("\"Hello, AWS Step Functions!\"");

        @Test
        void resultPath_dollar_replacesTheInputWithTheResult() {
            assertThat(JsonPaths.write(parse(LAMBDA_INPUT), "$", RESULT)).isEqualTo(RESULT);
        }

        @Test
        void resultPath_includesTheResultWithTheInput() {
            assertThat(JsonPaths.write(parse(LAMBDA_INPUT), "$.taskresult", RESULT)).isEqualTo(parse("""
                    {"comment": "This is a test of the input and output of a Task state.",
                     "details": "Default example", "who": "AWS Step Functions",
                     "taskresult": "Hello, AWS Step Functions!"}
                    """));
        }

        @Test
        void resultPath_insertsTheResultIntoAChildNode() {
            JsonNode input = parse("""
                    {"comment": "An input comment.",
                     "strings": {"string1": "foo", "string2": "bar", "string3": "baz"},
                     "who": "AWS Step Functions"}
                    """);
            assertThat(JsonPaths.write(input, "$.strings.lambdaresult", RESULT)).isEqualTo(parse("""
                    {"comment": "An input comment.",
                     "strings": {"string1": "foo", "string2": "bar", "string3": "baz",
                                 "lambdaresult": "Hello, AWS Step Functions!"},
                     "who": "AWS Step Functions"}
                    """));
        }

        @Test
        void resultPath_updatesAnExistingNode() {
            assertThat(JsonPaths.write(parse(LAMBDA_INPUT), "$.comment", RESULT)).isEqualTo(parse("""
                    {"comment": "Hello, AWS Step Functions!", "details": "Default example",
                     "who": "AWS Step Functions"}
                    """));
        }

        @Test
        void resultPath_inACatch_keepsTheInputBesideTheError() {
            assertThat(JsonPaths.write(parse("{\"foo\": \"bar\"}"), "$.error", parse("{\"Error\": \"Error here\"}")))
                    .isEqualTo(parse("{\"foo\": \"bar\", \"error\": {\"Error\": \"Error here\"}}"));
        }

        @Test
        void passState_resultPath_placesTheResultBesideTheInput() {
            JsonNode result = parse("{\"x-datum\": 0.381018, \"y-datum\": 622.2269926397355}");
            assertThat(JsonPaths.write(parse("{\"georefOf\": \"Home\"}"), "$.coords", result)).isEqualTo(parse("""
                    {"georefOf": "Home", "coords": {"x-datum": 0.381018, "y-datum": 622.2269926397355}}
                    """));
        }

        @Test
        void specification_resultPathOnAStringInput_failsWithResultPathMatchFailure() {
            // ASL specification, Runtime Errors: input "foo" with ResultPath "$.x"
            assertThatThrownBy(() -> JsonPaths.write(parse("\"foo\""), "$.x", RESULT))
                    .isInstanceOf(StatesFailure.class)
                    .extracting(e -> ((StatesFailure) e).error())
                    .isEqualTo("States.ResultPathMatchFailure");
        }
    }
}
