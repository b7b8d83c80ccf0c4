package dev.countersign.local.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * One entry an {@code arn:aws:states:::events:putEvents} task sent, recorded locally instead of going to
 * EventBridge.
 *
 * @param eventId      the id the task's result reports for this entry
 * @param eventBusName {@code default} when the entry named none
 * @param detail       the Detail, parsed when it is a JSON object (as the integration requires), else a text node
 */
public record RecordedEvent(String eventId, String executionArn, Instant time, String eventBusName, String source,
                            String detailType, JsonNode detail, List<String> resources) {
    public RecordedEvent {
        resources = List.copyOf(resources);
    }
}
