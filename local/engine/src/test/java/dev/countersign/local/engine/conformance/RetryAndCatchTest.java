package dev.countersign.local.engine.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.local.engine.EngineUnderTest;
import dev.countersign.local.engine.ExecutionDescription;
import dev.countersign.local.engine.ExecutionStatus;
import dev.countersign.local.engine.HistoryEvent;
import dev.countersign.local.engine.HistoryEventType;
import dev.countersign.local.engine.LambdaFunctionError;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retry (intervals, backoff, MaxDelaySeconds, jitter, MaxAttempts) and Catch routing, on an injected clock. */
class RetryAndCatchTest {
    @TempDir
    Path directory;
    EngineUnderTest engine;
    final AtomicInteger calls = new AtomicInteger();

    final java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);

    @AfterEach
    void close() {
        release.countDown();
        if (engine != null) {
            engine.close();
        }
    }

    private void failingWith(String... errors) {
        engine.functions.put("flaky", (payload, invocation) -> {
            int call = calls.getAndIncrement();
            if (call < errors.length) {
                throw new LambdaFunctionError(errors[call], "attempt " + call);
            }
            return EngineUnderTest.JSON.getNodeFactory().textNode("ok after " + call);
        });
    }

    private static String task(String retry, String katch) {
        String fallback = katch.contains("\"Z\"") ? ", \"Z\": {\"Type\": \"Pass\", \"End\": true}" : "";
        return """
                {"StartAt": "T", "States": {
                  "T": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:flaky",
                        "Retry": %s, "Catch": %s, "End": true}%s}}""".formatted(retry, katch, fallback);
    }

    private List<Long> attemptOffsets(String execution, Instant start) {
        return engine.all(execution, HistoryEventType.LambdaFunctionScheduled).stream()
                .map(HistoryEvent::timestamp).map(at -> Duration.between(start, at).toMillis()).toList();
    }

    @Test
    void retry_waitsIntervalThenBackoff_asTheGuideDescribes() {
        engine = new EngineUnderTest(directory);
        failingWith("States.Timeout", "States.Timeout", "States.Timeout");
        Instant start = engine.clock.now();
        String execution = engine.start(engine.machine(task("""
                [{"ErrorEquals": ["States.Timeout"], "IntervalSeconds": 3, "MaxAttempts": 2, "BackoffRate": 1.5}]""",
                "[]")), "{}");
        engine.idle();
        engine.advance(Duration.ofMillis(2999));
        // Guards against a retry timer that fires early (or without the clock moving at all).
        assertThat(calls.get()).isEqualTo(1);
        engine.advance(Duration.ofMillis(1));
        assertThat(calls.get()).isEqualTo(2);
        engine.advance(Duration.ofMillis(4500));
        assertThat(attemptOffsets(execution, start)).containsExactly(0L, 3000L, 7500L);
        ExecutionDescription done = engine.describe(execution);
        assertThat(done.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(done.error()).isEqualTo("States.Timeout");
    }

    @Test
    void retry_succeedsWhenALaterAttemptSucceeds_andCountsRetriesInTheContext() {
        engine = new EngineUnderTest(directory);
        engine.functions.put("flaky", (payload, invocation) -> {
            if (calls.getAndIncrement() == 0) {
                throw new LambdaFunctionError("Transient", "try again");
            }
            return payload;
        });
        String execution = engine.start(engine.machine("""
                {"StartAt": "T", "States": {"T": {"Type": "Task",
                  "Resource": "arn:aws:lambda:us-east-1:123456789012:function:flaky",
                  "Parameters": {"retries.$": "$$.State.RetryCount"},
                  "Retry": [{"ErrorEquals": ["Transient"], "IntervalSeconds": 1}], "End": true}}}"""), "{}");
        engine.idle();
        engine.advance(Duration.ofSeconds(1));
        ExecutionDescription done = engine.describe(execution);
        assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(EngineUnderTest.json(done.output()).get("retries").asInt()).isEqualTo(1);
        // One TaskStateEntered: a retry re-runs the state's work without entering it again.
        assertThat(engine.all(execution, HistoryEventType.TaskStateEntered)).hasSize(1);
    }

    @Test
    void retry_maxDelaySeconds_capsTheBackoff() {
        engine = new EngineUnderTest(directory);
        failingWith("E", "E", "E", "E");
        Instant start = engine.clock.now();
        String execution = engine.start(engine.machine(task("""
                [{"ErrorEquals": ["E"], "IntervalSeconds": 10, "BackoffRate": 10, "MaxAttempts": 3,
                  "MaxDelaySeconds": 15}]""", "[]")), "{}");
        engine.idle();
        engine.advance(Duration.ofSeconds(10));
        engine.advance(Duration.ofSeconds(15));
        engine.advance(Duration.ofSeconds(15));
        assertThat(attemptOffsets(execution, start)).containsExactly(0L, 10_000L, 25_000L, 40_000L);
    }

    @Test
    void retry_fullJitter_scalesTheDelayByARandomFractionBetweenZeroAndOne() {
        RandomGenerator quarter = new RandomGenerator() {
            @Override
            public long nextLong() {
                return 0;
            }

            @Override
            public double nextDouble() {
                return 0.25;
            }
        };
        engine = new EngineUnderTest(directory, builder -> builder.jitter(quarter));
        failingWith("E", "E");
        Instant start = engine.clock.now();
        String execution = engine.start(engine.machine(task("""
                [{"ErrorEquals": ["E"], "IntervalSeconds": 8, "BackoffRate": 2, "MaxAttempts": 2,
                  "JitterStrategy": "FULL"}]""", "[]")), "{}");
        engine.idle();
        engine.advance(Duration.ofSeconds(2));
        engine.advance(Duration.ofSeconds(4));
        // 8 s and 16 s computed backoff, each scaled by the jitter draw of 0.25.
        assertThat(attemptOffsets(execution, start)).containsExactly(0L, 2000L, 6000L);
    }

    @Test
    void retry_fullJitter_staysWithinZeroAndTheComputedDelay() {
        engine = new EngineUnderTest(directory);
        failingWith("E", "E", "E");
        Instant start = engine.clock.now();
        String execution = engine.start(engine.machine(task("""
                [{"ErrorEquals": ["E"], "IntervalSeconds": 4, "BackoffRate": 1, "MaxAttempts": 3,
                  "JitterStrategy": "FULL"}]""", "[]")), "{}");
        engine.idle();
        for (int i = 0; i < 3; i++) {
            engine.advance(Duration.ofSeconds(4));
        }
        List<Long> offsets = attemptOffsets(execution, start);
        assertThat(offsets).hasSize(4);
        for (int i = 1; i < offsets.size(); i++) {
            // Each retry fires no later than the advance that reached the full 4 s delay.
            assertThat(offsets.get(i) - 4000L * (i - 1)).isBetween(0L, 4000L);
        }
    }

    @Test
    void retry_maxAttemptsZero_neverRetriesAndFallsThroughToCatch() {
        engine = new EngineUnderTest(directory);
        failingWith("States.Timeout");
        ExecutionDescription done = engine.run(task("""
                [{"ErrorEquals": ["States.Timeout"], "MaxAttempts": 0}, {"ErrorEquals": ["States.ALL"]}]""", """
                [{"ErrorEquals": ["States.ALL"], "Next": "Z"}]"""), "{}");
        assertThat(calls.get()).isEqualTo(1);
        assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(EngineUnderTest.json(done.output()).get("Error").asText()).isEqualTo("States.Timeout");
    }

    @Test
    void retry_countsPerRetrierAcrossErrors_theGuidesComplexScenario() {
        engine = new EngineUnderTest(directory);
        failingWith("ErrorA", "ErrorB", "ErrorC", "ErrorB", "ErrorB");
        Instant start = engine.clock.now();
        String execution = engine.start(engine.machine(task("""
                [{"ErrorEquals": ["ErrorA", "ErrorB"], "IntervalSeconds": 1, "BackoffRate": 2.0, "MaxAttempts": 2},
                 {"ErrorEquals": ["ErrorC"], "IntervalSeconds": 5}]""", """
                [{"ErrorEquals": ["States.ALL"], "Next": "Z"}]""")), "{}");
        engine.idle();
        engine.advance(Duration.ofSeconds(1));
        engine.advance(Duration.ofSeconds(2));
        engine.advance(Duration.ofSeconds(5));
        engine.advance(Duration.ofSeconds(4));
        // Waits of 1, 2, 5 and 4 s; the fifth error exhausted the first retrier, so Catch took over.
        assertThat(attemptOffsets(execution, start)).containsExactly(0L, 1000L, 3000L, 8000L, 12_000L);
        ExecutionDescription done = engine.describe(execution);
        assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(EngineUnderTest.json(done.output()).get("Error").asText()).isEqualTo("ErrorB");
    }

    @Test
    void catch_routesToTheFirstMatchingCatcher() {
        engine = new EngineUnderTest(directory);
        failingWith("java.lang.IllegalStateException");
        ExecutionDescription done = engine.run("""
                {"StartAt": "T", "States": {
                  "T": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:flaky",
                        "Catch": [{"ErrorEquals": ["Other"], "Next": "Wrong"},
                                  {"ErrorEquals": ["java.lang.IllegalStateException"], "ResultPath": "$.e",
                                   "Next": "Right"},
                                  {"ErrorEquals": ["States.ALL"], "Next": "Wrong"}], "End": true},
                  "Wrong": {"Type": "Fail", "Error": "WrongCatcher"},
                  "Right": {"Type": "Pass", "End": true}}}""", "{\"keep\": true}");
        assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        JsonNode output = EngineUnderTest.json(done.output());
        assertThat(output.get("keep").asBoolean()).isTrue();
        assertThat(output.at("/e/Error").asText()).isEqualTo("java.lang.IllegalStateException");
    }

    @Test
    void catch_taskFailedMatchesTaskErrorsButNotTimeouts() {
        engine = new EngineUnderTest(directory);
        failingWith("Custom");
        ExecutionDescription caught = engine.run(task("[]", """
                [{"ErrorEquals": ["States.TaskFailed"], "Next": "Z"}]"""), "{}");
        assertThat(caught.status()).isEqualTo(ExecutionStatus.SUCCEEDED);

        engine.functions.put("slow", (payload, invocation) -> {
            release.await();
            return payload;
        });
        String execution = engine.start(engine.machine("""
                {"StartAt": "T", "States": {
                  "T": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:slow",
                        "TimeoutSeconds": 5, "Catch": [{"ErrorEquals": ["States.TaskFailed"], "Next": "Z"}],
                        "End": true},
                  "Z": {"Type": "Pass", "End": true}}}"""), "{}");
        engine.awaitEvent(execution, HistoryEventType.LambdaFunctionStarted);
        engine.advance(Duration.ofSeconds(5));
        // States.TaskFailed is documented to match every task error except States.Timeout.
        assertThat(engine.describe(execution).status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(engine.describe(execution).error()).isEqualTo("States.Timeout");
    }

    @Test
    void catch_statesAllDoesNotCatchStatesRuntime() {
        engine = new EngineUnderTest(directory);
        ExecutionDescription done = engine.run("""
                {"StartAt": "P", "States": {
                  "P": {"Type": "Parallel", "Branches": [{"StartAt": "X", "States": {"X": {"Type": "Pass",
                        "InputPath": "$.missing", "End": true}}}],
                        "Retry": [{"ErrorEquals": ["States.ALL"]}],
                        "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Z"}], "End": true},
                  "Z": {"Type": "Pass", "End": true}}}""", "{}");
        assertThat(done.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(done.error()).isEqualTo("States.Runtime");
        assertThat(done.cause()).contains("An error occurred while executing the state 'X'").contains("$.missing");
    }

    @Test
    void catch_assignsVariablesFromTheErrorOutput() {
        engine = new EngineUnderTest(directory);
        failingWith("Custom");
        ExecutionDescription done = engine.run("""
                {"StartAt": "T", "States": {
                  "T": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:flaky",
                        "Catch": [{"ErrorEquals": ["States.ALL"], "Assign": {"failure.$": "$.Error"},
                                   "Next": "Z"}], "End": true},
                  "Z": {"Type": "Pass", "Parameters": {"seen.$": "$failure"}, "End": true}}}""", "{}");
        assertThat(EngineUnderTest.json(done.output()).get("seen").asText()).isEqualTo("Custom");
    }

    @Test
    void uncaughtError_failsTheExecutionWithTheErrorAndCause() {
        engine = new EngineUnderTest(directory);
        failingWith("Countersign.InvalidProposal");
        ExecutionDescription done = engine.run(task("[]", "[]"), "{}");
        assertThat(done.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(done.error()).isEqualTo("Countersign.InvalidProposal");
        assertThat(EngineUnderTest.json(done.cause()).get("errorMessage").asText()).isEqualTo("attempt 0");
        assertThat(engine.types(done.executionArn())).containsExactly("ExecutionStarted", "TaskStateEntered",
                "LambdaFunctionScheduled", "LambdaFunctionStarted", "LambdaFunctionFailed", "ExecutionFailed");
    }
}
