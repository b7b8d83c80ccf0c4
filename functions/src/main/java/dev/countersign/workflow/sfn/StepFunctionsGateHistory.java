package dev.countersign.workflow.sfn;

import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.core.json.Json;
import dev.countersign.workflow.GateHistory;
import dev.countersign.workflow.GateProtocol;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.GetExecutionHistoryResponse;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;

/**
 * {@link GateHistory} from the execution's history (GetExecutionHistory, with its data): every TaskScheduled whose
 * parameters pass a task token and a gate name to a Lambda function is a gate's RequestApproval ({@link GateProtocol}).
 */
public final class StepFunctionsGateHistory implements GateHistory {
    private final Supplier<SfnClient> client;

    public StepFunctionsGateHistory(Supplier<SfnClient> client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    @Override
    public List<String> gatesReached(String executionArn) {
        Set<String> gates = new LinkedHashSet<>();
        String next = null;
        do {
            String token = next;
            GetExecutionHistoryResponse page = client.get().getExecutionHistory(r -> r.executionArn(executionArn)
                    .includeExecutionData(true).maxResults(1000).nextToken(token));
            for (HistoryEvent event : page.events()) {
                if (event.type() == HistoryEventType.TASK_SCHEDULED && event.taskScheduledEventDetails() != null) {
                    String gate = gateOf(event.taskScheduledEventDetails().parameters());
                    if (gate != null) {
                        gates.add(gate);
                    }
                }
            }
            next = page.nextToken();
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
