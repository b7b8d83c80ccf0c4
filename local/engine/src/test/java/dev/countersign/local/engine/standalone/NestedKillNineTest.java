package dev.countersign.local.engine.standalone;

import static dev.countersign.local.engine.standalone.EngineProcess.awaitCondition;
import static dev.countersign.local.engine.standalone.TokenJournalEngineMain.readTokens;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.countersign.local.engine.api.SfnClients;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;

/**
 * Nested workflows across a SIGKILL of the engine's JVM: parents paused on {@code .sync:2} children resume after a
 * restart on the same data directory — when the child ends after the restart (a gate's token), and when its timer
 * fell due while the engine was down — each exactly once, with no child started or invoked twice.
 */
class NestedKillNineTest {
    private static final Duration DEADLINE = Duration.ofSeconds(120);
    private static final int GATED = 10;
    private static final int TIMED = 5;
    private static final int CHILD_WAIT_SECONDS = 8;
    private static final String ROLE = "arn:aws:iam::123456789012:role/nested";
    private static final String ARN = "arn:aws:states:us-east-1:123456789012:";
    private static final String GATE_CHILD = """
            {"StartAt": "Gate", "States": {
              "Gate": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
                "Parameters": {"FunctionName": "gate", "Payload": {"token.$": "$$.Task.Token"}},
                "ResultPath": "$.decision", "End": true}}}""";
    private static final String TIMER_CHILD = """
            {"StartAt": "Sleep", "States": {"Sleep": {"Type": "Wait", "Seconds": %d, "End": true}}}"""
            .formatted(CHILD_WAIT_SECONDS);
    private static final String PARENT = """
            {"StartAt": "Nest", "States": {
              "Nest": {"Type": "Task", "Resource": "arn:aws:states:::states:startExecution.sync:2",
                "Parameters": {"StateMachineArn.$": "$.child",
                  "Input": {"n.$": "$.n", "AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID.$": "$$.Execution.Id"}},
                "OutputPath": "$.Output", "End": true}}}""";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path work;

    @Test
    void parentsWaitingOnChildren_surviveSigkill_andResumeOnce_whetherTheChildEndsAfterOrWhileDown() throws Exception {
        Path data = work.resolve("engine");
        Path tokens = work.resolve("tokens.tsv");
        List<String> gated = new ArrayList<>();
        List<String> timed = new ArrayList<>();
        Instant timersDue;

        try (EngineProcess first = startEngine(data, tokens, "first");
             SfnClient sfn = SfnClients.against(first.endpoint())) {
            create(sfn, "gate-child", GATE_CHILD);
            create(sfn, "timer-child", TIMER_CHILD);
            String parent = create(sfn, "parent", PARENT);
            for (int n = 0; n < GATED; n++) {
                gated.add(start(sfn, parent, "gated-" + n, "gate-child", n));
            }
            Instant startedTimers = Instant.now();
            for (int n = 0; n < TIMED; n++) {
                timed.add(start(sfn, parent, "timed-" + n, "timer-child", n));
            }
            timersDue = startedTimers.plusSeconds(CHILD_WAIT_SECONDS);
            awaitCondition(() -> readTokens(tokens).size() == GATED, "every gate child invoked");
            for (String execution : gated) {
                awaitCondition(() -> has(sfn, execution, HistoryEventType.TASK_SUBMITTED), "TaskSubmitted in "
                        + execution);
            }
            for (String execution : timed) {
                awaitCondition(() -> has(sfn, execution, HistoryEventType.TASK_SUBMITTED), "TaskSubmitted in "
                        + execution);
            }
            for (String execution : timed) {
                assertThat(sfn.describeExecution(b -> b.executionArn(execution)).status())
                        .as("%s still waits for its timer child when the engine is killed", execution)
                        .isEqualTo(ExecutionStatus.RUNNING);
            }

            assertThat(first.killForcibly()).as("exit status of the killed engine").isEqualTo(137);
        }
        // The timer children fall due while nothing runs.
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), timersDue).toMillis() + 1000));

        try (EngineProcess second = startEngine(data, tokens, "second");
             SfnClient sfn = SfnClients.against(second.endpoint())) {
            Map<String, List<String>> issued = readTokens(tokens);
            for (Map.Entry<String, List<String>> child : issued.entrySet()) {
                sfn.sendTaskSuccess(b -> b.taskToken(child.getValue().get(0)).output("{\"outcome\":\"APPROVED\"}"));
            }
            List<String> parents = new ArrayList<>(gated);
            parents.addAll(timed);
            awaitCondition(() -> parents.stream().allMatch(parent -> sfn.describeExecution(b -> b.executionArn(parent))
                    .status() == ExecutionStatus.SUCCEEDED), "every parent SUCCEEDED");

            for (int n = 0; n < GATED; n++) {
                assertResumedOnce(sfn, gated.get(n), childInput(n, gated.get(n))
                        + ",\"decision\":{\"outcome\":\"APPROVED\"}}");
            }
            for (int n = 0; n < TIMED; n++) {
                assertResumedOnce(sfn, timed.get(n), childInput(n, timed.get(n)) + "}");
            }
            // One child per parent, and every gate ran exactly once across the kill and the restart.
            assertThat(sfn.listExecutions(b -> b.stateMachineArn(ARN + "stateMachine:gate-child")).executions())
                    .hasSize(GATED);
            assertThat(sfn.listExecutions(b -> b.stateMachineArn(ARN + "stateMachine:timer-child")).executions())
                    .hasSize(TIMED);
            assertThat(readTokens(tokens).values()).hasSize(GATED).allSatisfy(list -> assertThat(list).hasSize(1));
        }
    }

    private EngineProcess startEngine(Path data, Path tokens, String run) throws Exception {
        return EngineProcess.start(TokenJournalEngineMain.class, work.resolve(run + ".log"), DEADLINE,
                tokens.toString(), "--port", "0", "--data", data.toString());
    }

    private static String create(SfnClient sfn, String name, String definition) {
        return sfn.createStateMachine(b -> b.name(name).definition(definition).roleArn(ROLE)).stateMachineArn();
    }

    private static String start(SfnClient sfn, String parent, String name, String child, int n) {
        String input = "{\"child\":\"" + ARN + "stateMachine:" + child + "\",\"n\":" + n + "}";
        return sfn.startExecution(b -> b.stateMachineArn(parent).name(name).input(input)).executionArn();
    }

    /** The child's input as the parent built it, without its closing brace. */
    private static String childInput(int n, String parent) {
        return "{\"n\":" + n + ",\"AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID\":\"" + parent + "\"";
    }

    private static boolean has(SfnClient sfn, String execution, HistoryEventType type) {
        return sfn.getExecutionHistory(b -> b.executionArn(execution).maxResults(1000)).events().stream()
                .anyMatch(event -> event.type() == type);
    }

    private static void assertResumedOnce(SfnClient sfn, String parent, String output) throws Exception {
        List<HistoryEvent> events = sfn.getExecutionHistory(b -> b.executionArn(parent).maxResults(1000)).events();
        assertThat(events).extracting(HistoryEvent::type).as(parent).containsExactly(
                HistoryEventType.EXECUTION_STARTED, HistoryEventType.TASK_STATE_ENTERED,
                HistoryEventType.TASK_SCHEDULED, HistoryEventType.TASK_STARTED, HistoryEventType.TASK_SUBMITTED,
                HistoryEventType.TASK_SUCCEEDED, HistoryEventType.TASK_STATE_EXITED,
                HistoryEventType.EXECUTION_SUCCEEDED);
        JsonNode actual = JSON.readTree(events.get(events.size() - 1).executionSucceededEventDetails().output());
        assertThat(actual).as(parent).isEqualTo(JSON.readTree(output));
    }
}
