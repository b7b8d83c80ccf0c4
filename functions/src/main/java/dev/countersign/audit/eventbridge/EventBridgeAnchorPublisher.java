package dev.countersign.audit.eventbridge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.audit.AnchorPublisher;
import dev.countersign.audit.AuditAnchor;
import dev.countersign.audit.IsoMillis;
import dev.countersign.aws.internal.AwsCallException;
import dev.countersign.aws.internal.AwsJsonClient;
import dev.countersign.core.json.Json;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Publishes each anchor as one EventBridge event ({@code PutEvents} over {@link AwsJsonClient}, not the SDK's client:
 * jar size and cold start, docs/handlers.md): source {@value #SOURCE}, detail-type {@value #DETAIL_TYPE}, detail
 * {@code {"approvalId", "seq", "hash", "at"}}. A refused call or a failed entry ({@code FailedEntryCount} &gt; 0) is
 * reported to {@link Failures}; nothing is thrown, since the write it anchors has already succeeded.
 */
public final class EventBridgeAnchorPublisher implements AnchorPublisher {
    /** The environment variable naming the bus (a name or an ARN); absent, nothing is published. */
    public static final String BUS_VARIABLE = "COUNTERSIGN_EVENT_BUS";
    public static final String SOURCE = "countersign";
    public static final String DETAIL_TYPE = "Countersign Audit Anchor";

    /** A bus name as EventBridge accepts it, or a bus ARN. */
    private static final Pattern BUS = Pattern.compile(
            "(arn:aws[a-z-]*:events:[a-z0-9-]+:[0-9]{12}:event-bus/)?[/.\\-_A-Za-z0-9]{1,256}");

    /** Where a failure to publish goes (the functions log it as a warning). */
    public interface Failures {
        /** {@code anchor} was not published; {@code reason} says why (the service's error, or the failed entry's). */
        void notPublished(AuditAnchor anchor, String reason);
    }

    private final AwsJsonClient events;
    private final String bus;
    private final Failures failures;

    /**
     * @param events   a client for EventBridge ({@link AwsJsonClient.Protocol#EVENTBRIDGE})
     * @param bus      the bus's name or ARN
     * @param failures told about each anchor that was not published
     * @throws IllegalArgumentException when {@code bus} is neither a bus name nor a bus ARN
     */
    public EventBridgeAnchorPublisher(AwsJsonClient events, String bus, Failures failures) {
        this.events = Objects.requireNonNull(events, "events");
        this.failures = Objects.requireNonNull(failures, "failures");
        if (bus == null || !BUS.matcher(bus).matches()) {
            throw new IllegalArgumentException(BUS_VARIABLE + "='" + bus + "' is not an event bus: give the name of"
                    + " the bus (letters, digits, . - _ /, at most 256) or its ARN"
                    + " (arn:aws:events:<region>:<account>:event-bus/<name>), or unset it to publish no anchors");
        }
        this.bus = bus;
    }

    public String bus() {
        return bus;
    }

    @Override
    public void publish(AuditAnchor anchor) {
        JsonNode response;
        try {
            response = events.call("PutEvents", request(anchor));
        } catch (AwsCallException e) {
            failures.notPublished(anchor, e.getMessage());
            return;
        } catch (RuntimeException e) {
            failures.notPublished(anchor, e.getClass().getSimpleName() + ": " + e.getMessage());
            return;
        }
        if (response.path("FailedEntryCount").asInt(0) > 0) {
            JsonNode entry = response.path("Entries").path(0);
            failures.notPublished(anchor, "PutEvents refused the entry: " + entry.path("ErrorCode").asText("?")
                    + " " + entry.path("ErrorMessage").asText(""));
        }
    }

    /** The PutEvents request for one anchor. */
    ObjectNode request(AuditAnchor anchor) {
        ObjectNode detail = Json.object();
        detail.put("approvalId", anchor.approvalId());
        detail.put("seq", anchor.seq());
        detail.put("hash", anchor.hash());
        detail.put("at", IsoMillis.format(anchor.at()));
        ObjectNode entry = Json.object();
        entry.put("EventBusName", bus);
        entry.put("Source", SOURCE);
        entry.put("DetailType", DETAIL_TYPE);
        entry.put("Detail", Json.write(detail));
        ObjectNode request = Json.object();
        ArrayNode entries = request.putArray("Entries");
        entries.add(entry);
        return request;
    }
}
