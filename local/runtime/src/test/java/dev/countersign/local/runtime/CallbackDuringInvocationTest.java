package dev.countersign.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.countersign.local.engine.Engine;
import dev.countersign.local.engine.EngineOptions;
import dev.countersign.local.engine.ExecutionDescription;
import dev.countersign.local.engine.ExecutionStatus;
import dev.countersign.local.engine.FsyncPolicy;
import dev.countersign.local.engine.HistoryEvent;
import dev.countersign.local.engine.HistoryEventType;
import dev.countersign.local.engine.ManualClock;
import dev.countersign.local.engine.api.StepFunctionsServer;
import dev.countersign.local.runtime.lambda.InProcessLambda;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * A handler invoked with {@code .waitForTaskToken} may settle its own task through the Step Functions API before it
 * returns (RequestApprovalHandler sends SendTaskFailure for an invalid proposal): the engine must take the callback
 * while the invocation is still running, and ignore the invocation's later result.
 */
class CallbackDuringInvocationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GATE = """
            {"StartAt": "Gate", "States": {
              "Gate": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
                "Parameters": {"FunctionName": "arn:aws:lambda:us-east-1:123456789012:function:request",
                               "Payload": {"taskToken.$": "$$.Task.Token"}},
                "TimeoutSeconds": 3600, "ResultPath": "$.decision",
                "Catch": [{"ErrorEquals": ["Countersign.InvalidProposal"], "ResultPath": "$.error", "Next": "Invalid"}],
                "Next": "Decided"},
              "Decided": {"Type": "Succeed"},
              "Invalid": {"Type": "Succeed"}}}""";

    @TempDir
    Path directory;
    final ManualClock clock = new ManualClock();
    final List<String> callbackErrors = new CopyOnWriteArrayList<>();
    Engine engine;
    StepFunctionsServer api;
    SfnClient sfn;

    @AfterEach
    void close() {
        if (sfn != null) {
            sfn.close();
        }
        if (api != null) {
            api.close();
        }
        if (engine != null) {
            engine.close();
        }
    }

    /** Opens the engine with one function "request" whose handler calls back with {@code callback(token, sfn)}. */
    private void open(BiConsumer<String, SfnClient> callback, boolean throwAfterwards) throws Exception {
        RequestStreamHandler handler = (in, out, context) -> {
            String token = JSON.readTree(in).get("taskToken").asText();
            try {
                callback.accept(token, sfn);
            } catch (RuntimeException e) {
                callbackErrors.add(e.toString());
            }
            if (throwAfterwards) {
                throw new IllegalStateException("the handler failed after calling back");
            }
            out.write("{\"notified\":0}".getBytes(StandardCharsets.UTF_8));
        };
        InProcessLambda request = new InProcessLambda("request", "arn:aws:lambda:us-east-1:123456789012:function:request", Duration.ofSeconds(30),
                512, () -> handler, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        engine = Engine.open(EngineOptions.builder(directory).clock(clock).fsyncPolicy(FsyncPolicy.NEVER)
                .lambdaFunctions(new LocalFunctions(List.of(request))).build());
        api = StepFunctionsServer.startOnLoopback(engine, 0);
        sfn = SfnClient.builder().endpointOverride(URI.create(api.endpoint().toString()))
                .region(Region.US_EAST_1).httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .build();
    }

    private ExecutionDescription run() throws InterruptedException {
        String machine = engine.createStateMachine("gate", GATE, null).stateMachineArn();
        String execution = engine.startExecution(machine, "run-1", "{}").executionArn();
        assertThat(engine.awaitIdle(Duration.ofSeconds(30))).isTrue();
        return engine.describeExecution(execution);
    }

    private List<HistoryEventType> history(String execution) {
        return engine.getExecutionHistory(execution, false, 1000, null).items().stream().map(HistoryEvent::type)
                .toList();
    }

    @Test
    void sendTaskFailure_fromInsideTheInvocation_failsTheTaskWithThatError() throws Exception {
        open((token, client) -> client.sendTaskFailure(r -> r.taskToken(token).error("Countersign.InvalidProposal")
                .cause("$.action.summary: must not be empty")), false);

        ExecutionDescription done = run();

        assertThat(callbackErrors).isEmpty();
        assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        JsonNode output = JSON.readTree(done.output());
        assertThat(output.at("/error/Error").asText()).isEqualTo("Countersign.InvalidProposal");
        assertThat(output.at("/error/Cause").asText()).isEqualTo("$.action.summary: must not be empty");
        List<HistoryEventType> types = history(done.executionArn());
        // The invocation's own (later) result must not settle the task a second time.
        assertThat(types).containsOnlyOnce(HistoryEventType.TaskFailed).doesNotContain(HistoryEventType.TaskSucceeded);
    }

    @Test
    void sendTaskSuccess_fromInsideTheInvocation_resumesWithThatOutput() throws Exception {
        open((token, client) -> client.sendTaskSuccess(r -> r.taskToken(token).output("{\"outcome\":\"APPROVED\"}")),
                false);

        ExecutionDescription done = run();

        assertThat(callbackErrors).isEmpty();
        assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(JSON.readTree(done.output()).at("/decision/outcome").asText()).isEqualTo("APPROVED");
        assertThat(history(done.executionArn())).containsOnlyOnce(HistoryEventType.TaskSucceeded)
                .doesNotContain(HistoryEventType.TaskFailed);
    }

    @Test
    void aHandlerThatThrowsAfterCallingBack_leavesTheCallbackInCharge() throws Exception {
        open((token, client) -> client.sendTaskFailure(r -> r.taskToken(token).error("Countersign.InvalidProposal")
                .cause("bad")), true);

        ExecutionDescription done = run();

        assertThat(callbackErrors).isEmpty();
        assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(JSON.readTree(done.output()).at("/error/Error").asText()).isEqualTo("Countersign.InvalidProposal");
        assertThat(history(done.executionArn())).containsOnlyOnce(HistoryEventType.TaskFailed);
    }
}
