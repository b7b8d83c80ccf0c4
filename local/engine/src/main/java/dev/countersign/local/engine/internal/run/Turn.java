package dev.countersign.local.engine.internal.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.local.engine.ExecutionStatus;
import dev.countersign.local.engine.HistoryEventType;
import dev.countersign.local.engine.internal.ExecutionEntry;
import dev.countersign.local.engine.internal.Json;
import dev.countersign.local.engine.internal.asl.StateMachineDefinition;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One turn of one execution on one worker thread: the frames it loaded, the events and cell changes it made, and the
 * agenda of transitions still to run. Frames are parsed from their cells only when touched.
 */
final class Turn {
    final RunHost host;
    final ExecutionEntry entry;
    final StateMachineDefinition definition;
    final long now;
    private final Map<String, Frame> frames = new HashMap<>();
    private final Set<String> changed = new LinkedHashSet<>();
    private final Map<String, byte[]> puts = new LinkedHashMap<>();
    private final Set<String> deletes = new LinkedHashSet<>();
    private final List<ObjectNode> events = new ArrayList<>();
    private final ArrayDeque<Runnable> agenda = new ArrayDeque<>();
    private long nextEventId;
    private long sequence;
    private boolean sequenceChanged;
    private JsonNode executionInput;
    TurnResult.Closing closing;

    Turn(RunHost host, ExecutionEntry entry, StateMachineDefinition definition, Instant now) {
        this.host = host;
        this.entry = entry;
        this.definition = definition;
        this.now = now.toEpochMilli();
        this.nextEventId = entry.eventCount() + 1;
        byte[] meta = entry.cell("x");
        this.sequence = meta == null ? 0 : Json.read(meta).path("seq").asLong();
    }

    // ---- frames ---------------------------------------------------------------------------------------------------

    Frame frame(String id) {
        Frame frame = frames.get(id);
        if (frame == null && !deletes.contains("f:" + id)) {
            byte[] bytes = puts.containsKey("f:" + id) ? puts.get("f:" + id) : entry.cell("f:" + id);
            if (bytes != null) {
                frame = Frame.fromBytes(id, bytes);
                frames.put(id, frame);
            }
        }
        return frame;
    }

    void save(Frame frame) {
        frames.put(frame.id, frame);
        changed.add(frame.id);
        deletes.remove("f:" + frame.id);
    }

    void drop(String frameId) {
        Frame frame = frames.remove(frameId);
        if (frame != null) {
            frame.gone = true;
        }
        changed.remove(frameId);
        delete("f:" + frameId);
    }

    /** The ids of every frame of this execution (loaded or not). */
    List<String> frameIds() {
        Set<String> ids = new LinkedHashSet<>();
        entry.cells("f:").forEach(cell -> ids.add(cell.getKey().substring(2)));
        ids.addAll(frames.keySet());
        deletes.stream().filter(key -> key.startsWith("f:")).forEach(key -> ids.remove(key.substring(2)));
        return new ArrayList<>(ids);
    }

    String newId(String prefix) {
        sequence++;
        sequenceChanged = true;
        return prefix + sequence;
    }

    // ---- cells ----------------------------------------------------------------------------------------------------

    void put(String key, JsonNode value) {
        puts.put(key, Json.bytes(value));
        deletes.remove(key);
    }

    void delete(String key) {
        puts.remove(key);
        deletes.add(key);
    }

    JsonNode cell(String key) {
        if (deletes.contains(key)) {
            return null;
        }
        byte[] bytes = puts.containsKey(key) ? puts.get(key) : entry.cell(key);
        return bytes == null ? null : Json.read(bytes);
    }

    // ---- timers ---------------------------------------------------------------------------------------------------

    static String timerKey(String frameId, String kind) {
        return "t:" + frameId + "|" + kind;
    }

    void setTimer(Frame frame, String kind, long due, String reference) {
        ObjectNode timer = Json.object().put("at", due).put("f", frame.id).put("kind", kind);
        if (reference != null) {
            timer.put("ref", reference);
        }
        put(timerKey(frame.id, kind), timer);
    }

    void cancelTimer(Frame frame, String kind) {
        delete(timerKey(frame.id, kind));
    }

    // ---- history --------------------------------------------------------------------------------------------------

    /** Appends an event that follows the frame's previous event; returns its id. */
    long event(Frame frame, HistoryEventType type, ObjectNode details) {
        long id = nextEventId++;
        ObjectNode event = Json.object().put("id", id)
                .put("prev", frame == null ? id - 1 : frame.previousEventId).put("ts", now)
                .put("type", type.name());
        if (details != null) {
            event.set("d", details);
        }
        events.add(event);
        if (frame != null) {
            frame.previousEventId = id;
            save(frame);
        }
        return id;
    }

    // ---- agenda ---------------------------------------------------------------------------------------------------

    void later(Runnable step) {
        agenda.add(step);
    }

    void drain() {
        Runnable step;
        while (closing == null && (step = agenda.poll()) != null) {
            step.run();
        }
        agenda.clear();
    }

    void close(ExecutionStatus status, String output, String error, String cause) {
        closing = new TurnResult.Closing(status, output, error, cause);
    }

    JsonNode executionInput() {
        if (executionInput == null) {
            executionInput = host.executionInput(entry);
        }
        return executionInput;
    }

    TurnResult finish() {
        if (closing != null) {
            // A closed execution keeps no runtime state: every cell goes.
            puts.clear();
            entry.cells("").forEach(cell -> deletes.add(cell.getKey()));
            return new TurnResult(events, Map.of(), new ArrayList<>(deletes), closing);
        }
        for (String id : changed) {
            Frame frame = frames.get(id);
            if (frame != null) {
                puts.put("f:" + id, frame.toBytes());
            }
        }
        if (sequenceChanged) {
            puts.put("x", Json.bytes(Json.object().put("seq", sequence)));
        }
        deletes.removeIf(key -> entry.cell(key) == null && !puts.containsKey(key));
        return new TurnResult(events, puts, new ArrayList<>(deletes), null);
    }
}
