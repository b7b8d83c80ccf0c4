package dev.countersign.local.engine.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.DescribeStateMachineResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.GetExecutionHistoryResponse;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;
import software.amazon.awssdk.services.sfn.model.StateMachineDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.StateMachineListItem;
import software.amazon.awssdk.services.sfn.model.ValidateStateMachineDefinitionResponse;
import software.amazon.awssdk.services.sfn.model.ValidateStateMachineDefinitionResultCode;

/** The operations' response shapes as the real SfnClient reads them: fields, timestamps, paging. */
class ApiOperationsTest {
    private static final String PASS_MACHINE = "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}}";

    @TempDir
    Path data;
    private ApiFixture api;

    @BeforeEach
    void start() throws Exception {
        api = new ApiFixture(data);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void describeStateMachine_returnsWhatWasCreated_withTheEngineClockAsCreationDate() {
        String arn = api.createGateMachine("gate");

        DescribeStateMachineResponse machine = api.sfn.describeStateMachine(b -> b.stateMachineArn(arn));

        assertThat(arn).isEqualTo("arn:aws:states:us-east-1:123456789012:stateMachine:gate");
        assertThat(machine.name()).isEqualTo("gate");
        assertThat(machine.statusAsString()).isEqualTo("ACTIVE");
        assertThat(machine.typeAsString()).isEqualTo("STANDARD");
        assertThat(machine.roleArn()).isEqualTo(ApiFixture.ROLE);
        assertThat(ApiFixture.json(machine.definition())).isEqualTo(ApiFixture.json(ApiFixture.GATE_MACHINE));
        // Epoch seconds on the wire, read back to the millisecond by the SDK.
        assertThat(machine.creationDate()).isEqualTo(api.clock.now());
        assertThat(machine.loggingConfiguration().levelAsString()).isEqualTo("OFF");
        assertThat(machine.tracingConfiguration().enabled()).isFalse();
        assertThat(machine.revisionId()).isNotBlank();
    }

    @Test
    void updateStateMachine_changesTheDefinitionAndRevision() {
        String arn = api.sfn.createStateMachine(b -> b.name("m").definition(PASS_MACHINE).roleArn(ApiFixture.ROLE))
                .stateMachineArn();
        String before = api.sfn.describeStateMachine(b -> b.stateMachineArn(arn)).revisionId();
        api.clock.advance(java.time.Duration.ofSeconds(5));

        var updated = api.sfn.updateStateMachine(b -> b.stateMachineArn(arn).definition(ApiFixture.GATE_MACHINE));

        assertThat(updated.updateDate()).isEqualTo(api.clock.now());
        assertThat(updated.revisionId()).isNotEqualTo(before);
        assertThat(ApiFixture.json(api.sfn.describeStateMachine(b -> b.stateMachineArn(arn)).definition()))
                .isEqualTo(ApiFixture.json(ApiFixture.GATE_MACHINE));
    }

    @Test
    void listStateMachines_pagesInCreationOrder() {
        for (String name : List.of("a", "b", "c")) {
            api.sfn.createStateMachine(b -> b.name(name).definition(PASS_MACHINE).roleArn(ApiFixture.ROLE));
        }

        var first = api.sfn.listStateMachines(b -> b.maxResults(2));
        var second = api.sfn.listStateMachines(b -> b.maxResults(2).nextToken(first.nextToken()));

        assertThat(first.stateMachines()).extracting(StateMachineListItem::name).containsExactly("a", "b");
        assertThat(second.stateMachines()).extracting(StateMachineListItem::name).containsExactly("c");
        assertThat(second.nextToken()).isNull();
        assertThat(first.stateMachines().get(0).creationDate()).isEqualTo(api.clock.now());
    }

    @Test
    void deleteStateMachine_makesItGone_butKeepsItsExecutionsReadable() throws Exception {
        String arn = api.createGateMachine("gate");
        String execution = api.startPaused(arn, "one", "{}");

        api.sfn.deleteStateMachine(b -> b.stateMachineArn(arn));
        api.awaitIdle();

        assertThatThrownBy(() -> api.sfn.describeStateMachine(b -> b.stateMachineArn(arn)))
                .isInstanceOf(StateMachineDoesNotExistException.class);
        assertThat(api.sfn.describeExecution(b -> b.executionArn(execution)).status())
                .isEqualTo(ExecutionStatus.ABORTED);
        api.sfn.deleteStateMachine(b -> b.stateMachineArn(arn)); // deleting again succeeds, as on AWS
    }

    @Test
    void describeExecution_reportsInputAndDates_andStopExecutionAbortsWithErrorAndCause() throws Exception {
        String machine = api.createGateMachine("gate");
        Instant started = api.clock.now();
        String execution = api.startPaused(machine, "to-stop", "{\"amount\":7}");
        api.clock.advance(java.time.Duration.ofSeconds(3));

        var stop = api.sfn.stopExecution(b -> b.executionArn(execution).error("Countersign.Cancelled")
                .cause("the requester withdrew the proposal"));
        api.awaitIdle();

        DescribeExecutionResponse stopped = api.sfn.describeExecution(b -> b.executionArn(execution));
        assertThat(stopped.status()).isEqualTo(ExecutionStatus.ABORTED);
        assertThat(stopped.name()).isEqualTo("to-stop");
        assertThat(stopped.stateMachineArn()).isEqualTo(machine);
        assertThat(stopped.input()).isEqualTo("{\"amount\":7}");
        assertThat(stopped.startDate()).isEqualTo(started);
        assertThat(stopped.stopDate()).isEqualTo(stop.stopDate()).isEqualTo(api.clock.now());
        assertThat(stopped.error()).isEqualTo("Countersign.Cancelled");
        assertThat(stopped.cause()).isEqualTo("the requester withdrew the proposal");
        assertThat(stopped.output()).isNull();
    }

    @Test
    void listExecutions_filtersByStatus_andPagesNewestFirst() throws Exception {
        String machine = api.createGateMachine("gate");
        for (int i = 0; i < 3; i++) {
            api.startPaused(machine, "run-" + i, "{}");
            api.clock.advance(java.time.Duration.ofSeconds(1));
        }
        String done = "arn:aws:states:us-east-1:123456789012:execution:gate:run-1";
        api.sfn.sendTaskSuccess(b -> b.taskToken(api.tokenOf(done)).output("{}"));
        api.awaitIdle();

        List<String> all = new ArrayList<>();
        api.sfn.listExecutionsPaginator(b -> b.stateMachineArn(machine).maxResults(2)).executions()
                .forEach(e -> all.add(e.name()));
        var running = api.sfn.listExecutions(b -> b.stateMachineArn(machine).statusFilter(ExecutionStatus.RUNNING));
        var succeeded = api.sfn.listExecutions(b -> b.stateMachineArn(machine)
                .statusFilter(ExecutionStatus.SUCCEEDED));

        assertThat(all).containsExactly("run-2", "run-1", "run-0");
        assertThat(running.executions()).extracting(ExecutionListItem::name).containsExactly("run-2", "run-0");
        assertThat(running.executions()).allSatisfy(e -> assertThat(e.stopDate()).isNull());
        assertThat(succeeded.executions()).singleElement().satisfies(e -> {
            assertThat(e.name()).isEqualTo("run-1");
            assertThat(e.stopDate()).isNotNull();
        });
    }

    @Test
    void getExecutionHistory_pagesForwardAndBackward_withContiguousIdsAndAPreviousEventChain() throws Exception {
        String machine = api.createGateMachine("gate");
        String execution = api.startPaused(machine, "history", "{\"a\":1}");
        api.sfn.sendTaskSuccess(b -> b.taskToken(api.tokenOf(execution)).output("{\"ok\":true}"));
        api.awaitIdle();
        List<HistoryEvent> whole = api.sfn.getExecutionHistory(b -> b.executionArn(execution)).events();

        List<HistoryEvent> paged = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        String next = null;
        do {
            String token = next;
            GetExecutionHistoryResponse page = api.sfn.getExecutionHistory(b -> b.executionArn(execution)
                    .maxResults(3).nextToken(token));
            paged.addAll(page.events());
            pageSizes.add(page.events().size());
            next = page.nextToken();
        } while (next != null);
        List<HistoryEvent> reversed = new ArrayList<>();
        api.sfn.getExecutionHistoryPaginator(b -> b.executionArn(execution).reverseOrder(true).maxResults(4))
                .events().forEach(reversed::add);

        assertThat(whole.size()).isGreaterThan(6);
        assertThat(paged).isEqualTo(whole);
        assertThat(pageSizes).allSatisfy(size -> assertThat(size).isLessThanOrEqualTo(3));
        List<HistoryEvent> newestFirst = new ArrayList<>(whole);
        java.util.Collections.reverse(newestFirst);
        assertThat(reversed).containsExactlyElementsOf(newestFirst);
        for (int i = 0; i < whole.size(); i++) {
            assertThat(whole.get(i).id()).isEqualTo(i + 1L);
            assertThat(whole.get(i).previousEventId()).isEqualTo((long) i);
        }
        assertThat(whole.get(0).type()).isEqualTo(HistoryEventType.EXECUTION_STARTED);
        assertThat(whole.get(0).executionStartedEventDetails().input()).isEqualTo("{\"a\":1}");
        assertThat(whole.get(whole.size() - 1).executionSucceededEventDetails().output()).contains("\"ok\":true");
    }

    @Test
    void getExecutionHistory_withoutExecutionData_leavesInputsAndOutputsOut() throws Exception {
        String machine = api.createGateMachine("gate");
        String execution = api.startPaused(machine, "quiet", "{\"secret\":1}");

        List<HistoryEvent> events = api.sfn.getExecutionHistory(b -> b.executionArn(execution)
                .includeExecutionData(false)).events();

        assertThat(events.get(0).executionStartedEventDetails().input()).isNull();
        assertThat(events).filteredOn(e -> e.stateEnteredEventDetails() != null)
                .allSatisfy(e -> assertThat(e.stateEnteredEventDetails().input()).isNull());
    }

    @Test
    void validateStateMachineDefinition_listsEveryProblem_withItsLocation() {
        String broken = "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\"},"
                + "\"B\":{\"Type\":\"Pass\",\"Next\":\"Nowhere\"}}}";

        ValidateStateMachineDefinitionResponse result = api.sfn.validateStateMachineDefinition(b -> b
                .definition(broken));

        assertThat(result.result()).isEqualTo(ValidateStateMachineDefinitionResultCode.FAIL);
        assertThat(result.diagnostics()).hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(d -> {
                    assertThat(d.severityAsString()).isEqualTo("ERROR");
                    assertThat(d.code()).isEqualTo("SCHEMA_VALIDATION_FAILED");
                    assertThat(d.message()).isNotBlank();
                });
        assertThat(result.diagnostics()).extracting(d -> d.location())
                .anySatisfy(location -> assertThat(location).startsWith("$.States.A"))
                .anySatisfy(location -> assertThat(location).startsWith("$.States.B"));
        assertThat(result.truncated()).isFalse();
        assertThat(api.sfn.listStateMachines(b -> { }).stateMachines()).isEmpty();
    }

    @Test
    void validateStateMachineDefinition_acceptsAGoodDefinition_andTruncatesToMaxResults() {
        assertThat(api.sfn.validateStateMachineDefinition(b -> b.definition(ApiFixture.GATE_MACHINE)))
                .satisfies(r -> {
                    assertThat(r.result()).isEqualTo(ValidateStateMachineDefinitionResultCode.OK);
                    assertThat(r.diagnostics()).isEmpty();
                });
        String threeProblems = "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\"},"
                + "\"B\":{\"Type\":\"Pass\"},\"C\":{\"Type\":\"Pass\"}}}";

        ValidateStateMachineDefinitionResponse truncated = api.sfn.validateStateMachineDefinition(b -> b
                .definition(threeProblems).maxResults(1));

        assertThat(truncated.diagnostics()).hasSize(1);
        assertThat(truncated.truncated()).isTrue();
    }

    @Test
    void validateStateMachineDefinition_reportsTextThatIsNotJson_asInvalidJson() {
        ValidateStateMachineDefinitionResponse result = api.sfn.validateStateMachineDefinition(b -> b
                .definition("{\"StartAt\": "));

        assertThat(result.result()).isEqualTo(ValidateStateMachineDefinitionResultCode.FAIL);
        assertThat(result.diagnostics()).isNotEmpty()
                .allSatisfy(d -> assertThat(d.code()).isEqualTo("INVALID_JSON_DESCRIPTION"));
    }
}
