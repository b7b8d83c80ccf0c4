package dev.countersign.local.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The facade's contract: AWS's errors, idempotency, listing and paging, update and delete. */
class EngineApiTest {
    @TempDir
    Path directory;
    EngineUnderTest fixture;
    Engine engine;

    static final String PASS = "{\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Pass\", \"End\": true}}}";
    static final String WAIT = "{\"StartAt\": \"W\", \"States\": {\"W\": {\"Type\": \"Wait\", \"Seconds\": 60,"
            + " \"End\": true}}}";

    @BeforeEach
    void open() {
        fixture = new EngineUnderTest(directory);
        engine = fixture.engine();
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void createStateMachine_isIdempotent_butRefusesADifferentDefinitionUnderTheSameName() {
        StateMachineDescription first = engine.createStateMachine("approvals", PASS, null);
        assertThat(first.stateMachineArn()).isEqualTo("arn:aws:states:us-east-1:123456789012:stateMachine:approvals");
        assertThat(engine.createStateMachine("approvals", PASS, null)).isEqualTo(first);
        assertThatThrownBy(() -> engine.createStateMachine("approvals", WAIT, null))
                .isInstanceOf(StateMachineAlreadyExistsException.class)
                .extracting(e -> ((EngineException) e).errorType()).isEqualTo("StateMachineAlreadyExists");
    }

    @Test
    void createStateMachine_refusesBadNamesDefinitionsTypesAndRoles() {
        assertThatThrownBy(() -> engine.createStateMachine("has space", PASS, null))
                .isInstanceOf(InvalidNameException.class).hasMessageContaining("whitespace");
        assertThatThrownBy(() -> engine.createStateMachine("x".repeat(81), PASS, null))
                .isInstanceOf(InvalidNameException.class);
        assertThatThrownBy(() -> engine.createStateMachine("ok", "{\"StartAt\": \"Nope\"}", null))
                .isInstanceOf(InvalidDefinitionException.class)
                .satisfies(e -> assertThat(((InvalidDefinitionException) e).problems()).isNotEmpty());
        assertThatThrownBy(() -> engine.createStateMachine("ok", PASS, null, "EXPRESS"))
                .isInstanceOf(ValidationException.class).hasMessageContaining("EXPRESS");
        assertThatThrownBy(() -> engine.createStateMachine("ok", PASS, "role"))
                .isInstanceOf(InvalidArnException.class);
    }

    @Test
    void describeAndList_reportWhatWasCreated_withPaging() {
        for (int i = 0; i < 5; i++) {
            engine.createStateMachine("m" + i, PASS, "arn:aws:iam::123456789012:role/r" + i);
        }
        StateMachineDescription described = engine.describeStateMachine(
                "arn:aws:states:us-east-1:123456789012:stateMachine:m2");
        assertThat(described.definition()).isEqualTo(PASS);
        assertThat(described.roleArn()).isEqualTo("arn:aws:iam::123456789012:role/r2");
        assertThat(described.status()).isEqualTo("ACTIVE");
        assertThat(described.type()).isEqualTo("STANDARD");
        Page<StateMachineSummary> page = engine.listStateMachines(2, null);
        assertThat(page.items()).extracting(StateMachineSummary::name).containsExactly("m0", "m1");
        Page<StateMachineSummary> rest = engine.listStateMachines(10, page.nextToken());
        assertThat(rest.items()).extracting(StateMachineSummary::name).containsExactly("m2", "m3", "m4");
        assertThat(rest.nextToken()).isNull();
        assertThatThrownBy(() -> engine.listStateMachines(10, "garbage")).isInstanceOf(InvalidTokenException.class);
    }

    @Test
    void unknownOrMalformedArns_getTheirOwnErrors() {
        assertThatThrownBy(() -> engine.describeStateMachine("not-an-arn")).isInstanceOf(InvalidArnException.class);
        assertThatThrownBy(() -> engine.describeStateMachine("arn:aws:states:us-east-1:123456789012:stateMachine:x"))
                .isInstanceOf(StateMachineDoesNotExistException.class);
        assertThatThrownBy(() -> engine.describeExecution("arn:aws:states:us-east-1:123456789012:execution:x:y"))
                .isInstanceOf(ExecutionDoesNotExistException.class);
        assertThatThrownBy(() -> engine.describeExecution("arn:aws:states:us-east-1:123456789012:stateMachine:x"))
                .isInstanceOf(InvalidArnException.class);
        assertThatThrownBy(() -> engine.startExecution("arn:aws:states:us-east-1:123456789012:stateMachine:x", null,
                "{}")).isInstanceOf(StateMachineDoesNotExistException.class);
    }

    @Test
    void startExecution_isIdempotentForTheSameNameAndInputWhileRunning() {
        String machine = engine.createStateMachine("waits", WAIT, null).stateMachineArn();
        ExecutionStart first = engine.startExecution(machine, "proposal-1", "{\"a\": 1}");
        fixture.idle();
        assertThat(engine.startExecution(machine, "proposal-1", "{\"a\": 1}")).isEqualTo(first);
        assertThatThrownBy(() -> engine.startExecution(machine, "proposal-1", "{\"a\": 2}"))
                .isInstanceOf(ExecutionAlreadyExistsException.class);
        fixture.advance(Duration.ofSeconds(60));
        assertThat(engine.describeExecution(first.executionArn()).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        // Once closed, the name is spent, as on AWS.
        assertThatThrownBy(() -> engine.startExecution(machine, "proposal-1", "{\"a\": 1}"))
                .isInstanceOf(ExecutionAlreadyExistsException.class);
    }

    @Test
    void startExecution_refusesBadInputAndNames() {
        String machine = engine.createStateMachine("m", PASS, null).stateMachineArn();
        assertThatThrownBy(() -> engine.startExecution(machine, null, "{oops"))
                .isInstanceOf(InvalidExecutionInputException.class).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> engine.startExecution(machine, null, "\"" + "x".repeat(262_200) + "\""))
                .isInstanceOf(InvalidExecutionInputException.class).hasMessageContaining("256 KiB");
        assertThatThrownBy(() -> engine.startExecution(machine, "a/b", "{}")).isInstanceOf(InvalidNameException.class);
        ExecutionStart unnamed = engine.startExecution(machine, null, null);
        fixture.idle();
        ExecutionDescription described = engine.describeExecution(unnamed.executionArn());
        assertThat(described.name()).hasSize(36);
        assertThat(described.input()).isEqualTo("{}");
    }

    @Test
    void listExecutions_newestFirst_filteredByStatus() {
        String machine = engine.createStateMachine("m", WAIT, null).stateMachineArn();
        String a = engine.startExecution(machine, "a", "{}").executionArn();
        fixture.idle();
        fixture.advance(Duration.ofSeconds(60));
        String b = engine.startExecution(machine, "b", "{}").executionArn();
        fixture.idle();
        assertThat(engine.listExecutions(machine, null, 0, null).items()).extracting(ExecutionSummary::executionArn)
                .containsExactly(b, a);
        assertThat(engine.listExecutions(machine, ExecutionStatus.RUNNING, 0, null).items())
                .extracting(ExecutionSummary::executionArn).containsExactly(b);
        assertThat(engine.listExecutions(machine, ExecutionStatus.SUCCEEDED, 0, null).items())
                .extracting(ExecutionSummary::stopDate).doesNotContainNull();
    }

    @Test
    void stopExecution_onAClosedExecution_changesNothing() {
        String machine = engine.createStateMachine("m", PASS, null).stateMachineArn();
        String execution = engine.startExecution(machine, null, "{}").executionArn();
        fixture.idle();
        ExecutionDescription before = engine.describeExecution(execution);
        assertThat(engine.stopExecution(execution, "E", "c").stopDate()).isEqualTo(before.stopDate());
        assertThat(engine.describeExecution(execution)).isEqualTo(before);
    }

    @Test
    void updateStateMachine_leavesRunningExecutionsOnTheirOwnDefinition() {
        String machine = engine.createStateMachine("m", """
                {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 10, "Next": "Old"},
                 "Old": {"Type": "Pass", "Result": "old", "End": true}}}""", null).stateMachineArn();
        String running = engine.startExecution(machine, null, "{}").executionArn();
        fixture.idle();
        StateMachineDescription updated = engine.updateStateMachine(machine, """
                {"StartAt": "New", "States": {"New": {"Type": "Pass", "Result": "new", "End": true}}}""", null);
        assertThat(updated.updateDate()).isNotNull();
        String fresh = engine.startExecution(machine, null, "{}").executionArn();
        fixture.advance(Duration.ofSeconds(10));
        assertThat(engine.describeExecution(running).output()).isEqualTo("\"old\"");
        assertThat(engine.describeExecution(fresh).output()).isEqualTo("\"new\"");
        assertThatThrownBy(() -> engine.updateStateMachine(machine, null, null)).isInstanceOf(ValidationException.class);
    }

    @Test
    void deleteStateMachine_abortsItsRunningExecutions_andKeepsTheirHistory() {
        String machine = engine.createStateMachine("m", WAIT, null).stateMachineArn();
        String execution = engine.startExecution(machine, null, "{}").executionArn();
        fixture.idle();
        engine.deleteStateMachine(machine);
        assertThatThrownBy(() -> engine.describeStateMachine(machine))
                .isInstanceOf(StateMachineDoesNotExistException.class);
        ExecutionDescription aborted = engine.describeExecution(execution);
        assertThat(aborted.status()).isEqualTo(ExecutionStatus.ABORTED);
        assertThat(fixture.types(execution)).endsWith("WaitStateAborted", "ExecutionAborted");
        engine.deleteStateMachine(machine);
        // The name can be used again, by a new machine.
        assertThat(engine.createStateMachine("m", PASS, null).stateMachineArn()).isEqualTo(machine);
    }

    @Test
    void validateStateMachineDefinition_listsProblemsWithoutCreatingAnything() {
        assertThat(engine.validateStateMachineDefinition(PASS)).isEmpty();
        assertThat(engine.validateStateMachineDefinition("{\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Nope\"}}}"))
                .extracting(DefinitionProblem::path).containsExactly("$.States.A.Type");
        assertThat(engine.listStateMachines(0, null).items()).isEmpty();
    }

    @Test
    void closedEngine_refusesCalls() {
        fixture.close();
        assertThatThrownBy(() -> engine.listStateMachines(0, null)).isInstanceOf(EngineStorageException.class);
        fixture = new EngineUnderTest(directory);
    }

    @Test
    void secondEngineOnTheSameDirectory_isRefused() {
        assertThatThrownBy(() -> Engine.open(EngineOptions.builder(directory).build()))
                .isInstanceOf(EngineStorageException.class).hasMessageContaining("another engine");
    }

    @Test
    void executionTimeout_endsTheExecutionAsTimedOut() {
        String machine = engine.createStateMachine("m", """
                {"TimeoutSeconds": 30, "StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 60, "End": true}}}
                """, null).stateMachineArn();
        String execution = engine.startExecution(machine, null, "{}").executionArn();
        fixture.idle();
        fixture.advance(Duration.ofSeconds(30));
        ExecutionDescription done = engine.describeExecution(execution);
        assertThat(done.status()).isEqualTo(ExecutionStatus.TIMED_OUT);
        assertThat(fixture.types(execution)).endsWith("WaitStateAborted", "ExecutionTimedOut");
        List<HistoryEvent> history = fixture.history(execution);
        assertThat(history.get(history.size() - 1).details().get("error").asText()).isEqualTo("States.Timeout");
    }
}
