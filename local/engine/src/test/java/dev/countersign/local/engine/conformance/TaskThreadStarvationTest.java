package dev.countersign.local.engine.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.countersign.local.engine.EngineUnderTest;
import dev.countersign.local.engine.ExecutionDescription;
import dev.countersign.local.engine.ExecutionStatus;
import dev.countersign.local.engine.HistoryEventType;
import dev.countersign.local.engine.LambdaFunction;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16, item 2: with more slow (blocking) functions in flight than the engine has task threads, another
 * execution's fast task still runs at once, and its TimeoutSeconds measures the task, not a wait for a thread. It once
 * waited in the task threads' queue while its timeout ran, and failed with States.Timeout.
 */
class TaskThreadStarvationTest {
    private static final int TASK_THREADS = 2;
    private static final int SLOW_EXECUTIONS = TASK_THREADS + 2;

    @TempDir
    Path directory;
    EngineUnderTest engine;
    final CountDownLatch release = new CountDownLatch(1);
    final CountDownLatch threadsTaken = new CountDownLatch(TASK_THREADS);
    final CountDownLatch slowRunning = new CountDownLatch(SLOW_EXECUTIONS);

    @BeforeEach
    void open() {
        engine = new EngineUnderTest(directory, builder -> builder.taskThreads(TASK_THREADS));
        engine.functions.put("slow", (LambdaFunction) (payload, invocation) -> {
            threadsTaken.countDown();
            slowRunning.countDown();
            release.await(30, TimeUnit.SECONDS);
            return payload;
        });
        engine.functions.put("fast", (LambdaFunction) (payload, invocation) -> JsonNodeFactory.instance.textNode("ok"));
    }

    @AfterEach
    void close() {
        release.countDown();
        engine.close();
    }

    private static String task(String function) {
        return """
                {"StartAt": "Call", "States": {
                  "Call": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                    "Parameters": {"FunctionName": "%s", "Payload.$": "$"}, "TimeoutSeconds": 2,
                    "OutputPath": "$.Payload", "End": true}}}""".formatted(function);
    }

    @Test
    void aFastTask_runsAndSucceeds_whileMoreSlowFunctionsThanTaskThreadsBlock() throws Exception {
        String slowMachine = engine.machine(task("slow"));
        List<String> slow = new ArrayList<>();
        for (int i = 0; i < SLOW_EXECUTIONS; i++) {
            slow.add(engine.start(slowMachine, "{\"n\": " + i + "}"));
        }
        assertThat(threadsTaken.await(10, TimeUnit.SECONDS)).as("slow functions hold every task thread").isTrue();

        String fast = engine.start(engine.machine(task("fast")), "{}");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (engine.describe(fast).status() == ExecutionStatus.RUNNING && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        // The fast task's 2-second timeout passes: it must have run by now, not be waiting for a thread.
        engine.clock.advance(Duration.ofSeconds(3));
        engine.awaitEvent(fast, engine.describe(fast).status() == ExecutionStatus.SUCCEEDED
                ? HistoryEventType.ExecutionSucceeded : HistoryEventType.ExecutionFailed);

        ExecutionDescription done = engine.describe(fast);
        assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(done.output()).isEqualTo("\"ok\"");
        assertThat(engine.types(fast)).doesNotContain("TaskTimedOut");
        assertThat(slowRunning.await(10, TimeUnit.SECONDS)).as("every slow function ran at once").isTrue();

        // The slow ones are still blocking; their own timeouts have passed, and fail them while they block.
        for (String execution : slow) {
            engine.awaitEvent(execution, HistoryEventType.ExecutionFailed);
            assertThat(engine.describe(execution).error()).isEqualTo("States.Timeout");
        }
        release.countDown();
        engine.idle();
    }
}
