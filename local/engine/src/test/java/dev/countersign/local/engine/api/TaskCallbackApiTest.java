package dev.countersign.local.engine.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;
import software.amazon.awssdk.services.sfn.model.TaskTimedOutException;

/** The approval gate's round trip through the real SfnClient: pause on a token, then success, failure or timeout. */
class TaskCallbackApiTest {
    @TempDir
    Path data;
    private ApiFixture api;
    private String machine;

    @BeforeEach
    void start() throws Exception {
        api = new ApiFixture(data);
        machine = api.createGateMachine("gate");
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void waitForTaskToken_pausesUntilSendTaskSuccess_thenSucceedsWithTheOutput() throws Exception {
        String execution = api.startPaused(machine, "refund-42", "{\"proposal\":{\"amount\":42}}");

        assertThat(api.sfn.describeExecution(b -> b.executionArn(execution)).status())
                .isEqualTo(ExecutionStatus.RUNNING);
        api.sfn.sendTaskSuccess(b -> b.taskToken(api.tokenOf(execution))
                .output("{\"outcome\":\"APPROVED\",\"decidedBy\":\"ana\"}"));
        api.awaitIdle();

        DescribeExecutionResponse done = api.sfn.describeExecution(b -> b.executionArn(execution));
        assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(ApiFixture.json(done.output())).isEqualTo(ApiFixture.json(
                "{\"proposal\":{\"amount\":42},\"decision\":{\"outcome\":\"APPROVED\",\"decidedBy\":\"ana\"}}"));
        assertThat(done.stopDate()).isNotNull();
        List<HistoryEventType> types = api.sfn.getExecutionHistory(b -> b.executionArn(execution)).events().stream()
                .map(HistoryEvent::type).toList();
        assertThat(types).startsWith(HistoryEventType.EXECUTION_STARTED, HistoryEventType.TASK_STATE_ENTERED)
                .contains(HistoryEventType.TASK_SUBMITTED, HistoryEventType.TASK_SUCCEEDED)
                .endsWith(HistoryEventType.EXECUTION_SUCCEEDED);
    }

    @Test
    void sendTaskFailure_takesTheCatchPath_withTheErrorInResultPath() throws Exception {
        String execution = api.startPaused(machine, "refund-43", "{\"proposal\":{\"amount\":43}}");

        api.sfn.sendTaskFailure(b -> b.taskToken(api.tokenOf(execution)).error("Countersign.Rejected")
                .cause("not within policy"));
        api.awaitIdle();

        DescribeExecutionResponse done = api.sfn.describeExecution(b -> b.executionArn(execution));
        assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(ApiFixture.json(done.output()).path("rejection")).isEqualTo(ApiFixture.json(
                "{\"Error\":\"Countersign.Rejected\",\"Cause\":\"not within policy\"}"));
        List<HistoryEvent> events = api.sfn.getExecutionHistory(b -> b.executionArn(execution)).events();
        assertThat(events).filteredOn(e -> e.type() == HistoryEventType.TASK_FAILED).singleElement()
                .satisfies(e -> {
                    assertThat(e.taskFailedEventDetails().error()).isEqualTo("Countersign.Rejected");
                    assertThat(e.taskFailedEventDetails().cause()).isEqualTo("not within policy");
                });
        assertThat(events).filteredOn(e -> e.type() == HistoryEventType.PASS_STATE_ENTERED)
                .singleElement().satisfies(e -> assertThat(e.stateEnteredEventDetails().name()).isEqualTo("Rejected"));
    }

    @Test
    void heartbeat_keepsTheTaskAlive_andMissingOneTimesItOut_afterWhichSuccessIsTaskTimedOut() throws Exception {
        String execution = api.startPaused(machine, "refund-44", "{}");
        String token = api.tokenOf(execution);

        api.clock.advance(Duration.ofSeconds(50));
        api.sfn.sendTaskHeartbeat(b -> b.taskToken(token));
        api.clock.advance(Duration.ofSeconds(50)); // 100 s since the start, 50 s since the heartbeat
        api.awaitIdle();
        assertThat(api.sfn.describeExecution(b -> b.executionArn(execution)).status())
                .isEqualTo(ExecutionStatus.RUNNING);

        api.clock.advance(Duration.ofSeconds(11)); // 61 s without a heartbeat: HeartbeatSeconds is 60
        api.awaitIdle();

        DescribeExecutionResponse timedOut = api.sfn.describeExecution(b -> b.executionArn(execution));
        assertThat(timedOut.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(timedOut.error()).isEqualTo("States.Timeout");
        assertThat(api.sfn.getExecutionHistory(b -> b.executionArn(execution)).events())
                .extracting(HistoryEvent::type).contains(HistoryEventType.TASK_TIMED_OUT);
        // The approver's late click: AWS answers TaskTimedOut, and the execution stays as it was.
        assertThatThrownBy(() -> api.sfn.sendTaskSuccess(b -> b.taskToken(token).output("{}")))
                .isInstanceOfSatisfying(TaskTimedOutException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorMessage()).contains("Task Timed Out");
                });
        assertThatThrownBy(() -> api.sfn.sendTaskHeartbeat(b -> b.taskToken(token)))
                .isInstanceOf(TaskTimedOutException.class);
    }

    @Test
    void secondSendTaskSuccess_onTheSameToken_isTaskTimedOut_andChangesNothing() throws Exception {
        String execution = api.startPaused(machine, "refund-45", "{}");
        String token = api.tokenOf(execution);
        api.sfn.sendTaskSuccess(b -> b.taskToken(token).output("{\"outcome\":\"APPROVED\"}"));
        api.awaitIdle();
        int events = api.sfn.getExecutionHistory(b -> b.executionArn(execution)).events().size();

        assertThatThrownBy(() -> api.sfn.sendTaskSuccess(b -> b.taskToken(token).output("{\"outcome\":\"REJECTED\"}")))
                .isInstanceOfSatisfying(TaskTimedOutException.class, e -> assertThat(e.awsErrorDetails()
                        .errorMessage()).contains("Provided task does not exist anymore"));

        // Guards against a double click flipping an approved decision.
        DescribeExecutionResponse done = api.sfn.describeExecution(b -> b.executionArn(execution));
        assertThat(ApiFixture.json(done.output()).path("decision").path("outcome").asText()).isEqualTo("APPROVED");
        assertThat(api.sfn.getExecutionHistory(b -> b.executionArn(execution)).events()).hasSize(events);
    }
}
