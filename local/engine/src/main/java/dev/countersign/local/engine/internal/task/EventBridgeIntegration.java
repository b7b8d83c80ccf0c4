package dev.countersign.local.engine.internal.task;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.local.engine.DefinitionProblem;
import dev.countersign.local.engine.RecordedEvent;
import dev.countersign.local.engine.StatesError;
import dev.countersign.local.engine.StatesFailure;
import dev.countersign.local.engine.internal.Json;
import dev.countersign.local.engine.internal.asl.QueryLanguage;
import dev.countersign.local.engine.internal.asl.TaskResource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * {@code arn:aws:states:::events:putEvents} (and {@code .waitForTaskToken}): the entries are recorded locally, where
 * the embedding program can read them ({@link dev.countersign.local.engine.Engine#recordedEvents()}); the result is
 * PutEvents' response. An entry without Detail, DetailType or Source fails the task with
 * {@code EventBridge.FailedEntry}, as a rejected entry does on AWS; so does a Detail that is not a JSON object (text
 * that is not one, a number, an array), with PutEvents' answer — {@code MalformedDetail} for that entry — as cause.
 */
final class EventBridgeIntegration implements TaskIntegration {
    private final Consumer<RecordedEvent> recorder;
    private final Supplier<Instant> clock;

    EventBridgeIntegration(Consumer<RecordedEvent> recorder, Supplier<Instant> clock) {
        this.recorder = recorder;
        this.clock = clock;
    }

    @Override
    public Set<TaskResource.Pattern> patterns() {
        return Set.of(TaskResource.Pattern.REQUEST_RESPONSE, TaskResource.Pattern.WAIT_FOR_TASK_TOKEN);
    }

    @Override
    public List<DefinitionProblem> check(JsonNode parameters, QueryLanguage language, String location) {
        return ParameterChecks.fields(parameters, language, location, "events:putEvents", Set.of("Entries"),
                Set.of("Entries"));
    }

    @Override
    public JsonNode invoke(TaskCall call) {
        JsonNode entries = call.parameters() == null ? null : call.parameters().get("Entries");
        if (entries == null || !entries.isArray() || entries.isEmpty()) {
            throw StatesError.RUNTIME.failure("events:putEvents needs Entries, a non-empty array");
        }
        ObjectNode result = Json.object();
        ArrayNode answers = result.putArray("Entries");
        int failed = 0;
        for (int i = 0; i < entries.size(); i++) {
            JsonNode entry = entries.get(i);
            for (String field : List.of("Detail", "DetailType", "Source")) {
                if (!entry.hasNonNull(field)) {
                    throw new StatesFailure("EventBridge.FailedEntry", "Entries[" + i + "] has no " + field
                            + " (InvalidArgument): every entry needs Detail, DetailType and Source");
                }
            }
            JsonNode detail = detail(entry.get("Detail"));
            if (detail == null) {
                // EventBridge refuses the entry and accepts the others; Step Functions then fails the task.
                answers.addObject().put("ErrorCode", "MalformedDetail").put("ErrorMessage", "Detail is malformed.");
                failed++;
                continue;
            }
            List<String> resources = new ArrayList<>();
            entry.path("Resources").forEach(r -> resources.add(r.asText()));
            RecordedEvent event = new RecordedEvent(UUID.randomUUID().toString(), call.executionArn(), clock.get(),
                    entry.path("EventBusName").asText("default"), entry.get("Source").asText(),
                    entry.get("DetailType").asText(), detail, resources);
            recorder.accept(event);
            answers.addObject().put("EventId", event.eventId());
        }
        result.put("FailedEntryCount", failed);
        if (failed > 0) {
            throw new StatesFailure("EventBridge.FailedEntry", Json.write(result));
        }
        return result;
    }

    /**
     * The event's detail: a JSON object given as such, or as JSON text (Step Functions passes text on as it is);
     * null when EventBridge would refuse it as MalformedDetail — text that is not a JSON object, or any other value.
     */
    private static JsonNode detail(JsonNode given) {
        JsonNode detail = given.isTextual() ? Json.parseOrNull(given.asText()) : given;
        return detail != null && detail.isObject() ? detail : null;
    }
}
