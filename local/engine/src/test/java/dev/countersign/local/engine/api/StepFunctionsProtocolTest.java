package dev.countersign.local.engine.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.MissingRequiredParameterException;
import software.amazon.awssdk.services.sfn.model.SfnException;
import software.amazon.awssdk.services.sfn.model.ValidationException;

/**
 * The AWS JSON 1.0 protocol handling of the API: every malformed, incomplete or oversized request is refused with
 * AWS's error type and a message naming the field, and never reaches the engine.
 */
class StepFunctionsProtocolTest {
    private static final String MACHINE_ARN = "arn:aws:states:us-east-1:123456789012:stateMachine:gate";

    private final UntouchableEngine untouchable = new UntouchableEngine();
    private StepFunctionsServer server;
    private RawApi raw;
    private SfnClient sfn;

    @BeforeEach
    void start() throws Exception {
        server = StepFunctionsServer.startOnLoopback(untouchable.engine(), 0);
        raw = new RawApi(server.endpoint());
        sfn = SfnClients.against(server.endpoint());
    }

    @AfterEach
    void stop() {
        sfn.close();
        server.close();
        // Every test here sends a request the HTTP layer must refuse on its own.
        assertThat(untouchable.calls()).isEmpty();
    }

    @Test
    void unknownOperation_isRefused_namingTheOperation() {
        RawApi.Answer answer = raw.call("Frobnicate", "{}");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.type()).isEqualTo("UnknownOperationException");
        assertThat(answer.errorTypeHeader()).isEqualTo("UnknownOperationException");
        assertThat(answer.message()).contains("Frobnicate").contains("StartExecution");
        assertThat(answer.contentType()).isEqualTo("application/x-amz-json-1.0");
    }

    @Test
    void unsupportedStepFunctionsOperation_throughTheSdk_saysTheLocalEngineDoesNotSupportIt() {
        assertThatThrownBy(() -> sfn.createActivity(b -> b.name("workers")))
                .isInstanceOfSatisfying(SfnException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnknownOperationException");
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorMessage())
                            .contains("CreateActivity is a Step Functions operation the local engine does not support");
                });
    }

    @Test
    void requestWithoutTarget_isRefused_sayingWhichHeaderToSend() {
        RawApi.Answer answer = raw.send(HttpRequest.newBuilder(raw.endpoint())
                .header("Content-Type", "application/x-amz-json-1.0")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build());

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.type()).isEqualTo("UnknownOperationException");
        assertThat(answer.message()).contains("X-Amz-Target: AWSStepFunctions.<Operation>");
    }

    @Test
    void targetOfAnotherService_isRefused_namingIt() {
        RawApi.Answer answer = raw.send(HttpRequest.newBuilder(raw.endpoint())
                .header("X-Amz-Target", "DynamoDB_20120810.ListTables")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build());

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.message()).contains("DynamoDB_20120810.ListTables").contains("only Step Functions");
    }

    @Test
    void get_isRefused_withMethodNotAllowed() {
        RawApi.Answer answer = raw.send(HttpRequest.newBuilder(raw.endpoint()).GET().build());

        assertThat(answer.status()).isEqualTo(405);
        assertThat(answer.message()).contains("POST /").contains("got GET /");
    }

    @Test
    void postToAnotherPath_isRefused_withNotFound() {
        RawApi.Answer answer = raw.send(HttpRequest.newBuilder(raw.endpoint().resolve("/states/v1"))
                .header("X-Amz-Target", "AWSStepFunctions.ListStateMachines")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build());

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.message()).contains("/states/v1");
    }

    @Test
    void malformedJson_isRefused_asSerializationException() {
        RawApi.Answer answer = raw.call("StartExecution", "{\"stateMachineArn\": ");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.type()).isEqualTo("SerializationException");
        assertThat(answer.message()).startsWith("StartExecution: the request body is not valid JSON");
    }

    @Test
    void bodyThatIsNotAnObject_isRefused() {
        RawApi.Answer answer = raw.call("ListStateMachines", "[1, 2]");

        assertThat(answer.type()).isEqualTo("SerializationException");
        assertThat(answer.message()).contains("must be a JSON object, got array");
    }

    @Test
    void fieldOfTheWrongType_isRefused_namingTheField() {
        RawApi.Answer answer = raw.call("ListStateMachines", "{\"maxResults\": \"ten\"}");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.type()).isEqualTo("SerializationException");
        assertThat(answer.message()).contains("'maxResults' must be a whole number from 0 to 1000; got a string");
    }

    @Test
    void inputSentAsAnObjectInsteadOfText_isRefused_sayingToEscapeIt() {
        RawApi.Answer answer = raw.call("StartExecution",
                "{\"stateMachineArn\": \"" + MACHINE_ARN + "\", \"input\": {\"amount\": 5}}");

        assertThat(answer.type()).isEqualTo("SerializationException");
        assertThat(answer.message()).contains("'input' must be a JSON string; got an object")
                .contains("escaped text");
    }

    @Test
    void booleanFieldGivenAString_isRefused() {
        RawApi.Answer answer = raw.call("GetExecutionHistory",
                "{\"executionArn\": \"arn:aws:states:us-east-1:123456789012:execution:gate:one\","
                        + " \"reverseOrder\": \"yes\"}");

        assertThat(answer.type()).isEqualTo("SerializationException");
        assertThat(answer.message()).contains("'reverseOrder' must be true or false");
    }

    @Test
    void missingRequiredField_throughTheSdk_isValidationException_namingIt() {
        assertThatThrownBy(() -> sfn.startExecution(b -> b.name("no-machine")))
                .isInstanceOfSatisfying(ValidationException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("1 validation error detected: Value null"
                            + " at 'stateMachineArn' failed to satisfy constraint: Member must not be null");
                });
    }

    @Test
    void everyMissingField_isListed_inOneError() {
        RawApi.Answer answer = raw.call("CreateStateMachine", "{}");

        assertThat(answer.type()).isEqualTo("ValidationException");
        assertThat(answer.message()).startsWith("3 validation errors detected: ")
                .contains("at 'name'").contains("at 'definition'").contains("at 'roleArn'");
    }

    @Test
    void explicitNull_countsAsAbsent() {
        RawApi.Answer answer = raw.call("DescribeExecution", "{\"executionArn\": null}");

        assertThat(answer.type()).isEqualTo("ValidationException");
        assertThat(answer.message()).contains("Value null at 'executionArn'");
    }

    @Test
    void nameLongerThan80Characters_isValidationException() {
        assertThatThrownBy(() -> sfn.startExecution(b -> b.stateMachineArn(MACHINE_ARN).name("n".repeat(81))))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                        .contains("at 'name' failed to satisfy constraint: Member must have length less than or"
                                + " equal to 80 (it has 81)"));
    }

    @Test
    void taskTokenLongerThan2048Characters_isValidationException_withoutEchoingTheToken() {
        String token = "t".repeat(2049);

        assertThatThrownBy(() -> sfn.sendTaskHeartbeat(b -> b.taskToken(token)))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                        .contains("'taskToken'").doesNotContain(token));
    }

    @Test
    void maxResultsAbove1000_isValidationException() {
        assertThatThrownBy(() -> sfn.listStateMachines(b -> b.maxResults(1001)))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                        .contains("Value '1001' at 'maxResults' failed to satisfy constraint: Member must have value"
                                + " less than or equal to 1000"));
    }

    @Test
    void valueOutsideAnEnum_isValidationException_listingTheAllowedValues() {
        RawApi.Answer answer = raw.call("ListExecutions",
                "{\"stateMachineArn\": \"" + MACHINE_ARN + "\", \"statusFilter\": \"DONE\"}");

        assertThat(answer.type()).isEqualTo("ValidationException");
        assertThat(answer.message()).contains("Value 'DONE' at 'statusFilter'")
                .contains("[RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED, PENDING_REDRIVE]");
    }

    @Test
    void listExecutionsWithoutStateMachine_isValidationException() {
        assertThatThrownBy(() -> sfn.listExecutions(b -> b.maxResults(5)))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                        .contains("ListExecutions needs 'stateMachineArn'"));
    }

    @Test
    void updateWithNothingToChange_isMissingRequiredParameter() {
        assertThatThrownBy(() -> sfn.updateStateMachine(b -> b.stateMachineArn(MACHINE_ARN)))
                .isInstanceOfSatisfying(MissingRequiredParameterException.class, e -> assertThat(e.getMessage())
                        .contains("at least one of 'definition' and 'roleArn'"));
    }

    @Test
    void publishingAVersion_isRefused_sayingVersionsAreNotSupported() {
        assertThatThrownBy(() -> sfn.createStateMachine(b -> b.name("gate").definition("{}")
                .roleArn("arn:aws:iam::123456789012:role/r").publish(true)))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.getMessage())
                        .contains("does not support state machine versions"));
    }

    @Test
    void bodyLargerThanTheLimit_isRefused_withRequestEntityTooLarge() {
        char[] padding = new char[StepFunctionsApi.MAX_BODY_BYTES];
        Arrays.fill(padding, ' ');
        String body = "{\"stateMachineArn\": \"" + MACHINE_ARN + "\"" + new String(padding) + "}";

        RawApi.Answer answer = raw.call("StartExecution", body);

        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.type()).isEqualTo("RequestEntityTooLargeException");
        assertThat(answer.message()).contains("StartExecution").contains("larger than the 8388608 bytes");
    }

    @Test
    void endpoint_isTheLoopbackAddressAndBoundPort() {
        URI endpoint = server.endpoint();

        assertThat(endpoint.getScheme()).isEqualTo("http");
        assertThat(endpoint.getHost()).isEqualTo("127.0.0.1");
        assertThat(endpoint.getPort()).isEqualTo(server.port()).isPositive();
    }
}
