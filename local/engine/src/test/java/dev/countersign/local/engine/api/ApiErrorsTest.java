package dev.countersign.local.engine.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.InvalidArnException;
import software.amazon.awssdk.services.sfn.model.InvalidDefinitionException;
import software.amazon.awssdk.services.sfn.model.InvalidExecutionInputException;
import software.amazon.awssdk.services.sfn.model.InvalidNameException;
import software.amazon.awssdk.services.sfn.model.InvalidOutputException;
import software.amazon.awssdk.services.sfn.model.InvalidTokenException;
import software.amazon.awssdk.services.sfn.model.SfnException;
import software.amazon.awssdk.services.sfn.model.StateMachineAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.StateMachineDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.TaskDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.ValidationException;

/**
 * Every AWS error the API reports, provoked through the real SfnClient against the real engine: the SDK must map each
 * one to its own exception class (which it does from {@code __type}), with HTTP 400 and a message that says what
 * was wrong. After each refused request the engine holds exactly what it held before.
 */
class ApiErrorsTest {
    private static final String MISSING_MACHINE = "arn:aws:states:us-east-1:123456789012:stateMachine:nope";

    @TempDir
    Path data;
    @TempDir
    Path otherData;
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
    void executionAlreadyExists_whenANameIsReusedWithAnotherInput() throws Exception {
        api.startPaused(machine, "refund-1", "{\"amount\":1}");

        assertThatThrownBy(() -> api.sfn.startExecution(b -> b.stateMachineArn(machine).name("refund-1")
                .input("{\"amount\":2}")))
                .isInstanceOfSatisfying(ExecutionAlreadyExistsException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorMessage()).contains("refund-1");
                });
        assertThat(api.sfn.listExecutions(b -> b.stateMachineArn(machine)).executions()).hasSize(1);
    }

    @Test
    void startExecution_isIdempotentByName_whileTheFirstRunsWithTheSameInput() throws Exception {
        String first = api.startPaused(machine, "refund-2", "{\"amount\":2}");

        // A retried StartExecution (same name, same input) must not start a second approval.
        String again = api.sfn.startExecution(b -> b.stateMachineArn(machine).name("refund-2")
                .input("{\"amount\":2}")).executionArn();

        assertThat(again).isEqualTo(first);
        assertThat(api.sfn.listExecutions(b -> b.stateMachineArn(machine)).executions()).hasSize(1);
        api.awaitIdle();
        assertThat(api.tokenOf(first)).isNotBlank(); // exactly one task token: the gate ran once
    }

    @Test
    void stateMachineDoesNotExist_forDescribeAndStart() {
        assertThatThrownBy(() -> api.sfn.describeStateMachine(b -> b.stateMachineArn(MISSING_MACHINE)))
                .isInstanceOfSatisfying(StateMachineDoesNotExistException.class, e -> assertThat(e.awsErrorDetails()
                        .errorMessage()).contains("State Machine Does Not Exist").contains(MISSING_MACHINE));
        assertThatThrownBy(() -> api.sfn.startExecution(b -> b.stateMachineArn(MISSING_MACHINE)))
                .isInstanceOf(StateMachineDoesNotExistException.class);
    }

    @Test
    void executionDoesNotExist_forDescribeHistoryAndStop() {
        String missing = "arn:aws:states:us-east-1:123456789012:execution:gate:never-started";

        assertThatThrownBy(() -> api.sfn.describeExecution(b -> b.executionArn(missing)))
                .isInstanceOfSatisfying(ExecutionDoesNotExistException.class, e -> assertThat(e.awsErrorDetails()
                        .errorMessage()).contains("Execution Does Not Exist").contains(missing));
        assertThatThrownBy(() -> api.sfn.getExecutionHistory(b -> b.executionArn(missing)))
                .isInstanceOf(ExecutionDoesNotExistException.class);
        assertThatThrownBy(() -> api.sfn.stopExecution(b -> b.executionArn(missing)))
                .isInstanceOf(ExecutionDoesNotExistException.class);
    }

    @Test
    void invalidDefinition_listsEveryProblem_andCreatesNothing() {
        String broken = "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\"},"
                + "\"B\":{\"Type\":\"Wizard\",\"End\":true}}}";

        assertThatThrownBy(() -> api.sfn.createStateMachine(b -> b.name("broken").definition(broken)
                .roleArn(ApiFixture.ROLE)))
                .isInstanceOfSatisfying(InvalidDefinitionException.class, e -> assertThat(e.awsErrorDetails()
                        .errorMessage()).startsWith("Invalid State Machine Definition: ")
                        .contains("$.States.A").contains("$.States.B"));
        assertThat(api.sfn.listStateMachines(b -> { }).stateMachines()).hasSize(1);
    }

    @Test
    void invalidArn_forSomethingThatIsNotAStateMachineArn() {
        assertThatThrownBy(() -> api.sfn.describeStateMachine(b -> b.stateMachineArn("gate")))
                .isInstanceOfSatisfying(InvalidArnException.class, e -> assertThat(e.awsErrorDetails()
                        .errorMessage()).contains("gate"));
        assertThatThrownBy(() -> api.sfn.describeExecution(b -> b.executionArn(machine)))
                .isInstanceOf(InvalidArnException.class);
    }

    @Test
    void invalidExecutionInput_whenTheInputIsNotJson_andNothingStarts() {
        assertThatThrownBy(() -> api.sfn.startExecution(b -> b.stateMachineArn(machine).name("bad-input")
                .input("{amount: 5")))
                .isInstanceOfSatisfying(InvalidExecutionInputException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorMessage()).contains("is not valid JSON");
                });
        assertThat(api.sfn.listExecutions(b -> b.stateMachineArn(machine)).executions()).isEmpty();
    }

    @Test
    void invalidExecutionInput_whenTheInputIsLargerThan256KiB() {
        String large = "{\"padding\":\"" + "x".repeat(256 * 1024) + "\"}";

        assertThatThrownBy(() -> api.sfn.startExecution(b -> b.stateMachineArn(machine).input(large)))
                .isInstanceOfSatisfying(InvalidExecutionInputException.class, e -> assertThat(e.awsErrorDetails()
                        .errorMessage()).contains("larger than 256 KiB"));
    }

    @Test
    void invalidName_forAStateMachineOrExecutionNameWithForbiddenCharacters() {
        assertThatThrownBy(() -> api.sfn.createStateMachine(b -> b.name("approval gate")
                .definition(ApiFixture.GATE_MACHINE).roleArn(ApiFixture.ROLE)))
                .isInstanceOfSatisfying(InvalidNameException.class, e -> assertThat(e.awsErrorDetails()
                        .errorMessage()).contains("approval gate"));
        assertThatThrownBy(() -> api.sfn.startExecution(b -> b.stateMachineArn(machine).name("refund*")))
                .isInstanceOf(InvalidNameException.class);
    }

    @Test
    void stateMachineAlreadyExists_forTheSameNameWithAnotherDefinition_butCreateIsIdempotentOtherwise() {
        String same = api.sfn.createStateMachine(b -> b.name("gate").definition(ApiFixture.GATE_MACHINE)
                .roleArn(ApiFixture.ROLE)).stateMachineArn();
        assertThat(same).isEqualTo(machine);

        assertThatThrownBy(() -> api.sfn.createStateMachine(b -> b.name("gate")
                .definition("{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}}")
                .roleArn(ApiFixture.ROLE)))
                .isInstanceOfSatisfying(StateMachineAlreadyExistsException.class, e -> assertThat(e.awsErrorDetails()
                        .errorMessage()).contains("gate"));
    }

    @Test
    void invalidToken_forATokenThisEngineCouldNotHaveIssued() {
        assertThatThrownBy(() -> api.sfn.sendTaskSuccess(b -> b.taskToken("not-a-token").output("{}")))
                .isInstanceOfSatisfying(InvalidTokenException.class, e -> assertThat(e.awsErrorDetails()
                        .errorMessage()).contains("Invalid Token"));
        assertThatThrownBy(() -> api.sfn.sendTaskFailure(b -> b.taskToken("not-a-token")))
                .isInstanceOf(InvalidTokenException.class);
    }

    @Test
    void invalidToken_forAPaginationTokenThatIsNotOne() {
        assertThatThrownBy(() -> api.sfn.listStateMachines(b -> b.nextToken("bogus")))
                .isInstanceOf(InvalidTokenException.class);
    }

    @Test
    void taskDoesNotExist_forAWellFormedTokenThisEngineNeverIssued() throws Exception {
        String execution = api.startPaused(machine, "refund-3", "{}");
        String tokenFromHere = api.tokenOf(execution);

        // The same token sent to another engine (another data directory): well formed, never issued there.
        try (ApiFixture other = new ApiFixture(otherData)) {
            assertThatThrownBy(() -> other.sfn.sendTaskSuccess(b -> b.taskToken(tokenFromHere).output("{}")))
                    .isInstanceOfSatisfying(TaskDoesNotExistException.class, e -> assertThat(e.awsErrorDetails()
                            .errorMessage()).contains("Task Does Not Exist"));
        }
    }

    @Test
    void invalidOutput_whenTheTaskOutputIsNotJson_andTheTaskStaysOpen() throws Exception {
        String execution = api.startPaused(machine, "refund-4", "{}");
        String token = api.tokenOf(execution);

        assertThatThrownBy(() -> api.sfn.sendTaskSuccess(b -> b.taskToken(token).output("APPROVED")))
                .isInstanceOfSatisfying(InvalidOutputException.class, e -> assertThat(e.awsErrorDetails()
                        .errorMessage()).contains("'APPROVED' is not valid JSON"));

        api.sfn.sendTaskSuccess(b -> b.taskToken(token).output("\"APPROVED\""));
        api.awaitIdle();
        assertThat(api.sfn.describeExecution(b -> b.executionArn(execution)).statusAsString())
                .isEqualTo("SUCCEEDED");
    }

    @Test
    void validationException_forAnExpressStateMachine_namingTheUnsupportedFeature() {
        assertThatThrownBy(() -> api.sfn.createStateMachine(b -> b.name("express")
                .definition(ApiFixture.GATE_MACHINE).roleArn(ApiFixture.ROLE).type("EXPRESS")))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.awsErrorDetails()
                        .errorMessage()).contains("EXPRESS"));
    }

    @Test
    void validationException_forARequestTheModelForbids_leavesTheEngineUnchanged() {
        assertThatThrownBy(() -> api.sfn.createStateMachine(b -> b.name("no-role")
                .definition(ApiFixture.GATE_MACHINE)))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.awsErrorDetails()
                        .errorMessage()).contains("Value null at 'roleArn'"));
        assertThatThrownBy(() -> api.sfn.startExecution(b -> b.stateMachineArn(machine).name("x".repeat(81))))
                .isInstanceOf(ValidationException.class);

        assertThat(api.sfn.listStateMachines(b -> { }).stateMachines()).hasSize(1);
        assertThat(api.sfn.listExecutions(b -> b.stateMachineArn(machine)).executions()).isEmpty();
    }

    @Test
    void unknownOperation_throughTheSdk_isAnSfnExceptionNamingIt() {
        assertThatThrownBy(() -> api.sfn.tagResource(b -> b.resourceArn(machine)))
                .isInstanceOfSatisfying(SfnException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnknownOperationException");
                    assertThat(e.awsErrorDetails().errorMessage()).contains("TagResource");
                });
    }
}
