package dev.countersign.local.engine.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.local.engine.EngineUnderTest;
import dev.countersign.local.engine.ExecutionDescription;
import dev.countersign.local.engine.ExecutionStatus;
import dev.countersign.local.engine.LambdaFunctionError;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JSONata query language through whole states: Arguments, Output, Assign, Condition, Items, $states. */
class JsonataPipelineTest {
    @TempDir
    Path directory;
    EngineUnderTest engine;
    final AtomicReference<JsonNode> received = new AtomicReference<>();

    @BeforeEach
    void open() {
        engine = new EngineUnderTest(directory);
        engine.functions.put("echo", (payload, invocation) -> {
            received.set(payload);
            return EngineUnderTest.json("{\"total\": 42, \"items\": [1, 2, 3]}");
        });
    }

    @AfterEach
    void close() {
        engine.close();
    }

    @Test
    void task_argumentsOutputAndAssign_seeStatesInputAndResult() {
        ExecutionDescription done = engine.run("""
                {"QueryLanguage": "JSONata", "StartAt": "T", "States": {
                  "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                    "Arguments": {"FunctionName": "echo", "Payload": {"who": "{% $states.input.name %}",
                                  "execution": "{% $states.context.Execution.Name %}"}},
                    "Assign": {"total": "{% $states.result.Payload.total %}"},
                    "Output": {"sum": "{% $sum($states.result.Payload.items) %}", "name": "{% $states.input.name %}"},
                    "Next": "Read"},
                  "Read": {"Type": "Pass", "Output": {"total": "{% $total %}", "previous": "{% $states.input %}"},
                    "End": true}}}""", "{\"name\": \"ana\"}");
        assertThat(received.get().get("who").asText()).isEqualTo("ana");
        assertThat(received.get().get("execution").asText()).isEqualTo(done.name());
        assertThat(EngineUnderTest.json(done.output())).isEqualTo(EngineUnderTest.json(
                "{\"total\": 42, \"previous\": {\"sum\": 6, \"name\": \"ana\"}}"));
    }

    @Test
    void task_withoutOutput_outputsTheResult_andPassWithoutOutputPassesTheInput() {
        ExecutionDescription done = engine.run("""
                {"QueryLanguage": "JSONata", "StartAt": "P", "States": {
                  "P": {"Type": "Pass", "Next": "T"},
                  "T": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:echo",
                        "End": true}}}""", "{\"x\": 1}");
        assertThat(received.get()).isEqualTo(EngineUnderTest.json("{\"x\": 1}"));
        assertThat(EngineUnderTest.json(done.output()).get("total").asInt()).isEqualTo(42);
    }

    @Test
    void choice_condition_picksTheBranch_withItsOwnOutputAndAssign() {
        String definition = """
                {"QueryLanguage": "JSONata", "StartAt": "C", "States": {
                  "C": {"Type": "Choice", "Choices": [
                      {"Condition": "{% $states.input.risk = 'high' %}", "Next": "Done",
                       "Assign": {"route": "escalate"}, "Output": {"level": 2}}],
                    "Default": "Done", "Assign": {"route": "normal"}},
                  "Done": {"Type": "Pass", "Output": {"route": "{% $route %}", "in": "{% $states.input %}"},
                    "End": true}}}""";
        assertThat(EngineUnderTest.json(engine.run(definition, "{\"risk\": \"high\"}").output()))
                .isEqualTo(EngineUnderTest.json("{\"route\": \"escalate\", \"in\": {\"level\": 2}}"));
        assertThat(EngineUnderTest.json(engine.run(definition, "{\"risk\": \"low\"}").output()))
                .isEqualTo(EngineUnderTest.json("{\"route\": \"normal\", \"in\": {\"risk\": \"low\"}}"));
    }

    @Test
    void wait_secondsExpression_pausesThatLong() {
        String execution = engine.start(engine.machine("""
                {"QueryLanguage": "JSONata", "StartAt": "W", "States": {
                  "W": {"Type": "Wait", "Seconds": "{% $states.input.minutes * 60 %}", "End": true}}}"""),
                "{\"minutes\": 2}");
        engine.idle();
        engine.advance(Duration.ofSeconds(119));
        assertThat(engine.describe(execution).status()).isEqualTo(ExecutionStatus.RUNNING);
        engine.advance(Duration.ofSeconds(1));
        assertThat(engine.describe(execution).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    }

    @Test
    void fail_errorAndCauseExpressions() {
        ExecutionDescription done = engine.run("""
                {"QueryLanguage": "JSONata", "StartAt": "F", "States": {
                  "F": {"Type": "Fail", "Error": "{% 'Countersign.' & $states.input.kind %}",
                        "Cause": "{% 'level ' & $string($states.input.level) %}"}}}""",
                "{\"kind\": \"Timeout\", \"level\": 3}");
        assertThat(done.error()).isEqualTo("Countersign.Timeout");
        assertThat(done.cause()).isEqualTo("level 3");
    }

    @Test
    void catch_outputDefaultsToTheErrorOutput_andCanReshapeIt() {
        engine.functions.put("fails", (payload, invocation) -> {
            throw new LambdaFunctionError("Rejected", "no");
        });
        String definition = """
                {"QueryLanguage": "JSONata", "StartAt": "T", "States": {
                  "T": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:fails",
                    "Catch": [{"ErrorEquals": ["Rejected"], "Next": "Done" %s}], "End": true},
                  "Done": {"Type": "Succeed"}}}""";
        ExecutionDescription plain = engine.run(definition.formatted(""), "{\"id\": 7}");
        assertThat(EngineUnderTest.json(plain.output()).get("Error").asText()).isEqualTo("Rejected");
        ExecutionDescription shaped = engine.run(definition.formatted(
                ", \"Output\": {\"id\": \"{% $states.input.id %}\", \"why\": \"{% $states.errorOutput.Error %}\"}"),
                "{\"id\": 7}");
        assertThat(EngineUnderTest.json(shaped.output())).isEqualTo(EngineUnderTest.json(
                "{\"id\": 7, \"why\": \"Rejected\"}"));
    }

    @Test
    void map_itemsAndItemSelector_withTheMapItemContext() {
        ExecutionDescription done = engine.run("""
                {"QueryLanguage": "JSONata", "StartAt": "M", "States": {
                  "M": {"Type": "Map", "Items": "{% $states.input.orders[price > 10] %}", "MaxConcurrency": 1,
                    "ItemSelector": {"index": "{% $states.context.Map.Item.Index %}",
                                     "sku": "{% $states.context.Map.Item.Value.sku %}",
                                     "currency": "{% $states.input.currency %}"},
                    "ItemProcessor": {"StartAt": "Price", "States": {"Price": {"Type": "Pass",
                        "Output": "{% $states.input.sku & '@' & $states.input.currency & '#' & $string($states.input.index) %}",
                        "End": true}}},
                    "Output": {"labels": "{% $states.result %}"}, "End": true}}}""", """
                {"currency": "EUR", "orders": [{"sku": "a", "price": 5}, {"sku": "b", "price": 20},
                 {"sku": "c", "price": 30}]}""");
        assertThat(EngineUnderTest.json(done.output())).isEqualTo(EngineUnderTest.json(
                "{\"labels\": [\"b@EUR#0\", \"c@EUR#1\"]}"));
    }

    @Test
    void parallel_argumentsGoToEveryBranch_andOutputSeesTheResults() {
        ExecutionDescription done = engine.run("""
                {"QueryLanguage": "JSONata", "StartAt": "P", "States": {
                  "P": {"Type": "Parallel", "Arguments": {"n": "{% $states.input.n * 10 %}"},
                    "Branches": [
                      {"StartAt": "A", "States": {"A": {"Type": "Pass", "Output": "{% $states.input.n + 1 %}", "End": true}}},
                      {"StartAt": "B", "States": {"B": {"Type": "Pass", "Output": "{% $states.input.n + 2 %}", "End": true}}}],
                    "Output": {"sum": "{% $sum($states.result) %}"}, "End": true}}}""", "{\"n\": 1}");
        assertThat(done.output()).isEqualTo("{\"sum\":23}");
    }

    @Test
    void callbackToken_isInTheContext() {
        engine.functions.put("request", (payload, invocation) -> {
            received.set(payload);
            return payload;
        });
        String execution = engine.start(engine.machine("""
                {"QueryLanguage": "JSONata", "StartAt": "Gate", "States": {
                  "Gate": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
                    "Arguments": {"FunctionName": "request", "Payload": {"token": "{% $states.context.Task.Token %}"}},
                    "TimeoutSeconds": "{% 60 * 60 %}", "End": true}}}"""), "{}");
        engine.idle();
        engine.engine().sendTaskSuccess(received.get().get("token").asText(), "{\"ok\": true}");
        engine.idle();
        assertThat(engine.describe(execution).output()).isEqualTo("{\"ok\":true}");
    }

    @Test
    void evaluationError_failsWithQueryEvaluationError_namingTheState() {
        ExecutionDescription done = engine.run("""
                {"QueryLanguage": "JSONata", "StartAt": "P", "States": {
                  "P": {"Type": "Pass", "Output": "{% $states.input.missing.deeper %}", "End": true}}}""", "{}");
        assertThat(done.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(done.error()).isEqualTo("States.QueryEvaluationError");
        assertThat(done.cause()).startsWith("An error occurred while executing the state 'P'");
    }

    @Test
    void mixedLanguages_aJsonataStateInAJsonPathMachine_sharesVariables() {
        ExecutionDescription done = engine.run("""
                {"StartAt": "Set", "States": {
                  "Set": {"Type": "Pass", "QueryLanguage": "JSONata", "Assign": {"doubled": "{% $states.input.n * 2 %}"},
                    "Next": "Read"},
                  "Read": {"Type": "Pass", "Parameters": {"value.$": "$doubled"}, "End": true}}}""", "{\"n\": 21}");
        assertThat(done.output()).isEqualTo("{\"value\":42}");
    }
}
