package dev.countersign.local.engine.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.countersign.local.engine.Engine;
import dev.countersign.local.engine.EngineOptions;
import dev.countersign.local.engine.LambdaFunction;
import dev.countersign.local.engine.LambdaFunctions;
import dev.countersign.local.engine.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * A real engine on a temporary directory with a manual clock, served on a free loopback port, and the real SfnClient
 * pointed at it. The engine's only Lambda function, {@value #GATE_FUNCTION}, captures each task token per execution
 * (what the approval gate's request function does) and returns at once.
 */
final class ApiFixture implements AutoCloseable {
    static final String GATE_FUNCTION = "gate";
    static final String ROLE = "arn:aws:iam::123456789012:role/countersign-test";
    static final JsonMapper JSON = JsonMapper.builder().build();

    /** Pauses in Gate on a task token; the callback's output lands in $.decision; then Done. */
    static final String GATE_MACHINE = """
            {
              "StartAt": "Gate",
              "States": {
                "Gate": {
                  "Type": "Task",
                  "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
                  "Parameters": {"FunctionName": "gate", "Payload": {"token.$": "$$.Task.Token", "input.$": "$"}},
                  "HeartbeatSeconds": 60,
                  "ResultPath": "$.decision",
                  "Catch": [{"ErrorEquals": ["Countersign.Rejected"], "ResultPath": "$.rejection", "Next": "Rejected"}],
                  "Next": "Done"
                },
                "Done": {"Type": "Pass", "End": true},
                "Rejected": {"Type": "Pass", "End": true}
              }
            }
            """;

    final ManualClock clock = new ManualClock();
    final Engine engine;
    final StepFunctionsServer server;
    final SfnClient sfn;
    private final Map<String, List<String>> tokens = new ConcurrentHashMap<>();

    ApiFixture(Path dataDirectory) throws Exception {
        LambdaFunction gate = (payload, invocation) -> {
            tokens.computeIfAbsent(invocation.executionArn(), arn -> new CopyOnWriteArrayList<>())
                    .add(payload.path("token").asText());
            return JSON.createObjectNode().put("notified", true);
        };
        LambdaFunctions functions = name -> GATE_FUNCTION.equals(LambdaFunctions.functionName(name))
                ? Optional.of(gate) : Optional.empty();
        engine = Engine.open(EngineOptions.builder(dataDirectory).clock(clock).lambdaFunctions(functions).build());
        server = StepFunctionsServer.startOnLoopback(engine, 0);
        sfn = SfnClients.against(server.endpoint());
    }

    String createGateMachine(String name) {
        return sfn.createStateMachine(b -> b.name(name).definition(GATE_MACHINE).roleArn(ROLE)).stateMachineArn();
    }

    /** Starts an execution and waits until it is paused on its token. */
    String startPaused(String machineArn, String name, String input) throws InterruptedException {
        String arn = sfn.startExecution(b -> b.stateMachineArn(machineArn).name(name).input(input)).executionArn();
        awaitIdle();
        return arn;
    }

    /** The only task token issued to the execution so far. */
    String tokenOf(String executionArn) {
        assertThat(tokens.get(executionArn)).as("tokens issued to %s", executionArn).hasSize(1);
        return tokens.get(executionArn).get(0);
    }

    void awaitIdle() throws InterruptedException {
        assertThat(engine.awaitIdle(Duration.ofSeconds(30))).as("engine idle within 30 s").isTrue();
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    @Override
    public void close() {
        sfn.close();
        server.close();
        engine.close();
    }
}
