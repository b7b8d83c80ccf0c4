package dev.countersign.local.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.countersign.local.engine.internal.LocalEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Paused executions are data on disk: they survive an engine dropped without a clean shutdown, their tokens still
 * work, timers that fell due meanwhile fire at once, and no completed task runs twice.
 */
class DurabilityTest {
    @TempDir
    Path directory;
    EngineUnderTest engine;
    final List<String> tokens = new CopyOnWriteArrayList<>();
    final AtomicInteger requests = new AtomicInteger();

    static final String GATE = """
            {"StartAt": "Gate", "States": {
              "Gate": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
                "Parameters": {"FunctionName": "request", "Payload": {"token.$": "$$.Task.Token", "id.$": "$.id"}},
                "TimeoutSeconds": 600, "ResultPath": "$.decision", "Next": "Done"},
              "Done": {"Type": "Succeed"}}}""";

    @BeforeEach
    void open() {
        engine = new EngineUnderTest(directory);
        registerRequest();
    }

    private void registerRequest() {
        engine.functions.put("request", (payload, invocation) -> {
            requests.incrementAndGet();
            tokens.add(payload.get("token").asText());
            return payload;
        });
    }

    @AfterEach
    void close() {
        engine.close();
    }

    @Test
    void pausedExecution_survivesACrash_andItsTokenStillWorks() {
        String machine = engine.machine(GATE);
        List<String> executions = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            executions.add(engine.start(machine, "{\"id\": " + i + "}"));
        }
        engine.idle();
        assertThat(tokens).hasSize(20);
        engine.crashAndReopen();
        for (String execution : executions) {
            assertThat(engine.describe(execution).status()).isEqualTo(ExecutionStatus.RUNNING);
        }
        for (String token : tokens) {
            engine.engine().sendTaskSuccess(token, "{\"outcome\": \"APPROVED\"}");
        }
        engine.idle();
        for (String execution : executions) {
            assertThat(engine.describe(execution).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            List<String> types = engine.types(execution);
            // Whole history, and the request function ran once per execution, not again after the restart.
            assertThat(types).containsExactly("ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted",
                    "TaskSubmitted", "TaskSucceeded", "TaskStateExited", "SucceedStateEntered", "SucceedStateExited",
                    "ExecutionSucceeded");
        }
        assertThat(requests.get()).isEqualTo(20);
    }

    @Test
    void timersThatFellDueWhileDown_fireAtOnceOnRestart() {
        String waiting = engine.start(engine.machine("""
                {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 60, "End": true}}}"""), "{}");
        String gated = engine.start(engine.machine(GATE), "{\"id\": 1}");
        String retrying = engine.start(engine.machine("""
                {"StartAt": "T", "States": {"T": {"Type": "Task",
                  "Resource": "arn:aws:lambda:us-east-1:123456789012:function:flaky",
                  "Retry": [{"ErrorEquals": ["Flaky"], "IntervalSeconds": 30}], "End": true}}}"""), "{}");
        AtomicInteger flaky = new AtomicInteger();
        engine.functions.put("flaky", (payload, invocation) -> {
            if (flaky.getAndIncrement() == 0) {
                throw new LambdaFunctionError("Flaky", "first");
            }
            return payload;
        });
        engine.idle();
        engine.crash();
        engine.clock.advance(Duration.ofHours(1));
        engine.openAgain();
        registerRequest();
        engine.functions.put("flaky", (payload, invocation) -> payload);
        engine.idle();
        assertThat(engine.describe(waiting).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(engine.describe(gated).status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(engine.describe(gated).error()).isEqualTo("States.Timeout");
        assertThat(engine.describe(retrying).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    }

    @Test
    void executionTimeout_dueWhileDown_firesOnRestart() {
        String execution = engine.start(engine.machine("""
                {"TimeoutSeconds": 100, "StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 1000,
                 "End": true}}}"""), "{}");
        engine.idle();
        engine.crash();
        engine.clock.advance(Duration.ofSeconds(101));
        engine.openAgain();
        engine.idle();
        assertThat(engine.describe(execution).status()).isEqualTo(ExecutionStatus.TIMED_OUT);
    }

    @Test
    void pausedMapIterations_resumeAfterACrash() {
        String execution = engine.start(engine.machine("""
                {"StartAt": "M", "States": {"M": {"Type": "Map", "MaxConcurrency": 2, "ItemProcessor": {
                  "StartAt": "Gate", "States": {"Gate": {"Type": "Task",
                    "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
                    "Parameters": {"FunctionName": "request", "Payload": {"token.$": "$$.Task.Token", "id.$": "$"}},
                    "ResultPath": null, "End": true}}}, "End": true}}}"""), "[\"a\", \"b\", \"c\"]");
        engine.idle();
        assertThat(tokens).hasSize(2);
        engine.crashAndReopen();
        registerRequest();
        engine.engine().sendTaskSuccess(tokens.get(1), "{}");
        engine.idle();
        assertThat(tokens).hasSize(3);
        engine.crashAndReopen();
        registerRequest();
        engine.engine().sendTaskSuccess(tokens.get(0), "{}");
        engine.engine().sendTaskSuccess(tokens.get(2), "{}");
        engine.idle();
        ExecutionDescription done = engine.describe(execution);
        assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(done.output()).isEqualTo("[\"a\",\"b\",\"c\"]");
        assertThat(requests.get()).isEqualTo(3);
    }

    @Test
    void pausedParallelBranches_resumeAfterACleanRestart() {
        String execution = engine.start(engine.machine("""
                {"StartAt": "P", "States": {"P": {"Type": "Parallel", "Branches": [
                  {"StartAt": "G1", "States": {"G1": {"Type": "Task",
                    "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
                    "Parameters": {"FunctionName": "request", "Payload": {"token.$": "$$.Task.Token", "id": 1}},
                    "End": true}}},
                  {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 30, "Next": "Done"},
                                               "Done": {"Type": "Pass", "Result": "waited", "End": true}}}],
                  "End": true}}}"""), "{}");
        engine.idle();
        engine.reopen();
        registerRequest();
        engine.advance(Duration.ofSeconds(30));
        engine.engine().sendTaskSuccess(tokens.get(0), "\"called back\"");
        engine.idle();
        assertThat(engine.describe(execution).output()).isEqualTo("[\"called back\",\"waited\"]");
    }

    @Test
    void anInvocationInFlightAtTheCrash_runsAgainWithTheSameToken() throws InterruptedException {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        engine.functions.put("request", (payload, invocation) -> {
            tokens.add(payload.get("token").asText());
            entered.countDown();
            never.await();
            return payload;
        });
        String execution = engine.start(engine.machine(GATE), "{\"id\": 1}");
        assertThat(entered.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        engine.crash();
        registerRequest();
        engine.openAgain();
        engine.idle();
        never.countDown();
        // At-least-once for an unfinished invocation: the same attempt runs again, with the same token.
        assertThat(tokens).hasSize(2);
        assertThat(tokens.get(1)).isEqualTo(tokens.get(0));
        engine.engine().sendTaskSuccess(tokens.get(0), "{}");
        engine.idle();
        assertThat(engine.describe(execution).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    }

    @Test
    void aTornRecordAtTheEndOfTheJournal_isIgnored() throws IOException {
        String execution = engine.start(engine.machine(GATE), "{\"id\": 1}");
        engine.idle();
        engine.crash();
        Path segment = lastSegment();
        long size = Files.size(segment);
        Files.write(segment, new byte[] {0, 0, 1, 0, 7, 7, 7, 7, 42, 42}, StandardOpenOption.APPEND);
        engine.openAgain();
        registerRequest();
        assertThat(Files.size(segment)).isEqualTo(size);
        engine.engine().sendTaskSuccess(tokens.get(0), "{}");
        engine.idle();
        assertThat(engine.describe(execution).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    }

    @Test
    void snapshot_compactsTheJournal_andRecoveryReadsIt() throws IOException {
        String machine = engine.machine(GATE);
        String finished = engine.start(machine, "{\"id\": 0}");
        String paused = engine.start(machine, "{\"id\": 1}");
        engine.idle();
        engine.engine().sendTaskSuccess(tokens.get(0).equals(tokenOf(paused)) ? tokens.get(1) : tokens.get(0), "{}");
        engine.idle();
        ((LocalEngine) engine.engine()).compact();
        assertThat(engine.types(finished)).endsWith("ExecutionSucceeded");
        engine.crashAndReopen();
        registerRequest();
        try (Stream<Path> files = Files.list(directory.resolve("journal"))) {
            assertThat(files.map(f -> f.getFileName().toString())).anyMatch(name -> name.startsWith("snapshot-"));
        }
        assertThat(engine.describe(finished).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(engine.types(finished)).hasSize(10);
        engine.engine().sendTaskSuccess(tokenOf(paused), "{}");
        engine.idle();
        assertThat(engine.describe(paused).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(engine.describe(paused).input()).isEqualTo("{\"id\": 1}");
    }

    @Test
    void stateMachinesAndTheirUpdates_surviveARestart() {
        String machine = engine.machine(GATE);
        engine.engine().updateStateMachine(machine, null, "arn:aws:iam::123456789012:role/updated");
        engine.crashAndReopen();
        StateMachineDescription described = engine.engine().describeStateMachine(machine);
        assertThat(described.roleArn()).isEqualTo("arn:aws:iam::123456789012:role/updated");
        assertThat(described.definition()).isEqualTo(GATE);
        assertThat(engine.engine().listStateMachines(0, null).items()).hasSize(1);
    }

    @Test
    void manyPausedExecutions_areAllRecovered() {
        String machine = engine.machine(GATE);
        for (int i = 0; i < 300; i++) {
            engine.start(machine, "{\"id\": " + i + "}");
        }
        engine.idle();
        engine.crashAndReopen();
        assertThat(engine.engine().listExecutions(machine, ExecutionStatus.RUNNING, 1000, null).items()).hasSize(300);
        registerRequest();
        for (String token : new ArrayList<>(tokens)) {
            engine.engine().sendTaskSuccess(token, "{}");
        }
        engine.idle();
        assertThat(engine.engine().listExecutions(machine, ExecutionStatus.SUCCEEDED, 1000, null).items())
                .hasSize(300);
        assertThat(requests.get()).isEqualTo(300);
    }

    private String tokenOf(String execution) {
        return engine.token(execution);
    }

    private Path lastSegment() throws IOException {
        try (Stream<Path> files = Files.list(directory.resolve("journal"))) {
            return files.filter(f -> f.getFileName().toString().startsWith("segment-"))
                    .max(Comparator.naturalOrder()).orElseThrow();
        }
    }
}
