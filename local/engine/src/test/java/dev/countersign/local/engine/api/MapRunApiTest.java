package dev.countersign.local.engine.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.DescribeMapRunResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;
import software.amazon.awssdk.services.sfn.model.MapRunListItem;
import software.amazon.awssdk.services.sfn.model.MapRunStatus;
import software.amazon.awssdk.services.sfn.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sfn.model.ValidationException;

/**
 * Issue 16, item 14, through the Step Functions API with the real SfnClient: what a user of a Distributed Map sees —
 * the MapRunStarted event's map run ARN, DescribeMapRun, ListMapRuns, and ListExecutions by map run (children with
 * their map run and item count, DescribeExecution naming the map run).
 */
class MapRunApiTest {
    static final String MACHINE = """
            {"StartAt": "Fan", "States": {
              "Fan": {"Type": "Map", "Label": "fanout", "MaxConcurrency": 1,
                "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"},
                  "StartAt": "Keep", "States": {"Keep": {"Type": "Pass", "End": true}}},
                "End": true}}}""";

    @TempDir
    Path directory;
    ApiFixture api;

    @BeforeEach
    void start() throws Exception {
        api = new ApiFixture(directory);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void aMapRun_isDescribedListedAndItsChildrenListed_asAwsShowsThem() throws Exception {
        String machine = api.sfn.createStateMachine(b -> b.name("dmap").definition(MACHINE).roleArn(ApiFixture.ROLE))
                .stateMachineArn();
        String execution = api.sfn.startExecution(b -> b.stateMachineArn(machine).input("[1, 2]")).executionArn();
        api.awaitIdle();

        assertThat(api.sfn.describeExecution(b -> b.executionArn(execution)).output()).isEqualTo("[1,2]");
        List<HistoryEvent> events = api.sfn.getExecutionHistory(b -> b.executionArn(execution)).events();
        HistoryEvent started = events.stream().filter(e -> e.type() == HistoryEventType.MAP_RUN_STARTED)
                .findFirst().orElseThrow();
        String mapRunArn = started.mapRunStartedEventDetails().mapRunArn();
        assertThat(mapRunArn).startsWith("arn:aws:states:us-east-1:123456789012:mapRun:dmap/fanout:");
        assertThat(events).extracting(HistoryEvent::type).contains(HistoryEventType.MAP_RUN_SUCCEEDED);

        DescribeMapRunResponse run = api.sfn.describeMapRun(b -> b.mapRunArn(mapRunArn));
        assertThat(run.status()).isEqualTo(MapRunStatus.SUCCEEDED);
        assertThat(run.executionArn()).isEqualTo(execution);
        assertThat(run.maxConcurrency()).isEqualTo(1);
        assertThat(run.itemCounts().total()).isEqualTo(2);
        assertThat(run.itemCounts().succeeded()).isEqualTo(2);
        assertThat(run.executionCounts().resultsWritten()).isEqualTo(2);
        assertThat(run.stopDate()).isNotNull();

        List<MapRunListItem> runs = api.sfn.listMapRuns(b -> b.executionArn(execution)).mapRuns();
        assertThat(runs).singleElement().satisfies(item -> {
            assertThat(item.mapRunArn()).isEqualTo(mapRunArn);
            assertThat(item.stateMachineArn()).isEqualTo("arn:aws:states:us-east-1:123456789012:stateMachine:"
                    + "dmap/fanout");
        });

        List<ExecutionListItem> children = api.sfn.listExecutions(b -> b.mapRunArn(mapRunArn)).executions();
        assertThat(children).hasSize(2).allSatisfy(child -> {
            assertThat(child.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(child.mapRunArn()).isEqualTo(mapRunArn);
            assertThat(child.itemCount()).isEqualTo(1);
        });
        DescribeExecutionResponse child = api.sfn.describeExecution(b -> b.executionArn(children.get(0)
                .executionArn()));
        assertThat(child.mapRunArn()).isEqualTo(mapRunArn);
        assertThat(child.stateMachineArn()).endsWith(":stateMachine:dmap/fanout");
    }

    @Test
    void anUnknownMapRun_isResourceNotFound_andListExecutionsTakesOneOfMachineAndMapRun() {
        String unknown = "arn:aws:states:us-east-1:123456789012:mapRun:dmap/fanout:00000000-0000-0000-0000-000000000000";
        assertThatThrownBy(() -> api.sfn.describeMapRun(b -> b.mapRunArn(unknown)))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> api.sfn.listExecutions(b -> b.mapRunArn(unknown)))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> api.sfn.listExecutions(b -> b.mapRunArn(unknown).stateMachineArn(
                "arn:aws:states:us-east-1:123456789012:stateMachine:dmap")))
                .isInstanceOf(ValidationException.class);
    }
}
