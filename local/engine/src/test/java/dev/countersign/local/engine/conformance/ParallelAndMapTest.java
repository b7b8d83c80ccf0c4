package dev.countersign.local.engine.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.local.engine.EngineUnderTest;
import dev.countersign.local.engine.ExecutionDescription;
import dev.countersign.local.engine.ExecutionStatus;
import dev.countersign.local.engine.HistoryEventType;
import dev.countersign.local.engine.LambdaFunctionError;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parallel and inline Map: results in order, failure propagation, tolerated failures, concurrency, pausing. */
class ParallelAndMapTest {
    @TempDir
    Path directory;
    EngineUnderTest engine;
    final List<String> tokens = new CopyOnWriteArrayList<>();

    @BeforeEach
    void open() {
        engine = new EngineUnderTest(directory);
        engine.functions.put("request", (payload, invocation) -> {
            tokens.add(payload.get("token").asText());
            return payload;
        });
        engine.functions.put("check", (payload, invocation) -> {
            if (payload.path("bad").asBoolean()) {
                throw new LambdaFunctionError("Invalid", "item " + payload.get("id") + " is bad");
            }
            return payload.get("id");
        });
    }

    @AfterEach
    void close() {
        engine.close();
    }

    @Test
    void parallel_resultIsTheArrayOfBranchOutputsInBranchOrder() {
        ExecutionDescription done = engine.run("""
                {"StartAt": "P", "States": {"P": {"Type": "Parallel", "ResultPath": "$.branches",
                  "Branches": [
                    {"StartAt": "Slow", "States": {"Slow": {"Type": "Wait", "Seconds": 0, "Next": "SlowDone"},
                                                    "SlowDone": {"Type": "Pass", "Result": "first", "End": true}}},
                    {"StartAt": "Fast", "States": {"Fast": {"Type": "Pass", "Result": "second", "End": true}}}],
                  "ResultSelector": {"both.$": "$"}, "End": true}}}""", "{\"in\": 1}");
        assertThat(EngineUnderTest.json(done.output())).isEqualTo(EngineUnderTest.json(
                "{\"in\": 1, \"branches\": {\"both\": [\"first\", \"second\"]}}"));
        assertThat(engine.types(done.executionArn())).containsSubsequence("ParallelStateEntered",
                "ParallelStateStarted", "ParallelStateSucceeded", "ParallelStateExited");
    }

    @Test
    void parallel_aFailingBranch_abortsTheOthersAndFailsTheState() {
        String execution = engine.start(engine.machine("""
                {"StartAt": "P", "States": {"P": {"Type": "Parallel", "Branches": [
                    {"StartAt": "Wait", "States": {"Wait": {"Type": "Task",
                      "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
                      "Parameters": {"FunctionName": "request", "Payload": {"token.$": "$$.Task.Token"}}, "End": true}}},
                    {"StartAt": "Check", "States": {"Check": {"Type": "Task",
                      "Resource": "arn:aws:lambda:us-east-1:123456789012:function:check",
                      "Parameters": {"id": 1, "bad": true}, "End": true}}}],
                  "End": true}}}"""), "{}");
        engine.idle();
        ExecutionDescription done = engine.describe(execution);
        assertThat(done.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(done.error()).isEqualTo("Invalid");
        assertThat(engine.types(execution)).contains("ParallelStateFailed");
        // The waiting branch was aborted, so its token no longer completes anything.
        assertThat(engine.types(execution)).contains("TaskStateAborted");
        assertThat(tokens).hasSize(1);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> engine.engine().sendTaskSuccess(tokens.get(0), "{}"))
                .isInstanceOf(dev.countersign.local.engine.TaskTimedOutException.class);
    }

    @Test
    void parallel_retryRunsEveryBranchAgain() {
        AtomicInteger runs = new AtomicInteger();
        engine.functions.put("once", (payload, invocation) -> {
            if (runs.getAndIncrement() == 0) {
                throw new LambdaFunctionError("Transient", "first run");
            }
            return payload;
        });
        String execution = engine.start(engine.machine("""
                {"StartAt": "P", "States": {"P": {"Type": "Parallel", "Branches": [
                    {"StartAt": "A", "States": {"A": {"Type": "Task",
                      "Resource": "arn:aws:lambda:us-east-1:123456789012:function:once", "End": true}}}],
                  "Retry": [{"ErrorEquals": ["Transient"], "IntervalSeconds": 2}], "End": true}}}"""), "{\"v\": 1}");
        engine.idle();
        engine.advance(java.time.Duration.ofSeconds(2));
        assertThat(engine.describe(execution).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(engine.describe(execution).output()).isEqualTo("[{\"v\":1}]");
        assertThat(engine.all(execution, HistoryEventType.ParallelStateStarted)).hasSize(2);
    }

    private static final String MAP = """
            {"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.items", %s
              "ItemProcessor": {"StartAt": "Check", "States": {"Check": {"Type": "Task",
                "Resource": "arn:aws:lambda:us-east-1:123456789012:function:check", "End": true}}},
              "End": true}}}""";

    @Test
    void map_resultIsTheArrayOfIterationOutputsInItemOrder() {
        ExecutionDescription done = engine.run(MAP.formatted("\"MaxConcurrency\": 2,"), """
                {"items": [{"id": 1}, {"id": 2}, {"id": 3}, {"id": 4}, {"id": 5}]}""");
        assertThat(done.output()).isEqualTo("[1,2,3,4,5]");
        List<String> types = engine.types(done.executionArn());
        assertThat(types).containsSubsequence("MapStateEntered", "MapStateStarted", "MapIterationStarted",
                "MapIterationSucceeded", "MapStateSucceeded", "MapStateExited");
        assertThat(types.stream().filter("MapIterationStarted"::equals)).hasSize(5);
        assertThat(engine.first(done.executionArn(), HistoryEventType.MapStateStarted).details().get("length")
                .asInt()).isEqualTo(5);
    }

    @Test
    void map_emptyItems_succeedsWithAnEmptyArray() {
        assertThat(engine.run(MAP.formatted(""), "{\"items\": []}").output()).isEqualTo("[]");
    }

    @Test
    void map_maxConcurrency_limitsIterationsInFlight() {
        String execution = engine.start(engine.machine("""
                {"StartAt": "M", "States": {"M": {"Type": "Map", "MaxConcurrency": 2,
                  "ItemProcessor": {"StartAt": "Gate", "States": {"Gate": {"Type": "Task",
                    "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
                    "Parameters": {"FunctionName": "request", "Payload": {"token.$": "$$.Task.Token"}},
                    "ResultPath": null, "End": true}}},
                  "End": true}}}"""), "[\"a\", \"b\", \"c\", \"d\"]");
        engine.idle();
        assertThat(tokens).hasSize(2);
        engine.engine().sendTaskSuccess(tokens.get(0), "{}");
        engine.idle();
        assertThat(tokens).hasSize(3);
        for (int i = 1; i < 4; i++) {
            engine.engine().sendTaskSuccess(tokens.get(i), "{}");
            engine.idle();
        }
        ExecutionDescription done = engine.describe(execution);
        assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(done.output()).isEqualTo("[\"a\",\"b\",\"c\",\"d\"]");
    }

    @Test
    void map_anIterationFailure_failsTheMapWithItsError_whenNoToleranceIsSet() {
        ExecutionDescription done = engine.run(MAP.formatted(""), """
                {"items": [{"id": 1}, {"id": 2, "bad": true}, {"id": 3}]}""");
        assertThat(done.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(done.error()).isEqualTo("Invalid");
        assertThat(engine.types(done.executionArn())).contains("MapIterationFailed", "MapStateFailed");
    }

    @Test
    void map_toleratedFailureCount_letsThatManyIterationsFail() {
        ExecutionDescription done = engine.run(MAP.formatted("\"ToleratedFailureCount\": 1,"), """
                {"items": [{"id": 1}, {"id": 2, "bad": true}, {"id": 3}]}""");
        assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        JsonNode results = EngineUnderTest.json(done.output());
        assertThat(results.get(0).asInt()).isEqualTo(1);
        assertThat(results.get(1).get("Error").asText()).isEqualTo("Invalid");
        assertThat(results.get(2).asInt()).isEqualTo(3);

        ExecutionDescription exceeded = engine.run(MAP.formatted("\"ToleratedFailureCount\": 1,"), """
                {"items": [{"id": 1, "bad": true}, {"id": 2, "bad": true}, {"id": 3}]}""");
        assertThat(exceeded.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(exceeded.error()).isEqualTo("States.ExceedToleratedFailureThreshold");
    }

    @Test
    void map_toleratedFailurePercentageAndItsPath() {
        String items = "{\"limit\": 50, \"items\": [{\"id\": 1, \"bad\": true}, {\"id\": 2}, {\"id\": 3}, {\"id\": 4}]}";
        assertThat(engine.run(MAP.formatted("\"ToleratedFailurePercentage\": 25,"), items).status())
                .isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(engine.run(MAP.formatted("\"ToleratedFailurePercentage\": 20,"), items).error())
                .isEqualTo("States.ExceedToleratedFailureThreshold");
        assertThat(engine.run(MAP.formatted("\"ToleratedFailurePercentagePath\": \"$.limit\","), items).status())
                .isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(engine.run(MAP.formatted("\"ToleratedFailureCountPath\": \"$.limit\", \"MaxConcurrencyPath\":"
                + " \"$.limit\","), items).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    }

    @Test
    void map_itemsPathThatIsNotAnArray_failsWithStatesRuntime() {
        ExecutionDescription done = engine.run(MAP.formatted(""), "{\"items\": {\"id\": 1}}");
        assertThat(done.error()).isEqualTo("States.Runtime");
        assertThat(done.cause()).endsWith("Map state input must be an array but was: object");
    }

    @Test
    void map_legacyIteratorAndParameters_stillWork() {
        ExecutionDescription done = engine.run("""
                {"StartAt": "M", "States": {"M": {"Type": "Map",
                  "Parameters": {"v.$": "$$.Map.Item.Value", "i.$": "$$.Map.Item.Index"},
                  "Iterator": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}}""",
                "[\"x\", \"y\"]");
        assertThat(done.output()).isEqualTo("[{\"v\":\"x\",\"i\":0},{\"v\":\"y\",\"i\":1}]");
    }

    @Test
    void nested_mapInsideParallel_runsToTheEnd() {
        ExecutionDescription done = engine.run("""
                {"StartAt": "P", "States": {"P": {"Type": "Parallel", "Branches": [
                  {"StartAt": "M", "States": {"M": {"Type": "Map", "ItemProcessor": {"StartAt": "Inner",
                    "States": {"Inner": {"Type": "Parallel", "Branches": [
                      {"StartAt": "X", "States": {"X": {"Type": "Pass", "End": true}}}], "End": true}}},
                    "End": true}}}], "End": true}}}""", "[1, 2]");
        assertThat(done.output()).isEqualTo("[[[1],[2]]]");
    }
}
