package dev.countersign.workflow.sfn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.aws.AwsJsonClients;
import dev.countersign.aws.internal.AwsJsonClient;
import dev.countersign.core.json.Json;
import dev.countersign.workflow.GateHistory;
import dev.countersign.workflow.GateProtocol;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@link GateHistory} from the execution's history (GetExecutionHistory, with its data): every TaskScheduled whose
 * parameters pass a task token and a gate name to a Lambda function is a gate's RequestApproval ({@link GateProtocol}).
 */
public final class StepFunctionsGateHistory implements GateHistory {
    private final Supplier<AwsJsonClient> client;

    /** @param client Step Functions' JSON API (signed requests: no SDK model classes in the Lambda jar) */
    public StepFunctionsGateHistory(Supplier<AwsJsonClient> client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    /** Over the Step Functions API of {@code clients} (its endpoint, region and credentials). */
    public static StepFunctionsGateHistory over(AwsJsonClients clients) {
        AwsJsonClient client = clients.stepFunctions();
        return new StepFunctionsGateHistory(() -> client);
    }

    @Override
    public List<String> gatesReached(String executionArn) {
        Set<String> gates = new LinkedHashSet<>();
        String next = null;
        do {
            ObjectNode request = Json.object().put("executionArn", executionArn).put("includeExecutionData", true)
                    .put("maxResults", 1000);
            if (next != null) {
                request.put("nextToken", next);
            }
            JsonNode page = client.get().call("GetExecutionHistory", request);
            for (JsonNode event : page.path("events")) {
                JsonNode details = event.path("taskScheduledEventDetails");
                if ("TaskScheduled".equals(event.path("type").asText()) && details.path("parameters").isTextual()) {
                    String gate = gateOf(details.get("parameters").asText());
                    if (gate != null) {
                        gates.add(gate);
                    }
                }
            }
            next = page.path("nextToken").isTextual() ? page.get("nextToken").asText() : null;
        } while (next != null);
        return new ArrayList<>(gates);
    }

    /** The gate of a RequestApproval task's parameters ({@code Payload.taskToken} and {@code Payload.gate}), or null. */
    static String gateOf(String parameters) {
        if (parameters == null || parameters.isBlank()) {
            return null;
        }
        JsonNode payload;
        try {
            payload = Json.parse(parameters).path("Payload");
        } catch (RuntimeException e) {
            return null;
        }
        return payload.hasNonNull(GateProtocol.TASK_TOKEN) && payload.path(GateProtocol.GATE).isTextual()
                ? payload.get(GateProtocol.GATE).asText() : null;
    }
}
