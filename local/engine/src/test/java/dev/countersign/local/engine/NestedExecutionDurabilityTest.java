package dev.countersign.local.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.countersign.local.engine.internal.LocalEngine;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiPredicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A parent waiting on a {@code .sync} child is data on disk like any paused execution: it survives a crash, and the
 * child's end reaches it exactly once whether the child ends after the restart, while the engine was down, or just
 * before the crash with the news lost. A crash never makes a second child, and never leaves a child running for a
 * parent that stopped waiting.
 */
class NestedExecutionDurabilityTest {
    static final String CHILD = "arn:aws:states:us-east-1:123456789012:stateMachine:child";
    static final String GATE = """
            {"StartAt": "Gate", "States": {
              "Gate": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
                "Parameters": {"FunctionName": "request", "Payload": {"token.$": "$$.Task.Token"}},
                "ResultPath": "$.decision", "End": true}}}""";
    static final String PARENT = """
            {"StartAt": "Nest", "States": {
              "Nest": {"Type": "Task", "Resource": "arn:aws:states:::states:startExecution.sync:2",
                "Parameters": {"StateMachineArn": "%s", "Input": {"proposal.$": "$.proposal"}},
                "OutputPath": "$.Output", "End": true}}}""".formatted(CHILD);

    @TempDir
    Path directory;
    EngineUnderTest engine;
    final WriterHold hold = new WriterHold();
    final List<String> tokens = new CopyOnWriteArrayList<>();
    final AtomicInteger requests = new AtomicInteger();

    @BeforeEach
    void open() {
        engine = new EngineUnderTest(directory, builder -> builder.listener(hold));
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
        hold.release.countDown();
        engine.close();
    }

    private String startParent(String childDefinition) {
        engine.engine().createStateMachine("child", childDefinition, null);
        String parent = engine.start(engine.machine(PARENT), "{\"proposal\": 7}");
        engine.idle();
        return parent;
    }

    private String onlyChild() {
        List<ExecutionSummary> children = engine.engine().listExecutions(CHILD, null, 100, null).items();
        assertThat(children).as("executions of the child machine").hasSize(1);
        return children.get(0).executionArn();
    }

    private void assertParentSucceededOnce(String parent, String output) {
        ExecutionDescription done = engine.describe(parent);
        assertThat(done.status()).as("%s: %s", done.error(), done.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(EngineUnderTest.json(done.output())).isEqualTo(EngineUnderTest.json(output));
        // One attempt, one child, one outcome: the whole history, nothing twice.
        assertThat(engine.types(parent)).containsExactly("ExecutionStarted", "TaskStateEntered", "TaskScheduled",
                "TaskStarted", "TaskSubmitted", "TaskSucceeded", "TaskStateExited", "ExecutionSucceeded");
    }

    /** Crashes while the journal writer is held on the event the hold waits for, then reopens. */
    private void crashInsideTheHold() throws InterruptedException {
        assertThat(hold.held.await(30, TimeUnit.SECONDS)).as("the writer reached the held event").isTrue();
        ((LocalEngine) engine.engine()).crash();
        hold.release.countDown();
        hold.disarm();
        engine.openAgain();
        registerRequest();
        engine.idle();
    }

    @Test
    void aParentWaitingOnItsChild_survivesACrash_andResumesWhenTheChildEndsAfterTheRestart() {
        String parent = startParent(GATE);
        assertThat(tokens).hasSize(1);

        engine.crashAndReopen();
        registerRequest();
        assertThat(engine.describe(parent).status()).isEqualTo(ExecutionStatus.RUNNING);
        engine.engine().sendTaskSuccess(tokens.get(0), "{\"outcome\": \"APPROVED\"}");
        engine.idle();

        assertParentSucceededOnce(parent, "{\"proposal\": 7, \"decision\": {\"outcome\": \"APPROVED\"}}");
        assertThat(requests.get()).as("the child's task ran once, not again after the restart").isEqualTo(1);
    }

    @Test
    void aChildWhoseTimerFellDueWhileTheEngineWasDown_endsOnRestart_andItsParentResumes() {
        String parent = startParent("""
                {"StartAt": "Sleep", "States": {"Sleep": {"Type": "Wait", "Seconds": 60, "End": true}}}""");

        engine.crash();
        engine.clock.advance(Duration.ofMinutes(5));
        engine.openAgain();
        engine.idle();

        assertParentSucceededOnce(parent, "{\"proposal\": 7}");
    }

    @Test
    void aChildsEndLostInACrash_reachesItsParentAfterTheRestart_once() throws InterruptedException {
        String parent = startParent(GATE);
        String child = onlyChild();
        hold.arm((arn, type) -> arn.equals(child) && type == HistoryEventType.ExecutionSucceeded);

        engine.engine().sendTaskSuccess(tokens.get(0), "{\"outcome\": \"APPROVED\"}");
        // The child's end is on disk; telling its parent waits behind the held writer and dies with the engine.
        crashInsideTheHold();

        assertThat(engine.describe(child).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertParentSucceededOnce(parent, "{\"proposal\": 7, \"decision\": {\"outcome\": \"APPROVED\"}}");
    }

    @Test
    void aCrashRightAfterTheChildStarted_findsTheSameChildAgain_neverASecondOne() throws InterruptedException {
        hold.arm((arn, type) -> arn.contains(":execution:child:") && type == HistoryEventType.ExecutionStarted);
        engine.engine().createStateMachine("child", GATE, null);
        String parent = engine.start(engine.machine(PARENT), "{\"proposal\": 7}");
        // The child is on disk; the parent's record of its answer is not: the invocation runs again after the restart.
        crashInsideTheHold();

        String child = onlyChild();
        assertThat(tokens).hasSize(1);
        engine.engine().sendTaskSuccess(tokens.get(0), "{\"outcome\": \"APPROVED\"}");
        engine.idle();

        assertThat(onlyChild()).isEqualTo(child);
        assertParentSucceededOnce(parent, "{\"proposal\": 7, \"decision\": {\"outcome\": \"APPROVED\"}}");
    }

    @Test
    void aParentStoppedJustBeforeACrash_hasItsChildStoppedAfterTheRestart() throws InterruptedException {
        String parent = startParent(GATE);
        String child = onlyChild();
        hold.arm((arn, type) -> arn.equals(parent) && type == HistoryEventType.ExecutionAborted);

        engine.engine().stopExecution(parent, null, null);
        crashInsideTheHold();

        assertThat(engine.describe(parent).status()).isEqualTo(ExecutionStatus.ABORTED);
        ExecutionDescription stopped = engine.describe(child);
        assertThat(stopped.status()).isEqualTo(ExecutionStatus.ABORTED);
        assertThat(stopped.cause()).isEqualTo("The Task state in AWS Step Functions execution [" + parent
                + "] which was managing this resource was aborted");
    }

    @Test
    void aParentsTaskThatTimedOutWhileItsChildWasStarting_stopsTheChild() throws InterruptedException {
        // The child is on disk, the parent has not heard of it, and the task's timeout falls due before the engine is
        // back: whichever comes first after the restart (the invocation finding the child, or the timeout), the parent
        // fails with States.Timeout and the child it no longer waits for is stopped.
        hold.arm((arn, type) -> arn.contains(":execution:child:") && type == HistoryEventType.ExecutionStarted);
        engine.engine().createStateMachine("child", GATE, null);
        String parent = engine.start(engine.machine(PARENT.replace("\"End\": true",
                "\"TimeoutSeconds\": 5, \"End\": true")), "{\"proposal\": 7}");
        assertThat(hold.held.await(30, TimeUnit.SECONDS)).as("the writer reached the child's start").isTrue();
        ((LocalEngine) engine.engine()).crash();
        hold.release.countDown();
        hold.disarm();
        engine.clock.advance(Duration.ofSeconds(5));
        engine.openAgain();
        registerRequest();
        engine.idle();

        assertThat(engine.describe(parent).error()).isEqualTo("States.Timeout");
        ExecutionDescription child = engine.describe(onlyChild());
        assertThat(child.status()).isEqualTo(ExecutionStatus.ABORTED);
        assertThat(child.cause()).contains("[" + parent + "]");
    }

    @Test
    void aSnapshotKeepsTheLinks_soTheWaitingParentResumesAfterCompactionAndACrash() {
        String parent = startParent(GATE);

        ((LocalEngine) engine.engine()).compact();
        engine.crashAndReopen();
        registerRequest();
        engine.engine().sendTaskSuccess(tokens.get(0), "{\"outcome\": \"REJECTED\"}");
        engine.idle();

        assertParentSucceededOnce(parent, "{\"proposal\": 7, \"decision\": {\"outcome\": \"REJECTED\"}}");
    }

    /**
     * A listener that, once armed, holds on one event: that record is on disk, and the engine acts on nothing it made
     * due (it does so only after the listener returns) — which is what a crash at that moment leaves behind.
     */
    static final class WriterHold implements EngineListener {
        final CountDownLatch held = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        private volatile BiPredicate<String, HistoryEventType> on;

        void arm(BiPredicate<String, HistoryEventType> predicate) {
            on = predicate;
        }

        void disarm() {
            on = null;
        }

        @Override
        public void onHistoryEvent(String executionArn, HistoryEvent event) {
            BiPredicate<String, HistoryEventType> predicate = on;
            if (predicate != null && predicate.test(executionArn, event.type())) {
                held.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
