package dev.countersign.local.engine.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.local.engine.EngineUnderTest;
import dev.countersign.local.engine.ExecutionDescription;
import dev.countersign.local.engine.ExecutionStatus;
import dev.countersign.local.engine.ExecutionSummary;
import dev.countersign.local.engine.HistoryEvent;
import dev.countersign.local.engine.HistoryEventType;
import dev.countersign.local.engine.LambdaFunction;
import dev.countersign.local.engine.MapRunDescription;
import dev.countersign.local.engine.MapRunDoesNotExistException;
import dev.countersign.local.engine.MapRunSummary;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16, item 14: a Distributed Map over its input runs as AWS runs it. Each item (or batch) is a child workflow
 * execution of the ItemProcessor's own state machine {@code <machine>/<label>}; the parent's history has the map-run
 * events (MapRunStarted with the map run's ARN, MapRunSucceeded/Failed/Aborted) and no MapIteration events; the map
 * run and its children are visible through DescribeMapRun, ListMapRuns and ListExecutions by map run; a failed child
 * beyond the tolerated threshold (0 when none is set) fails the state with States.ExceedToleratedFailureThreshold.
 */
class DistributedMapTest {
    @TempDir
    Path directory;
    EngineUnderTest engine;

    @BeforeEach
    void open() {
        engine = new EngineUnderTest(directory);
    }

    @AfterEach
    void close() {
        engine.close();
    }

    private static String distributed(String fields, String processorStates) {
        return """
                {"StartAt": "Fan", "States": {
                  "Fan": {"Type": "Map", "ItemsPath": "$.items", %s
                    "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                      "StartAt": "Work", "States": %s},
                    "End": true}}}""".formatted(fields, processorStates);
    }

    private static final String DOUBLE = """
            {"Work": {"Type": "Pass", "Parameters": {"twice.$": "States.MathAdd($.n, $.n)"}, "End": true}}""";

    @Test
    void eachItemRunsAsAChildExecution_andTheResultsComeBackInItemOrder() {
        ExecutionDescription done = engine.run(distributed("\"Label\": \"fanout\",", DOUBLE),
                "{\"items\": [{\"n\": 1}, {\"n\": 2}, {\"n\": 3}]}");

        assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(EngineUnderTest.json(done.output()).toString())
                .isEqualTo("[{\"twice\":2},{\"twice\":4},{\"twice\":6}]");
        List<String> types = engine.types(done.executionArn());
        assertThat(types).containsSubsequence("MapStateEntered", "MapStateStarted", "MapRunStarted",
                "MapRunSucceeded", "MapStateSucceeded", "MapStateExited", "ExecutionSucceeded");
        assertThat(types).noneMatch(type -> type.startsWith("MapIteration"));
        assertThat(types).doesNotContain("PassStateEntered");

        String mapRunArn = mapRunArn(done.executionArn());
        assertThat(mapRunArn).startsWith("arn:aws:states:us-east-1:123456789012:mapRun:" + machineName(done)
                + "/fanout:");
        List<ExecutionSummary> children = engine.engine().listMapRunExecutions(mapRunArn, null, 0, null).items();
        assertThat(children).hasSize(3).allSatisfy(child -> {
            assertThat(child.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(child.stateMachineArn()).endsWith(":stateMachine:" + machineName(done) + "/fanout");
            assertThat(child.mapRunArn()).isEqualTo(mapRunArn);
            assertThat(child.itemCount()).isEqualTo(1);
        });
        ExecutionDescription child = engine.describe(children.get(0).executionArn());
        assertThat(child.mapRunArn()).isEqualTo(mapRunArn);
        assertThat(engine.types(child.executionArn())).containsExactly("ExecutionStarted", "PassStateEntered",
                "PassStateExited", "ExecutionSucceeded");
        // The parent's machine lists its own executions, not the map run's children.
        assertThat(engine.engine().listExecutions(done.stateMachineArn(), null, 0, null).items())
                .extracting(ExecutionSummary::executionArn).containsExactly(done.executionArn());
    }

    @Test
    void describeMapRun_andListMapRuns_reportTheRunAndItsCounts() {
        ExecutionDescription done = engine.run(distributed("\"MaxConcurrency\": 2, \"ToleratedFailureCount\": 1,",
                        DOUBLE), "{\"items\": [{\"n\": 1}, {\"n\": 2}]}");
        String mapRunArn = mapRunArn(done.executionArn());

        MapRunDescription run = engine.engine().describeMapRun(mapRunArn);
        assertThat(run.status()).isEqualTo("SUCCEEDED");
        assertThat(run.executionArn()).isEqualTo(done.executionArn());
        assertThat(run.stopDate()).isNotNull();
        assertThat(run.maxConcurrency()).isEqualTo(2);
        assertThat(run.toleratedFailureCount()).isEqualTo(1);
        assertThat(run.toleratedFailurePercentage()).isZero();
        // As recorded on AWS: every succeeded child's result counts as written.
        assertThat(run.itemCounts().total()).isEqualTo(2);
        assertThat(run.itemCounts().succeeded()).isEqualTo(2);
        assertThat(run.itemCounts().resultsWritten()).isEqualTo(2);
        assertThat(run.itemCounts().pending()).isZero();
        assertThat(run.executionCounts()).isEqualTo(run.itemCounts());

        List<MapRunSummary> runs = engine.engine().listMapRuns(done.executionArn(), 0, null).items();
        assertThat(runs).singleElement().satisfies(summary -> {
            assertThat(summary.mapRunArn()).isEqualTo(mapRunArn);
            assertThat(summary.executionArn()).isEqualTo(done.executionArn());
            assertThat(summary.stateMachineArn()).contains(":stateMachine:" + machineName(done) + "/");
        });
        assertThatThrownBy(() -> engine.engine().describeMapRun(mapRunArn + "x"))
                .isInstanceOf(MapRunDoesNotExistException.class);
    }

    @Test
    void aFailedChild_failsTheRunWithExceedToleratedFailureThreshold_whenNoFailureIsTolerated() {
        String failOnNegative = """
                {"Work": {"Type": "Choice", "Choices": [{"Variable": "$.n", "NumericLessThan": 0, "Next": "Boom"}],
                          "Default": "Keep"},
                 "Boom": {"Type": "Fail", "Error": "ItemFailed", "Cause": "the item asked to fail"},
                 "Keep": {"Type": "Pass", "End": true}}""";
        ExecutionDescription done = engine.run(distributed("", failOnNegative), "{\"items\": [{\"n\": 1},"
                + " {\"n\": -1}]}");

        assertThat(done.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(done.error()).isEqualTo("States.ExceedToleratedFailureThreshold");
        assertThat(done.cause()).isEqualTo("The specified tolerated failure threshold was exceeded");
        HistoryEvent failed = engine.first(done.executionArn(), HistoryEventType.MapRunFailed);
        assertThat(failed.details().get("error").asText()).isEqualTo("States.ExceedToleratedFailureThreshold");
        assertThat(engine.types(done.executionArn())).containsSubsequence("MapRunStarted", "MapRunFailed",
                "MapStateFailed", "ExecutionFailed");
        MapRunDescription run = engine.engine().describeMapRun(mapRunArn(done.executionArn()));
        assertThat(run.status()).isEqualTo("FAILED");
        assertThat(run.itemCounts().failed()).isEqualTo(1);
    }

    @Test
    void toleratedFailures_leaveNoResult_andTheRunSucceeds() {
        String failOnNegative = """
                {"Work": {"Type": "Choice", "Choices": [{"Variable": "$.n", "NumericLessThan": 0, "Next": "Boom"}],
                          "Default": "Keep"},
                 "Boom": {"Type": "Fail", "Error": "ItemFailed"},
                 "Keep": {"Type": "Pass", "End": true}}""";
        ExecutionDescription count = engine.run(distributed("\"ToleratedFailureCount\": 1,", failOnNegative),
                "{\"items\": [{\"n\": 1}, {\"n\": -1}, {\"n\": 3}]}");
        assertThat(count.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(EngineUnderTest.json(count.output()).toString()).isEqualTo("[{\"n\":1},{\"n\":3}]");

        ExecutionDescription percentage = engine.run(distributed("\"ToleratedFailurePercentage\": 25,",
                failOnNegative), "{\"items\": [{\"n\": 1}, {\"n\": 2}, {\"n\": 3}, {\"n\": -1}]}");
        assertThat(percentage.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(EngineUnderTest.json(percentage.output())).hasSize(3);

        ExecutionDescription over = engine.run(distributed("\"ToleratedFailureCount\": 1,", failOnNegative),
                "{\"items\": [{\"n\": -1}, {\"n\": -2}, {\"n\": 3}]}");
        assertThat(over.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(over.error()).isEqualTo("States.ExceedToleratedFailureThreshold");
    }

    @Test
    void itemBatcher_andItemSelector_shapeEachChildsInput() {
        String definition = distributed("""
                "ItemSelector": {"value.$": "$$.Map.Item.Value.n", "index.$": "$$.Map.Item.Index"},
                "ItemBatcher": {"MaxItemsPerBatch": 2, "BatchInput": {"tag.$": "$.tag"}},""", """
                {"Work": {"Type": "Pass", "End": true}}""");
        ExecutionDescription done = engine.run(definition, "{\"tag\": \"t\", \"items\": [{\"n\": 10}, {\"n\": 11},"
                + " {\"n\": 12}]}");

        assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        JsonNode output = EngineUnderTest.json(done.output());
        assertThat(output).hasSize(2);
        assertThat(output.get(0).toString()).isEqualTo("{\"BatchInput\":{\"tag\":\"t\"},\"Items\":[{\"value\":10,"
                + "\"index\":0},{\"value\":11,\"index\":1}]}");
        assertThat(output.get(1).get("Items")).hasSize(1);
        MapRunDescription run = engine.engine().describeMapRun(mapRunArn(done.executionArn()));
        assertThat(run.itemCounts().total()).isEqualTo(3);
        assertThat(run.executionCounts().total()).isEqualTo(2);
        assertThat(engine.engine().listMapRunExecutions(run.mapRunArn(), null, 0, null).items())
                .extracting(ExecutionSummary::itemCount).containsExactlyInAnyOrder(2, 1);
    }

    @Test
    void maxConcurrency_limitsTheChildrenRunningAtOnce() throws Exception {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        CountDownLatch calls = new CountDownLatch(4);
        engine.functions.put("slow", (LambdaFunction) (payload, context) -> {
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            running.decrementAndGet();
            calls.countDown();
            return payload;
        });
        ExecutionDescription done = engine.run(distributed("\"MaxConcurrency\": 2,", """
                {"Work": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                          "Parameters": {"FunctionName": "slow", "Payload.$": "$"}, "OutputPath": "$.Payload",
                          "End": true}}"""), "{\"items\": [1, 2, 3, 4]}");

        assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(EngineUnderTest.json(done.output()).toString()).isEqualTo("[1,2,3,4]");
        assertThat(most.get()).isLessThanOrEqualTo(2);
    }

    @Test
    void stoppingTheParent_abortsTheRunAndItsChildren() {
        String definition = distributed("", """
                {"Work": {"Type": "Wait", "Seconds": 3600, "End": true}}""");
        String execution = engine.start(engine.machine(definition), "{\"items\": [1, 2]}");
        engine.idle();
        String mapRunArn = mapRunArn(execution);
        assertThat(engine.engine().listMapRunExecutions(mapRunArn, ExecutionStatus.RUNNING, 0, null).items())
                .hasSize(2);

        engine.engine().stopExecution(execution, null, null);
        engine.idle();

        assertThat(engine.types(execution)).containsSubsequence("MapRunStarted", "MapRunAborted", "MapStateAborted",
                "ExecutionAborted");
        assertThat(engine.engine().describeMapRun(mapRunArn).status()).isEqualTo("ABORTED");
        assertThat(engine.engine().listMapRunExecutions(mapRunArn, null, 0, null).items())
                .allSatisfy(child -> assertThat(child.status()).isEqualTo(ExecutionStatus.ABORTED));
    }

    @Test
    void aPausedMapRun_resumesAfterARestart() {
        String definition = distributed("\"Label\": \"slow\",", """
                {"Work": {"Type": "Wait", "Seconds": 10, "End": true}}""");
        String execution = engine.start(engine.machine(definition), "{\"items\": [1, 2, 3]}");
        engine.idle();
        engine.crashAndReopen();
        engine.advance(Duration.ofSeconds(11));
        engine.idle();

        ExecutionDescription done = engine.describe(execution);
        assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(done.output()).isEqualTo("[1,2,3]");
        assertThat(engine.engine().describeMapRun(mapRunArn(execution)).status()).isEqualTo("SUCCEEDED");
    }

    @Test
    void mapRunsSurviveCompaction() {
        ExecutionDescription done = engine.run(distributed("", DOUBLE), "{\"items\": [{\"n\": 1}]}");
        String mapRunArn = mapRunArn(done.executionArn());
        ((dev.countersign.local.engine.internal.LocalEngine) engine.engine()).compact();
        engine.reopen();

        assertThat(engine.engine().describeMapRun(mapRunArn).status()).isEqualTo("SUCCEEDED");
        assertThat(engine.engine().listMapRunExecutions(mapRunArn, null, 0, null).items()).hasSize(1);
        // The machine still runs its Distributed Map after the snapshot (the child definition was kept).
        assertThat(engine.run(distributed("", DOUBLE), "{\"items\": [{\"n\": 2}]}").output())
                .isEqualTo("[{\"twice\":4}]");
    }

    private String mapRunArn(String executionArn) {
        return engine.first(executionArn, HistoryEventType.MapRunStarted).details().get("mapRunArn").asText();
    }

    private static String machineName(ExecutionDescription execution) {
        return execution.stateMachineArn().substring(execution.stateMachineArn().lastIndexOf(':') + 1);
    }
}
