package dev.countersign.local.engine.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.local.engine.EngineUnderTest;
import dev.countersign.local.engine.ExecutionDescription;
import dev.countersign.local.engine.ExecutionStatus;
import dev.countersign.local.engine.HistoryEventType;
import dev.countersign.local.engine.InvalidOutputException;
import dev.countersign.local.engine.InvalidTokenException;
import dev.countersign.local.engine.LambdaFunctionError;
import dev.countersign.local.engine.TaskDoesNotExistException;
import dev.countersign.local.engine.TaskTimedOutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Callback tasks: task tokens, SendTaskSuccess/Failure/Heartbeat and AWS's errors for closed or unknown tokens. */
class TaskTokenTest {
    @TempDir
    Path directory;
    @TempDir
    Path otherDirectory;
    EngineUnderTest engine;
    final List<String> tokens = new CopyOnWriteArrayList<>();
    final AtomicInteger requests = new AtomicInteger();

    static final String GATE = """
            {"StartAt": "Gate", "States": {
              "Gate": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
                "Parameters": {"FunctionName": "request", "Payload": {"token.$": "$$.Task.Token", "input.$": "$"}},
                "HeartbeatSeconds": 60, "TimeoutSeconds": 3600, "ResultPath": "$.decision",
                "Catch": [{"ErrorEquals": ["Rejected"], "ResultPath": "$.error", "Next": "Rejected"}],
                "Next": "Approved"},
              "Approved": {"Type": "Succeed"},
              "Rejected": {"Type": "Fail", "Error": "NotApproved", "CausePath": "$.error.Cause"}}}""";

    @BeforeEach
    void open() {
        engine = new EngineUnderTest(directory);
        engine.functions.put("request", (payload, invocation) -> {
            requests.incrementAndGet();
            tokens.add(payload.get("token").asText());
            return EngineUnderTest.json("{\"sent\": true}");
        });
    }

    @AfterEach
    void close() {
        engine.close();
    }

    private String paused() {
        String execution = engine.start(engine.machine(GATE), "{\"proposal\": 1}");
        engine.idle();
        return execution;
    }

    @Test
    void callbackTask_pausesUntilSendTaskSuccess_thenContinuesWithTheOutput() {
        String execution = paused();
        assertThat(engine.describe(execution).status()).isEqualTo(ExecutionStatus.RUNNING);
        assertThat(engine.types(execution)).endsWith("TaskScheduled", "TaskStarted", "TaskSubmitted");
        JsonNode submitted = EngineUnderTest.json(engine.first(execution, HistoryEventType.TaskSubmitted)
                .details().get("output").asText());
        assertThat(submitted.at("/Payload/sent").asBoolean()).isTrue();

        engine.engine().sendTaskSuccess(tokens.get(0), "{\"outcome\": \"APPROVED\"}");
        engine.idle();
        ExecutionDescription done = engine.describe(execution);
        assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(EngineUnderTest.json(done.output())).isEqualTo(EngineUnderTest.json(
                "{\"proposal\": 1, \"decision\": {\"outcome\": \"APPROVED\"}}"));
        assertThat(engine.types(execution)).containsSubsequence("TaskSubmitted", "TaskSucceeded", "TaskStateExited",
                "SucceedStateEntered");
    }

    @Test
    void sendTaskFailure_routesThroughCatch() {
        String execution = paused();
        engine.engine().sendTaskFailure(tokens.get(0), "Rejected", "not this time");
        engine.idle();
        ExecutionDescription done = engine.describe(execution);
        assertThat(done.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(done.error()).isEqualTo("NotApproved");
        assertThat(done.cause()).isEqualTo("not this time");
        assertThat(engine.first(execution, HistoryEventType.TaskFailed).details().get("error").asText())
                .isEqualTo("Rejected");
    }

    @Test
    void secondSuccess_onTheSameToken_isRefusedWithTaskTimedOut() {
        paused();
        engine.engine().sendTaskSuccess(tokens.get(0), "{}");
        // A double click must not decide twice: the token closed with the first success.
        assertThatThrownBy(() -> engine.engine().sendTaskSuccess(tokens.get(0), "{}"))
                .isInstanceOf(TaskTimedOutException.class);
        engine.idle();
        assertThatThrownBy(() -> engine.engine().sendTaskFailure(tokens.get(0), "Rejected", null))
                .isInstanceOf(TaskTimedOutException.class);
    }

    @Test
    void heartbeat_keepsTheTaskAlive_andMissingOneTimesItOut() {
        String execution = paused();
        engine.advance(Duration.ofSeconds(59));
        engine.engine().sendTaskHeartbeat(tokens.get(0));
        engine.advance(Duration.ofSeconds(59));
        assertThat(engine.describe(execution).status()).isEqualTo(ExecutionStatus.RUNNING);
        engine.advance(Duration.ofSeconds(1));
        ExecutionDescription done = engine.describe(execution);
        assertThat(done.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(done.error()).isEqualTo("States.Timeout");
        assertThat(engine.first(execution, HistoryEventType.TaskTimedOut).details().get("error").asText())
                .isEqualTo("States.Timeout");
        assertThatThrownBy(() -> engine.engine().sendTaskSuccess(tokens.get(0), "{}"))
                .isInstanceOf(TaskTimedOutException.class);
        assertThatThrownBy(() -> engine.engine().sendTaskHeartbeat(tokens.get(0)))
                .isInstanceOf(TaskTimedOutException.class);
    }

    @Test
    void timeoutSeconds_closesTheTaskWithStatesTimeout() {
        String execution = engine.start(engine.machine(GATE.replace("\"HeartbeatSeconds\": 60, ", "")), "{}");
        engine.idle();
        engine.advance(Duration.ofSeconds(3599));
        assertThat(engine.describe(execution).status()).isEqualTo(ExecutionStatus.RUNNING);
        engine.advance(Duration.ofSeconds(1));
        assertThat(engine.describe(execution).error()).isEqualTo("States.Timeout");
        assertThatThrownBy(() -> engine.engine().sendTaskSuccess(tokens.get(0), "{}"))
                .isInstanceOf(TaskTimedOutException.class);
    }

    @Test
    void stoppedExecution_closesItsTokens() {
        String execution = paused();
        engine.engine().stopExecution(execution, "Cancelled", "by the requester");
        ExecutionDescription done = engine.describe(execution);
        assertThat(done.status()).isEqualTo(ExecutionStatus.ABORTED);
        assertThat(done.error()).isEqualTo("Cancelled");
        assertThat(engine.types(execution)).endsWith("TaskStateAborted", "ExecutionAborted");
        assertThatThrownBy(() -> engine.engine().sendTaskSuccess(tokens.get(0), "{}"))
                .isInstanceOf(TaskTimedOutException.class);
    }

    @Test
    void malformedToken_isInvalidToken() {
        paused();
        String token = tokens.get(0);
        assertThatThrownBy(() -> engine.engine().sendTaskSuccess("not-a-token", "{}"))
                .isInstanceOf(InvalidTokenException.class);
        // One flipped character breaks the checksum: a mangled token is not mistaken for another task.
        char last = token.charAt(token.length() - 2);
        String mangled = token.substring(0, token.length() - 2) + (last == 'A' ? 'B' : 'A')
                + token.charAt(token.length() - 1);
        assertThatThrownBy(() -> engine.engine().sendTaskSuccess(mangled, "{}"))
                .isInstanceOf(InvalidTokenException.class);
    }

    @Test
    void tokenOfAnExecutionThisEngineNeverHad_isTaskDoesNotExist() {
        try (EngineUnderTest other = new EngineUnderTest(otherDirectory)) {
            List<String> foreign = new CopyOnWriteArrayList<>();
            other.functions.put("request", (payload, invocation) -> {
                foreign.add(payload.get("token").asText());
                return payload;
            });
            String machine = other.machine(GATE);
            for (int i = 0; i < 3; i++) {
                other.start(machine, "{}");
            }
            other.idle();
            paused();
            String fromThirdExecution = foreign.stream().filter(t -> number(t) == 3).findFirst().orElseThrow();
            assertThatThrownBy(() -> engine.engine().sendTaskSuccess(fromThirdExecution, "{}"))
                    .isInstanceOf(TaskDoesNotExistException.class);
        }
    }

    @Test
    void invalidOutput_isRefusedAndTheTaskStaysOpen() {
        String execution = paused();
        assertThatThrownBy(() -> engine.engine().sendTaskSuccess(tokens.get(0), "{not json"))
                .isInstanceOf(InvalidOutputException.class);
        assertThatThrownBy(() -> engine.engine().sendTaskSuccess(tokens.get(0), "\"" + "x".repeat(300_000) + "\""))
                .isInstanceOf(InvalidOutputException.class);
        engine.engine().sendTaskSuccess(tokens.get(0), "{}");
        engine.idle();
        assertThat(engine.describe(execution).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    }

    @Test
    void tokens_areUniquePerAttempt_andCarryAtLeast128RandomBits() {
        engine.functions.put("request", (payload, invocation) -> {
            tokens.add(payload.get("token").asText());
            if (tokens.size() == 1) {
                throw new LambdaFunctionError("Busy", "try later");
            }
            return payload;
        });
        String execution = engine.start(engine.machine(GATE.replace("\"HeartbeatSeconds\": 60,",
                "\"Retry\": [{\"ErrorEquals\": [\"Busy\"], \"IntervalSeconds\": 1}],")), "{}");
        engine.idle();
        engine.advance(Duration.ofSeconds(1));
        assertThat(tokens).hasSize(2).doesNotHaveDuplicates();
        for (String token : tokens) {
            assertThat(Base64.getUrlDecoder().decode(token).length).isGreaterThanOrEqualTo(1 + 8 + 16);
        }
        // The failed attempt's token closed with it; only the retry's token completes the task.
        assertThatThrownBy(() -> engine.engine().sendTaskSuccess(tokens.get(0), "{}"))
                .isInstanceOf(TaskTimedOutException.class);
        engine.engine().sendTaskSuccess(tokens.get(1), "{}");
        engine.idle();
        assertThat(engine.describe(execution).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    }

    @Test
    void callbackSentWhileTheFunctionIsStillRunning_completesTheTask() {
        engine.functions.put("request", (payload, invocation) -> {
            engine.engine().sendTaskSuccess(payload.get("token").asText(), "{\"fast\": true}");
            return payload;
        });
        String execution = engine.start(engine.machine(GATE), "{}");
        engine.idle();
        ExecutionDescription done = engine.describe(execution);
        assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(EngineUnderTest.json(done.output()).at("/decision/fast").asBoolean()).isTrue();
    }

    private static long number(String token) {
        return java.nio.ByteBuffer.wrap(Base64.getUrlDecoder().decode(token)).getLong(1);
    }
}
