package dev.countersign.local.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data directory written by an earlier build of the engine opens and runs on: every kind of paused execution it
 * holds (see {@link JournalFixture}) resumes where it stopped, closed executions keep their histories, and machines keep
 * their revisions. Guards the journal format (record bodies, cell keys and cell contents) against a change that would
 * strand the executions of people who upgrade.
 */
class JournalCompatibilityTest {
    static final String ARN = "arn:aws:states:us-east-1:123456789012:";

    @TempDir
    Path directory;
    EngineUnderTest engine;

    @BeforeEach
    void open() {
        JournalFixture.copyTo(directory);
        // The functions are there from the first moment: opening runs the interrupted invocation again at once.
        Map<String, LambdaFunction> functions = Map.of(
                "request", (payload, invocation) -> payload,
                "flaky", (payload, invocation) -> payload,
                "slow", (payload, invocation) -> ((ObjectNode) payload.deepCopy()).put("slow", "done"));
        engine = new EngineUnderTest(directory, builder -> builder.lambdaFunctions(
                name -> Optional.ofNullable(functions.get(LambdaFunctions.functionName(name)))));
        engine.idle();
    }

    @AfterEach
    void close() {
        engine.close();
    }

    private static String execution(String machine, String name) {
        return ARN + "execution:" + machine + ":" + name;
    }

    @Test
    void machines_keepTheirOrderRevisionsAndDeletions() {
        List<String> names = engine.engine().listStateMachines(0, null).items().stream()
                .map(StateMachineSummary::name).toList();
        assertThat(names).containsExactly("gate", "waiter", "retrier", "done", "broken", "mapper", "fan", "child",
                "parent", "hanging");
        StateMachineDescription gate = engine.engine().describeStateMachine(ARN + "stateMachine:gate");
        assertThat(gate.definition()).contains("\"TimeoutSeconds\": 900");
        assertThat(gate.updateDate()).isNotNull();
        assertThat(engine.describe(execution("retired", "retired-1")).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    }

    @Test
    void closedExecutions_keepTheirOutcomesAndHistories() {
        ExecutionDescription done = engine.describe(execution("done", "done-1"));
        assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(EngineUnderTest.json(done.output())).isEqualTo(EngineUnderTest.json("{\"ok\": true}"));
        assertThat(engine.types(done.executionArn())).containsExactly("ExecutionStarted", "PassStateEntered",
                "PassStateExited", "ExecutionSucceeded");
        ExecutionDescription broken = engine.describe(execution("broken", "broken-1"));
        assertThat(broken.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(broken.error()).isEqualTo("Fixture.Broken");
        assertThat(broken.cause()).isEqualTo("as written");
    }

    @Test
    void aCallbackTask_takesItsTokenAndHeartbeat_andKeepsTheDefinitionItStartedWith() {
        String gate = execution("gate", "gate-1");
        String token = engine.token(gate);
        engine.engine().sendTaskHeartbeat(token);
        engine.engine().sendTaskSuccess(token, "{\"outcome\": \"APPROVED\"}");
        engine.idle();
        ExecutionDescription done = engine.describe(gate);
        assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(EngineUnderTest.json(done.output()).get("decision").get("outcome").asText()).isEqualTo("APPROVED");
        assertThat(engine.first(gate, HistoryEventType.TaskScheduled).details().get("timeoutInSeconds").asInt())
                .isEqualTo(600);
        assertThat(engine.types(gate)).containsExactly("ExecutionStarted", "TaskStateEntered", "TaskScheduled",
                "TaskStarted", "TaskSubmitted", "TaskSucceeded", "TaskStateExited", "SucceedStateEntered",
                "SucceedStateExited", "ExecutionSucceeded");
    }

    @Test
    void timers_fireWhenTheirTimeComes() {
        String gate = execution("gate", "gate-2");
        engine.advance(Duration.ofSeconds(60));
        assertThat(engine.describe(execution("waiter", "waiter-1")).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(engine.describe(execution("retrier", "retrier-1")).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(engine.describe(gate).status()).isEqualTo(ExecutionStatus.RUNNING);
        engine.advance(Duration.ofSeconds(300));
        ExecutionDescription timedOut = engine.describe(gate);
        assertThat(timedOut.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(timedOut.error()).isEqualTo("States.Timeout");
    }

    @Test
    void aMapPartWayThroughItsItems_finishesWithEveryResultInOrder() {
        String mapper = execution("mapper", "mapper-1");
        for (int round = 0; round < 3; round++) {
            List<String> tokens = engine.tokens(mapper);
            engine.engine().sendTaskSuccess(tokens.get(round), "{\"round\": " + round + "}");
            engine.idle();
        }
        ExecutionDescription done = engine.describe(mapper);
        assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(EngineUnderTest.json(done.output())).isEqualTo(EngineUnderTest.json(
                "[{\"round\": 0}, {\"round\": 1}, {\"round\": 2}]"));
    }

    @Test
    void aJsonataParallel_finishesBothBranches() {
        String fan = execution("fan", "fan-1");
        engine.engine().sendTaskSuccess(engine.token(fan), "{\"a\": true}");
        engine.advance(Duration.ofSeconds(5));
        ExecutionDescription done = engine.describe(fan);
        assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(EngineUnderTest.json(done.output())).isEqualTo(EngineUnderTest.json(
                "{\"both\": [{\"a\": true}, {\"n\": 3}]}"));
    }

    @Test
    void aSyncParent_resumesWhenItsChildEnds() {
        String child = execution("child", "nested-child");
        engine.engine().sendTaskSuccess(engine.token(child), "{\"yes\": 1}");
        engine.idle();
        ExecutionDescription parent = engine.describe(execution("parent", "parent-1"));
        assertThat(parent.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(EngineUnderTest.json(parent.output())).isEqualTo(EngineUnderTest.json(
                "{\"from\": \"parent\", \"answer\": {\"yes\": 1}}"));
    }

    @Test
    void anInvocationRunningAtTheCrash_runsAgain() {
        ExecutionDescription done = engine.describe(execution("hanging", "hanging-1"));
        assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(EngineUnderTest.json(done.output())).isEqualTo(EngineUnderTest.json(
                "{\"n\": 1, \"slow\": \"done\"}"));
    }
}
