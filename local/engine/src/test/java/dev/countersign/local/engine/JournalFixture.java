package dev.countersign.local.engine;

import dev.countersign.local.engine.internal.LocalEngine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Writes the data directory that {@link JournalCompatibilityTest} opens: one of every kind of paused execution the
 * engine keeps on disk (a callback task with timeout and heartbeat timers, a Wait, a Retry interval, a Map part-way
 * through its items, a Parallel, a {@code .sync:2} parent waiting on its child, an invocation still running at the
 * crash) plus closed executions, an updated machine and a deleted one — half before a snapshot, half after it, then
 * a crash. The committed fixture under {@code src/test/resources/journal-v1} was written by this class at commit
 * 7fa0615 (the journal format before the engine was split into parts); run it again only to make a fixture of a new
 * format: {@code JournalFixture <empty directory>}.
 */
public final class JournalFixture {
    static final String GATE = """
            {"StartAt": "Gate", "States": {
              "Gate": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
                "Parameters": {"FunctionName": "request", "Payload": {"token.$": "$$.Task.Token", "id.$": "$.id"}},
                "TimeoutSeconds": 600, "HeartbeatSeconds": 300, "ResultPath": "$.decision", "Next": "Done"},
              "Done": {"Type": "Succeed"}}}""";
    static final String WAITER = """
            {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 60, "Next": "P"},
              "P": {"Type": "Pass", "Result": "waited", "ResultPath": "$.w", "End": true}}}""";
    static final String RETRIER = """
            {"StartAt": "T", "States": {"T": {"Type": "Task",
              "Resource": "arn:aws:lambda:us-east-1:123456789012:function:flaky",
              "Retry": [{"ErrorEquals": ["Flaky"], "IntervalSeconds": 30}], "End": true}}}""";
    static final String DONE = """
            {"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": {"ok": true}, "End": true}}}""";
    static final String BROKEN = """
            {"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "Fixture.Broken", "Cause": "as written"}}}""";
    static final String MAPPER = """
            {"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.items", "MaxConcurrency": 2,
              "ItemSelector": {"item.$": "$$.Map.Item.Value", "index.$": "$$.Map.Item.Index"},
              "ItemProcessor": {"StartAt": "Ask", "States": {"Ask": {"Type": "Task",
                "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
                "Parameters": {"FunctionName": "request", "Payload": {"token.$": "$$.Task.Token", "id.$": "$.item"}},
                "End": true}}}, "End": true}}}""";
    static final String FAN = """
            {"QueryLanguage": "JSONata", "StartAt": "Fan", "States": {"Fan": {"Type": "Parallel",
              "Branches": [
                {"StartAt": "A", "States": {"A": {"Type": "Task",
                  "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
                  "Arguments": {"FunctionName": "request",
                    "Payload": {"token": "{% $states.context.Task.Token %}", "id": "a"}},
                  "Assign": {"seen": "{% $states.result %}"}, "End": true}}},
                {"StartAt": "B", "States": {"B": {"Type": "Wait", "Seconds": 5, "End": true}}}],
              "Output": {"both": "{% $states.result %}"}, "End": true}}}""";
    static final String CHILD = """
            {"StartAt": "Ask", "States": {"Ask": {"Type": "Task",
              "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
              "Parameters": {"FunctionName": "request", "Payload": {"token.$": "$$.Task.Token", "id": "child"}},
              "ResultPath": "$.answer", "End": true}}}""";
    static final String PARENT = """
            {"StartAt": "Nest", "States": {"Nest": {"Type": "Task",
              "Resource": "arn:aws:states:::states:startExecution.sync:2",
              "Parameters": {"StateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:child",
                "Name": "nested-child", "Input": {"from": "parent"}},
              "OutputPath": "$.Output", "End": true}}}""";
    static final String HANGING = """
            {"StartAt": "Call", "States": {"Call": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
              "Parameters": {"FunctionName": "slow", "Payload": {"n": 1}}, "OutputPath": "$.Payload", "End": true}}}""";

    private JournalFixture() {
    }

    public static void main(String[] args) throws Exception {
        Path directory = Path.of(args[0]);
        try (Stream<Path> existing = Files.list(directory)) {
            if (existing.findAny().isPresent()) {
                throw new IllegalArgumentException(directory + " must be empty");
            }
        }
        write(directory);
    }

    static void write(Path directory) throws InterruptedException {
        EngineUnderTest engine = new EngineUnderTest(directory);
        engine.functions.put("request", (payload, invocation) -> payload);
        engine.functions.put("flaky", (payload, invocation) -> {
            throw new LambdaFunctionError("Flaky", "first attempt");
        });
        Engine api = engine.engine();
        String gate = create(api, "gate", GATE);
        api.startExecution(gate, "gate-1", "{\"id\": 1}");
        api.startExecution(create(api, "waiter", WAITER), "waiter-1", "{\"n\": 1}");
        api.startExecution(create(api, "retrier", RETRIER), "retrier-1", "{\"n\": 2}");
        api.startExecution(create(api, "done", DONE), "done-1", "{}");
        api.startExecution(create(api, "broken", BROKEN), "broken-1", "{}");
        String retired = create(api, "retired", DONE);
        api.startExecution(retired, "retired-1", "{}");
        engine.idle();
        api.deleteStateMachine(retired);
        api.updateStateMachine(gate, GATE.replace("\"TimeoutSeconds\": 600", "\"TimeoutSeconds\": 900"), null);
        engine.idle();
        ((LocalEngine) api).compact();

        api.startExecution(create(api, "mapper", MAPPER), "mapper-1", "{\"items\": [\"x\", \"y\", \"z\"]}");
        api.startExecution(create(api, "fan", FAN), "fan-1", "{\"n\": 3}");
        create(api, "child", CHILD);
        api.startExecution(create(api, "parent", PARENT), "parent-1", "{}");
        api.startExecution(gate, "gate-2", "{\"id\": 2}");
        engine.idle();

        CountDownLatch entered = new CountDownLatch(1);
        engine.functions.put("slow", (payload, invocation) -> {
            entered.countDown();
            new CountDownLatch(1).await();
            return payload;
        });
        api.startExecution(create(api, "hanging", HANGING), "hanging-1", "{}");
        if (!entered.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the hanging invocation never started");
        }
        // The invocation only starts once its record is written, so the crash keeps it as work to run again.
        engine.crash();
        Thread.sleep(Duration.ofMillis(100).toMillis());
    }

    private static String create(Engine api, String name, String definition) {
        return api.createStateMachine(name, definition, null).stateMachineArn();
    }

    /** Copies the committed fixture into {@code target} (the engine writes to the directory it opens). */
    static void copyTo(Path target) {
        Path source = Path.of("src/test/resources/journal-v1");
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.toList()) {
                Path to = target.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(file, to);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the journal fixture " + source.toAbsolutePath(), e);
        }
    }
}
