package dev.countersign.local.engine.internal.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.local.engine.ExecutionStatus;
import dev.countersign.local.engine.HistoryEvent;
import dev.countersign.local.engine.HistoryEventType;
import dev.countersign.local.engine.internal.asl.StateMachineDefinition;
import dev.countersign.local.engine.internal.store.CellKey;
import dev.countersign.local.engine.internal.store.ExecutionEntry;
import dev.countersign.local.engine.internal.store.Records;
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
 * agenda of transitions still to run. Frames are decoded from their cells only when touched.
 */
final class Turn {
    final RunHost host;
    final ExecutionEntry entry;
    final StateMachineDefinition definition;
    final long now;
    private final Map<String, Frame> frames = new HashMap<>();
    private final Set<String> changed = new LinkedHashSet<>();
    private final Map<CellKey, Cell> puts = new LinkedHashMap<>();
    private final Set<CellKey> deletes = new LinkedHashSet<>();
    private final List<HistoryEvent> events = new ArrayList<>();
    private final Map<String, Records.MapRunState> mapRuns = new LinkedHashMap<>();
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
        Cell.Counter counter = Cell.read(entry, CellKey.COUNTER, Cell.Counter.class);
        this.sequence = counter == null ? 0 : counter.sequence();
    }

    // ---- frames ---------------------------------------------------------------------------------------------------

    Frame frame(String id) {
        Frame frame = frames.get(id);
        if (frame == null) {
            Cell.FrameCell cell = cell(CellKey.frame(id), Cell.FrameCell.class);
            if (cell != null) {
                frame = cell.frame();
                frames.put(id, frame);
            }
        }
        return frame;
    }

    void save(Frame frame) {
        frames.put(frame.id, frame);
        changed.add(frame.id);
        deletes.remove(CellKey.frame(frame.id));
    }

    void drop(String frameId) {
        Frame frame = frames.remove(frameId);
        if (frame != null) {
            frame.gone = true;
        }
        changed.remove(frameId);
        delete(CellKey.frame(frameId));
    }

    String newId(String prefix) {
        sequence++;
        sequenceChanged = true;
        return prefix + sequence;
    }

    // ---- cells ----------------------------------------------------------------------------------------------------

    void put(Cell cell) {
        puts.put(cell.key(), cell);
        deletes.remove(cell.key());
    }

    void delete(CellKey key) {
        puts.remove(key);
        deletes.add(key);
    }

    /** The cell as this turn left it so far, or null. */
    <T extends Cell> T cell(CellKey key, Class<T> type) {
        if (deletes.contains(key)) {
            return null;
        }
        Cell put = puts.get(key);
        return put != null ? type.cast(put) : Cell.read(entry, key, type);
    }

    // ---- timers ---------------------------------------------------------------------------------------------------

    void setTimer(Frame frame, Cell.TimerKind kind, long due, String reference) {
        put(new Cell.Timer(frame.id, kind, due, reference));
    }

    void cancelTimer(Frame frame, Cell.TimerKind kind) {
        delete(CellKey.timer(frame.id, kind.wireName()));
    }

    // ---- history --------------------------------------------------------------------------------------------------

    /** Appends an event that follows the frame's previous event; returns its id. */
    long event(Frame frame, HistoryEventType type, ObjectNode details) {
        long id = nextEventId++;
        events.add(new HistoryEvent(id, frame == null ? id - 1 : frame.previousEventId, Instant.ofEpochMilli(now),
                type, details));
        if (frame != null) {
            frame.previousEventId = id;
            save(frame);
        }
        return id;
    }

    // ---- map runs -------------------------------------------------------------------------------------------------

    /** Starts or ends a map run (journalled with the turn). */
    void mapRun(Records.MapRunState run) {
        mapRuns.put(run.arn(), run);
    }

    /** A map run of this execution as this turn left it. */
    Records.MapRunState mapRun(String arn) {
        Records.MapRunState run = mapRuns.get(arn);
        return run != null ? run : entry.mapRun(arn);
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
            return new TurnResult(events, List.of(), entry.keys(), new ArrayList<>(mapRuns.values()), closing);
        }
        for (String id : changed) {
            Frame frame = frames.get(id);
            if (frame != null) {
                put(new Cell.FrameCell(frame));
            }
        }
        if (sequenceChanged) {
            put(new Cell.Counter(sequence));
        }
        deletes.removeIf(key -> entry.cell(key) == null && !puts.containsKey(key));
        return new TurnResult(events, new ArrayList<>(puts.values()), new ArrayList<>(deletes),
                new ArrayList<>(mapRuns.values()), null);
    }
}
