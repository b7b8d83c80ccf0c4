package dev.countersign.local.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The events the local EventBridge endpoint accepted, one JSON object per line in a file (by default
 * {@code .countersign/events.jsonl}): {@code id}, {@code time}, {@code eventBusName}, {@code source},
 * {@code detailType} and {@code detail} (parsed). Appended and flushed per request, so that what was published
 * survives a restart, as an EventBridge target would keep it.
 */
public final class EventLog {
    /** The file's name in the runtime's data directory. */
    public static final String FILE = "events.jsonl";

    private final ObjectMapper json = new ObjectMapper();
    private final Path file;

    public EventLog(Path file) {
        this.file = file;
    }

    /** The log in {@code directory}/{@value #FILE}. */
    public static EventLog in(Path directory) {
        return new EventLog(directory.resolve(FILE));
    }

    public Path file() {
        return file;
    }

    synchronized void append(List<ObjectNode> events) {
        if (events.isEmpty()) {
            return;
        }
        StringBuilder lines = new StringBuilder();
        for (ObjectNode event : events) {
            lines.append(event.toString()).append('\n');
        }
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Files.writeString(file, lines, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.WRITE, StandardOpenOption.SYNC);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the local event log " + file, e);
        }
    }

    /** Every event so far, oldest first (none when the file does not exist yet). */
    public synchronized List<JsonNode> events() {
        if (!Files.exists(file)) {
            return List.of();
        }
        List<JsonNode> events = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    events.add(json.readTree(line));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the local event log " + file, e);
        }
        return events;
    }

    /** The events of one detail-type, oldest first. */
    public List<JsonNode> events(String detailType) {
        List<JsonNode> matching = new ArrayList<>();
        for (JsonNode event : events()) {
            if (detailType.equals(event.path("detailType").asText())) {
                matching.add(event);
            }
        }
        return matching;
    }
}
