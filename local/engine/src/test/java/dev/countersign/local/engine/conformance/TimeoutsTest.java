package dev.countersign.local.engine.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.countersign.local.engine.EngineUnderTest;
import dev.countersign.local.engine.ExecutionStatus;
import dev.countersign.local.engine.HistoryEventType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TimeoutSeconds/HeartbeatSeconds in their Path and JSONata forms, Catch of timeouts, and aborts. */
class TimeoutsTest {
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
    }

    @AfterEach
    void close() {
        engine.close();
    }

    private static String gate(String timeouts, String language) {
        String token = language.isEmpty() ? "\"Parameters\": {\"FunctionName\": \"request\", \"Payload\": {\"token.$\":"
                + " \"$$.Task.Token\"}}" : "\"Arguments\": {\"FunctionName\": \"request\", \"Payload\": {\"token\":"
                + " \"{% $states.context.Task.Token %}\"}}";
        return """
                {%s "StartAt": "Gate", "States": {
                  "Gate": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken", %s, %s,
                    "Catch": [{"ErrorEquals": ["States.Timeout"], "Next": "Escalate"}], "End": true},
                  "Escalate": {"Type": "Pass", "End": true}}}""".formatted(language, token, timeouts);
    }

    @Test
    void timeoutSecondsPath_readsTheTimeoutFromTheInput_andCatchEscalates() {
        String execution = engine.start(engine.machine(gate("\"TimeoutSecondsPath\": \"$.level.timeout\"", "")),
                "{\"level\": {\"timeout\": 900}}");
        engine.idle();
        assertThat(engine.first(execution, HistoryEventType.TaskScheduled).details().get("timeoutInSeconds").asInt())
                .isEqualTo(900);
        engine.advance(Duration.ofSeconds(899));
        assertThat(engine.describe(execution).status()).isEqualTo(ExecutionStatus.RUNNING);
        engine.advance(Duration.ofSeconds(1));
        assertThat(engine.describe(execution).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(EngineUnderTest.json(engine.describe(execution).output()).get("Error").asText())
                .isEqualTo("States.Timeout");
        assertThat(engine.types(execution)).containsSubsequence("TaskTimedOut", "TaskStateExited",
                "PassStateEntered");
    }

    @Test
    void heartbeatSecondsPath_andAHeartbeatTimeoutIsCaughtAsStatesTimeout() {
        String execution = engine.start(engine.machine(gate("\"HeartbeatSecondsPath\": \"$.hb\"", "")),
                "{\"hb\": 30}");
        engine.idle();
        engine.advance(Duration.ofSeconds(30));
        // A catcher for States.Timeout also handles heartbeat timeouts, as the error names are documented.
        assertThat(engine.describe(execution).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(EngineUnderTest.json(engine.describe(execution).output()).get("Error").asText())
                .isEqualTo("States.Timeout");
    }

    @Test
    void jsonataTimeoutExpressions() {
        String execution = engine.start(engine.machine(gate(
                "\"TimeoutSeconds\": \"{% $states.input.hours * 3600 %}\", \"HeartbeatSeconds\": \"{% 600 %}\"",
                "\"QueryLanguage\": \"JSONata\",")), "{\"hours\": 1}");
        engine.idle();
        for (int i = 0; i < 6; i++) {
            engine.advance(Duration.ofSeconds(599));
            engine.engine().sendTaskHeartbeat(tokens.get(0));
        }
        assertThat(engine.describe(execution).status()).isEqualTo(ExecutionStatus.RUNNING);
        engine.advance(Duration.ofSeconds(3600 - 6 * 599));
        assertThat(EngineUnderTest.json(engine.describe(execution).output()).get("Error").asText())
                .isEqualTo("States.Timeout");
    }

    @Test
    void timeoutPathWithABadValue_failsWithStatesRuntime() {
        String execution = engine.start(engine.machine(gate("\"TimeoutSecondsPath\": \"$.t\"", "")),
                "{\"t\": \"an hour\"}");
        engine.idle();
        assertThat(engine.describe(execution).error()).isEqualTo("States.Runtime");
        assertThat(engine.describe(execution).cause()).contains("TimeoutSeconds");
    }

    @Test
    void stoppingAnExecution_abortsRunningMapIterations() {
        String execution = engine.start(engine.machine("""
                {"StartAt": "M", "States": {"M": {"Type": "Map", "ItemProcessor": {"StartAt": "Gate", "States": {
                  "Gate": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
                    "Parameters": {"FunctionName": "request", "Payload": {"token.$": "$$.Task.Token"}},
                    "End": true}}}, "End": true}}}"""), "[1, 2]");
        engine.idle();
        engine.engine().stopExecution(execution, null, null);
        List<String> types = engine.types(execution);
        assertThat(types.stream().filter("MapIterationAborted"::equals)).hasSize(2);
        assertThat(types.stream().filter("TaskStateAborted"::equals)).hasSize(2);
        assertThat(types).endsWith("MapStateAborted", "ExecutionAborted");
    }

    @Test
    void stoppingAnExecution_duringARetryInterval_cancelsTheRetry() {
        engine.functions.put("fails", (payload, invocation) -> {
            throw new dev.countersign.local.engine.LambdaFunctionError("Busy", "later");
        });
        String execution = engine.start(engine.machine("""
                {"StartAt": "T", "States": {"T": {"Type": "Task",
                  "Resource": "arn:aws:lambda:us-east-1:123456789012:function:fails",
                  "Retry": [{"ErrorEquals": ["Busy"], "IntervalSeconds": 60}], "End": true}}}"""), "{}");
        engine.idle();
        engine.engine().stopExecution(execution, "Stopped", null);
        engine.advance(Duration.ofSeconds(120));
        assertThat(engine.all(execution, HistoryEventType.LambdaFunctionScheduled)).hasSize(1);
        assertThat(engine.describe(execution).status()).isEqualTo(ExecutionStatus.ABORTED);
    }
}
