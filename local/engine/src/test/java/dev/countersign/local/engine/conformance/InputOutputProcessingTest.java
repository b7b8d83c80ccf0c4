package dev.countersign.local.engine.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.local.engine.EngineUnderTest;
import dev.countersign.local.engine.ExecutionDescription;
import dev.countersign.local.engine.ExecutionStatus;
import dev.countersign.local.engine.HistoryEventType;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The developer guide's input and output processing examples (InputPath, Parameters, ResultSelector, ResultPath,
 * OutputPath, and ResultPath of a caught error) run through whole states, with the documented results.
 */
class InputOutputProcessingTest {
    @TempDir
    Path directory;
    EngineUnderTest engine;
    final AtomicReference<JsonNode> received = new AtomicReference<>();

    @BeforeEach
    void open() {
        engine = new EngineUnderTest(directory);
        engine.functions.put("HelloFunction", (payload, invocation) -> {
            received.set(payload);
            return EngineUnderTest.JSON.getNodeFactory().textNode("Hello, AWS Step Functions!");
        });
    }

    @AfterEach
    void close() {
        engine.close();
    }

    private static String helloTask(String fields) {
        return """
                {"StartAt": "HelloWorld", "States": {"HelloWorld": {"Type": "Task",
                 "Resource": "arn:aws:lambda:us-east-1:123456789012:function:HelloFunction", %s "End": true}}}
                """.formatted(fields);
    }

    private static final String TUTORIAL_INPUT = """
            {"comment": "This is a test of the input and output of a Task state.", "details": "Default example",
             "who": "AWS Step Functions"}""";

    @Test
    void resultPath_absent_replacesTheInputWithTheResult() {
        ExecutionDescription done = engine.run(helloTask(""), TUTORIAL_INPUT);
        assertThat(EngineUnderTest.json(done.output()).asText()).isEqualTo("Hello, AWS Step Functions!");
    }

    @Test
    void resultPath_field_includesTheResultWithTheInput() {
        ExecutionDescription done = engine.run(helloTask("\"ResultPath\": \"$.taskresult\","), TUTORIAL_INPUT);
        assertThat(EngineUnderTest.json(done.output())).isEqualTo(EngineUnderTest.json("""
                {"comment": "This is a test of the input and output of a Task state.", "details": "Default example",
                 "who": "AWS Step Functions", "taskresult": "Hello, AWS Step Functions!"}"""));
    }

    @Test
    void resultPath_childNode_insertsUnderAnExistingObject() {
        ExecutionDescription done = engine.run(helloTask("\"ResultPath\": \"$.strings.lambdaresult\","), """
                {"comment": "An input comment.", "strings": {"string1": "foo", "string2": "bar", "string3": "baz"},
                 "who": "AWS Step Functions"}""");
        assertThat(EngineUnderTest.json(done.output())).isEqualTo(EngineUnderTest.json("""
                {"comment": "An input comment.", "strings": {"string1": "foo", "string2": "bar", "string3": "baz",
                 "lambdaresult": "Hello, AWS Step Functions!"}, "who": "AWS Step Functions"}"""));
    }

    @Test
    void resultPath_existingNode_isOverwritten() {
        ExecutionDescription done = engine.run(helloTask("\"ResultPath\": \"$.comment\","), TUTORIAL_INPUT);
        assertThat(EngineUnderTest.json(done.output())).isEqualTo(EngineUnderTest.json("""
                {"comment": "Hello, AWS Step Functions!", "details": "Default example", "who": "AWS Step Functions"}
                """));
    }

    @Test
    void resultPath_null_discardsTheResultAndKeepsTheInput() {
        ExecutionDescription done = engine.run(helloTask("\"ResultPath\": null,"), TUTORIAL_INPUT);
        assertThat(EngineUnderTest.json(done.output())).isEqualTo(EngineUnderTest.json(TUTORIAL_INPUT));
    }

    @Test
    void inputPathResultPathOutputPath_example_filtersAsDocumented() {
        ExecutionDescription done = engine.run(helloTask("""
                "InputPath": "$.lambda", "ResultPath": "$.data.lambdaresult", "OutputPath": "$.data","""), """
                {"comment": "An input comment.", "data": {"val1": 23, "val2": 17}, "extra": "foo",
                 "lambda": {"who": "AWS Step Functions"}}""");
        // The function sees only the InputPath selection; ResultPath writes into the raw input.
        assertThat(received.get()).isEqualTo(EngineUnderTest.json("{\"who\": \"AWS Step Functions\"}"));
        assertThat(EngineUnderTest.json(done.output())).isEqualTo(EngineUnderTest.json("""
                {"val1": 23, "val2": 17, "lambdaresult": "Hello, AWS Step Functions!"}"""));
    }

    @Test
    void inputPath_selectsPartOfTheInput() {
        engine.run(helloTask("\"InputPath\": \"$.dataset2\","), """
                {"comment": "Example for InputPath.", "dataset1": {"val1": 1, "val2": 2, "val3": 3},
                 "dataset2": {"val1": "a", "val2": "b", "val3": "c"}}""");
        assertThat(received.get()).isEqualTo(EngineUnderTest.json("{\"val1\": \"a\", \"val2\": \"b\", \"val3\": \"c\"}"));
    }

    @Test
    void parameters_buildTheTaskInputFromStaticValuesAndPaths() {
        engine.run(helloTask("""
                "Parameters": {"comment": "Selecting what I care about.",
                  "MyDetails": {"size.$": "$.product.details.size", "exists.$": "$.product.availability",
                                "StaticValue": "foo"}},"""), """
                {"comment": "Example for Parameters.", "product": {"details": {"color": "blue", "size": "small",
                 "material": "cotton"}, "availability": "in stock", "sku": "2317", "cost": "$23"}}""");
        assertThat(received.get()).isEqualTo(EngineUnderTest.json("""
                {"comment": "Selecting what I care about.",
                 "MyDetails": {"size": "small", "exists": "in stock", "StaticValue": "foo"}}"""));
    }

    @Test
    void parameters_canReadTheContextObject() {
        String machine = engine.machine(helloTask("\"Parameters\": {\"execution.$\": \"$$.Execution.Id\","
                + " \"state.$\": \"$$.State.Name\", \"retries.$\": \"$$.State.RetryCount\"},"));
        String execution = engine.start(machine, "{}");
        engine.idle();
        assertThat(received.get().get("execution").asText()).isEqualTo(execution);
        assertThat(received.get().get("state").asText()).isEqualTo("HelloWorld");
        assertThat(received.get().get("retries").asInt()).isZero();
    }

    @Test
    void resultSelector_reshapesTheResultBeforeResultPath() {
        engine.functions.put("HelloFunction", (payload, invocation) -> EngineUnderTest.json("""
                {"resourceType": "elasticmapreduce", "resource": "createCluster.sync",
                 "output": {"SdkHttpMetadata": {"HttpStatusCode": 200},
                            "SdkResponseMetadata": {"RequestId": "1234-5678-9012"},
                            "ClusterId": "AKIAIOSFODNN7EXAMPLE"}}"""));
        ExecutionDescription done = engine.run(helloTask("""
                "ResultSelector": {"ClusterId.$": "$.output.ClusterId", "ResourceType.$": "$.resourceType"},
                "ResultPath": "$.EMROutput","""), "{\"Name\": \"MyWorkflowCluster\"}");
        assertThat(EngineUnderTest.json(done.output())).isEqualTo(EngineUnderTest.json("""
                {"Name": "MyWorkflowCluster",
                 "EMROutput": {"ClusterId": "AKIAIOSFODNN7EXAMPLE", "ResourceType": "elasticmapreduce"}}"""));
    }

    @Test
    void inputPathAndOutputPath_null_meanAnEmptyObject() {
        ExecutionDescription done = engine.run("""
                {"StartAt": "A", "States": {"A": {"Type": "Pass", "InputPath": null, "ResultPath": "$.copy",
                 "Next": "B"}, "B": {"Type": "Pass", "OutputPath": null, "End": true}}}""", "{\"secret\": 1}");
        assertThat(done.output()).isEqualTo("{}");
        String input = engine.first(done.executionArn(), HistoryEventType.PassStateEntered).details()
                .get("input").asText();
        assertThat(input).isEqualTo("{\"secret\":1}");
    }

    @Test
    void catchResultPath_includesTheErrorWithTheOriginalInput() {
        engine.functions.put("HelloFunction", (payload, invocation) -> {
            throw new dev.countersign.local.engine.LambdaFunctionError("Error here", "something broke");
        });
        ExecutionDescription done = engine.run("""
                {"StartAt": "HelloWorld", "States": {
                  "HelloWorld": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:HelloFunction",
                    "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "NextTask", "ResultPath": "$.error"}], "End": true},
                  "NextTask": {"Type": "Pass", "End": true}}}""", "{\"foo\": \"bar\"}");
        assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        JsonNode output = EngineUnderTest.json(done.output());
        assertThat(output.get("foo").asText()).isEqualTo("bar");
        assertThat(output.at("/error/Error").asText()).isEqualTo("Error here");
        assertThat(EngineUnderTest.json(output.at("/error/Cause").asText()).get("errorMessage").asText())
                .isEqualTo("something broke");
    }

    @Test
    void catchWithoutResultPath_replacesTheInputWithTheErrorOutput() {
        ExecutionDescription done = engine.run("""
                {"StartAt": "F", "States": {
                  "F": {"Type": "Parallel", "Branches": [{"StartAt": "X", "States": {"X": {"Type": "Fail",
                        "Error": "Boom", "Cause": "because"}}}],
                    "Catch": [{"ErrorEquals": ["Boom"], "Next": "Done"}], "End": true},
                  "Done": {"Type": "Pass", "End": true}}}""", "{\"foo\": \"bar\"}");
        assertThat(EngineUnderTest.json(done.output())).isEqualTo(EngineUnderTest.json(
                "{\"Error\": \"Boom\", \"Cause\": \"because\"}"));
    }

    @Test
    void mapItemSelector_example_buildsEachIterationInputFromTheItemAndTheInput() {
        ExecutionDescription done = engine.run("""
                {"StartAt": "Validate-All", "States": {"Validate-All": {"Type": "Map", "InputPath": "$.detail",
                  "ItemsPath": "$.shipped", "MaxConcurrency": 0,
                  "ItemSelector": {"parcel.$": "$$.Map.Item.Value", "courier.$": "$.delivery-partner",
                                   "index.$": "$$.Map.Item.Index"},
                  "ItemProcessor": {"StartAt": "Validate", "States": {"Validate": {"Type": "Pass", "End": true}}},
                  "ResultPath": "$.detail.shipped", "End": true}}}""", """
                {"ship-date": "2016-03-14T01:59:00Z", "detail": {"delivery-partner": "UQS", "shipped": [
                  {"prod": "R31", "dest-code": 9511, "quantity": 1344},
                  {"prod": "S39", "dest-code": 9511, "quantity": 40}]}}""");
        JsonNode shipped = EngineUnderTest.json(done.output()).at("/detail/shipped");
        assertThat(shipped).isEqualTo(EngineUnderTest.json("""
                [{"parcel": {"prod": "R31", "dest-code": 9511, "quantity": 1344}, "courier": "UQS", "index": 0},
                 {"parcel": {"prod": "S39", "dest-code": 9511, "quantity": 40}, "courier": "UQS", "index": 1}]"""));
    }
}
