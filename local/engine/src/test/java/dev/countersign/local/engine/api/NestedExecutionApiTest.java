package dev.countersign.local.engine.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;

/**
 * A nested workflow through the Step Functions API with the real SfnClient: the child is an ordinary execution that
 * DescribeExecution shows as AWS does (the started-by field in its input, nothing more), the parent's history parses
 * with the SDK's own event types, and StopExecution on the parent stops its {@code .sync:2} child.
 */
class NestedExecutionApiTest {
    static final String PARENT = """
            {"StartAt": "Approve", "States": {
              "Approve": {"Type": "Task", "Resource": "arn:aws:states:::states:startExecution.sync:2",
                "Parameters": {"StateMachineArn": "%s",
                  "Input": {"proposal.$": "$", "AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID.$": "$$.Execution.Id"}},
                "ResultSelector": {"decision.$": "$.Output.decision"}, "End": true}}}""";

    @TempDir
    Path directory;
    ApiFixture api;
    RawApi raw;
    String parentMachine;

    @BeforeEach
    void start() throws Exception {
        api = new ApiFixture(directory);
        raw = new RawApi(api.server.endpoint());
        String child = api.createGateMachine("approval-gate");
        parentMachine = api.sfn.createStateMachine(b -> b.name("refund").definition(PARENT.formatted(child))
                .roleArn(ApiFixture.ROLE)).stateMachineArn();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private String onlyChild() {
        List<ExecutionListItem> children = api.sfn.listExecutions(b -> b.stateMachineArn(
                "arn:aws:states:us-east-1:123456789012:stateMachine:approval-gate")).executions();
        assertThat(children).hasSize(1);
        return children.get(0).executionArn();
    }

    @Test
    void theChild_isDescribedAsAwsDescribesIt_andTheParentResumesWithItsOutput() throws Exception {
        String parent = api.startPaused(parentMachine, "refund-1", "{\"amount\":7}");
        String child = onlyChild();

        DescribeExecutionResponse described = api.sfn.describeExecution(b -> b.executionArn(child));
        assertThat(described.status()).isEqualTo(ExecutionStatus.RUNNING);
        assertThat(ApiFixture.json(described.input())).isEqualTo(ApiFixture.json(
                "{\"proposal\":{\"amount\":7},\"AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID\":\"" + parent + "\"}"));
        JsonNode body = raw.call("DescribeExecution", "{\"executionArn\":\"" + child + "\"}").body();
        // Nothing beyond DescribeExecution's own fields: AWS has no parent field; the input carries the link.
        assertThat(body.fieldNames()).toIterable().containsExactlyInAnyOrder("executionArn", "stateMachineArn",
                "name", "status", "startDate", "input", "inputDetails", "redriveCount", "redriveStatus",
                "redriveStatusReason");

        api.sfn.sendTaskSuccess(b -> b.taskToken(api.tokenOf(child)).output("{\"outcome\":\"APPROVED\"}"));
        api.awaitIdle();

        assertThat(ApiFixture.json(api.sfn.describeExecution(b -> b.executionArn(parent)).output()))
                .isEqualTo(ApiFixture.json("{\"decision\":{\"outcome\":\"APPROVED\"}}"));
        List<HistoryEvent> events = api.sfn.getExecutionHistory(b -> b.executionArn(parent)).events();
        assertThat(events).extracting(HistoryEvent::type).contains(HistoryEventType.TASK_SUBMITTED,
                HistoryEventType.TASK_SUCCEEDED);
        HistoryEvent submitted = events.stream().filter(e -> e.type() == HistoryEventType.TASK_SUBMITTED)
                .findFirst().orElseThrow();
        assertThat(submitted.taskSubmittedEventDetails().resourceType()).isEqualTo("states");
        assertThat(submitted.taskSubmittedEventDetails().resource()).isEqualTo("startExecution.sync:2");
        assertThat(ApiFixture.json(submitted.taskSubmittedEventDetails().output()).get("ExecutionArn").asText())
                .isEqualTo(child);
    }

    @Test
    void stopExecutionOnTheParent_stopsItsSyncChild() throws Exception {
        String parent = api.startPaused(parentMachine, "refund-2", "{\"amount\":8}");
        String child = onlyChild();

        api.sfn.stopExecution(b -> b.executionArn(parent).cause("withdrawn"));
        api.awaitIdle();

        DescribeExecutionResponse stopped = api.sfn.describeExecution(b -> b.executionArn(child));
        assertThat(stopped.status()).isEqualTo(ExecutionStatus.ABORTED);
        assertThat(stopped.error()).isNull();
        assertThat(stopped.cause()).isEqualTo("The Task state in AWS Step Functions execution [" + parent
                + "] which was managing this resource was aborted");
    }
}
