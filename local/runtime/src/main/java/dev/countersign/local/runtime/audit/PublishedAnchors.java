package dev.countersign.local.runtime.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.countersign.audit.ChainAnchor;
import dev.countersign.audit.eventbridge.EventBridgeAnchorPublisher;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Audit anchors read from a file: JSON lines as the local runtime's {@code events.jsonl} holds them (one EventBridge
 * entry per line, {@code detailType}), whole EventBridge events as CloudWatch Logs stores them ({@code detail-type}),
 * or the JSON document {@code aws logs filter-log-events} prints (each {@code events[].message} is one event).
 */
public final class PublishedAnchors {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One published anchor and where it was read. */
    public record Published(String approvalId, int seq, String hash, String at, String source) {
        public ChainAnchor chainAnchor() {
            return new ChainAnchor(seq, hash);
        }
    }

    /** The file cannot be read, or a line is not an event: the message names the file and line. */
    public static final class UnreadableAnchors extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UnreadableAnchors(String message) {
            super(message, null, false, false);
        }
    }

    private PublishedAnchors() {
    }

    /**
     * The newest anchor (the highest seq) published for {@code approvalId} in {@code file}; empty when the file has
     * none for it.
     */
    public static Optional<Published> newest(Path file, String approvalId) {
        return Optional.ofNullable(newestByApproval(read(file)).get(approvalId));
    }

    /** The newest anchor (the highest seq) of every approval the file has anchors for. */
    public static Map<String, Published> newestByApproval(List<Published> anchors) {
        Map<String, Published> newest = new HashMap<>();
        for (Published anchor : anchors) {
            newest.merge(anchor.approvalId(), anchor, (a, b) -> b.seq() >= a.seq() ? b : a);
        }
        return newest;
    }

    /** Every anchor in the file, in file order (other events are skipped). */
    public static List<Published> read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new UnreadableAnchors("the anchors file " + file + " does not exist: give --anchors the file you"
                    + " exported, or leave --anchors out to use the local runtime's events.jsonl");
        } catch (IOException e) {
            throw new UnreadableAnchors("cannot read the anchors file " + file + " (" + e + ")");
        }
        List<Published> anchors = new ArrayList<>();
        JsonNode first = firstValue(text);
        if (first != null && first.path("events").isArray()) {
            // the output of aws logs filter-log-events: each message is one whole EventBridge event
            int index = 0;
            for (JsonNode logEvent : first.get("events")) {
                String where = file + " events[" + index++ + "].message";
                add(anchors, parseText(logEvent.path("message").asText(""), where), where);
            }
            return anchors;
        }
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (!lines[i].isBlank()) {
                add(anchors, parse(lines[i], file, i + 1), file + " line " + (i + 1));
            }
        }
        return anchors;
    }

    private static void add(List<Published> anchors, JsonNode event, String where) {
        String detailType = event.has("detailType") ? event.path("detailType").asText()
                : event.path("detail-type").asText(event.path("DetailType").asText(""));
        if (!EventBridgeAnchorPublisher.DETAIL_TYPE.equals(detailType)) {
            return;
        }
        JsonNode detail = event.has("detail") ? event.get("detail") : event.path("Detail");
        if (detail.isTextual()) {
            detail = parseText(detail.asText(), where + " detail");
        }
        JsonNode seq = detail.path("seq");
        String approvalId = detail.path("approvalId").asText("");
        String hash = detail.path("hash").asText("");
        if (!seq.canConvertToInt() || seq.asInt() < 1 || approvalId.isEmpty() || hash.isEmpty()) {
            throw new UnreadableAnchors(where + ": an audit anchor needs detail.approvalId, detail.seq (1 or more)"
                    + " and detail.hash; fix or remove that line");
        }
        anchors.add(new Published(approvalId, seq.asInt(), hash, detail.path("at").asText(""), where));
    }

    private static JsonNode firstValue(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return null; // reported line by line below
        }
    }

    private static JsonNode parse(String line, Path file, int number) {
        return parseText(line, file + " line " + number);
    }

    private static JsonNode parseText(String text, String where) {
        try {
            JsonNode node = JSON.readTree(text);
            if (node == null || !node.isObject()) {
                throw new UnreadableAnchors(where + " is not a JSON object: give JSON lines of EventBridge events"
                        + " (as .countersign/events.jsonl holds them) or the output of aws logs filter-log-events");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new UnreadableAnchors(where + " is not JSON (" + e.getOriginalMessage() + "): give JSON lines of"
                    + " EventBridge events (as .countersign/events.jsonl holds them) or the output of"
                    + " aws logs filter-log-events");
        }
    }
}
