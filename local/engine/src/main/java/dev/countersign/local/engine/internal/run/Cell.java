package dev.countersign.local.engine.internal.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.local.engine.internal.Json;
import dev.countersign.local.engine.internal.store.CellKey;
import dev.countersign.local.engine.internal.store.ExecutionEntry;

/**
 * A runtime cell of a running execution: what a paused execution is made of between turns, journalled with each turn.
 * One codec ({@link #encode()} and {@link #decode}) maps every cell to its {@link CellKey} and to the JSON bytes
 * journal records hold, in the format earlier engines wrote.
 */
public sealed interface Cell {

    CellKey key();

    /** The cell's bytes as journal records hold them. */
    byte[] encode();

    /** A cell from its key and bytes (as an execution entry or a journal record holds them). */
    static Cell decode(CellKey key, byte[] bytes) {
        JsonNode json = key.kind() == CellKey.Kind.FRAME ? null : Json.read(bytes);
        return switch (key.kind()) {
            case FRAME -> new FrameCell(Frame.fromBytes(key.name(), bytes));
            case ITEMS -> new MapItems(key.name(), json.get("items"), json.get("input"));
            case TIMER -> new Timer(text(json, "f"), TimerKind.named(json.get("kind").asText()),
                    json.get("at").asLong(), text(json, "ref"));
            case TOKEN -> new OpenTask(key.name(), json.get("f").asText(), json.get("at").asText());
            case INVOCATION -> new Invocation(key.name(), json.get("f").asText(), json.get("r").asText(),
                    text(json, "tk"), json.get("s").asText(), json.get("p"));
            case JOB -> new JobWait(key.name(), json.get("f").asText(), json.get("r").asText(), json.get("job"));
            case INBOX -> new Inbox(key, InboxItem.decode(json));
            case COUNTER -> new Counter(json.path("seq").asLong());
        };
    }

    /** The execution's cell under {@code key} as {@code type}, or null when it has none. */
    static <T extends Cell> T read(ExecutionEntry entry, CellKey key, Class<T> type) {
        byte[] bytes = entry.cell(key);
        return bytes == null ? null : type.cast(decode(key, bytes));
    }

    private static String text(JsonNode json, String field) {
        return json.hasNonNull(field) ? json.get(field).asText() : null;
    }

    /** A frame (the top level, a Parallel branch, a Map iteration), in its own codec. */
    record FrameCell(Frame frame) implements Cell {
        @Override
        public CellKey key() {
            return CellKey.frame(frame.id);
        }

        @Override
        public byte[] encode() {
            return frame.toBytes();
        }
    }

    /** A Map's items and its effective input (what ItemSelector sees as {@code $}), for iterations still to start. */
    record MapItems(String group, JsonNode items, JsonNode input) implements Cell {
        @Override
        public CellKey key() {
            return CellKey.items(group);
        }

        @Override
        public byte[] encode() {
            ObjectNode json = Json.object();
            json.set("items", items);
            json.set("input", input);
            return Json.bytes(json);
        }
    }

    /** What a timer is for. */
    enum TimerKind {
        TIMEOUT("timeout"), HEARTBEAT("heartbeat"), RETRY("retry"), WAIT("wait"), EXECUTION("execution");

        private final String wireName;

        TimerKind(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }

        static TimerKind named(String wireName) {
            for (TimerKind kind : values()) {
                if (kind.wireName.equals(wireName)) {
                    return kind;
                }
            }
            throw new IllegalStateException("unknown timer kind '" + wireName + "' in the journal");
        }
    }

    /**
     * A durable timer.
     *
     * @param frameId   null for the execution's own timeout
     * @param at        when it falls due, epoch milliseconds
     * @param reference the task attempt a timeout or heartbeat timer belongs to, else null
     */
    record Timer(String frameId, TimerKind kind, long at, String reference) implements Cell {
        @Override
        public CellKey key() {
            return kind == TimerKind.EXECUTION ? CellKey.executionTimer() : CellKey.timer(frameId, kind.wireName);
        }

        @Override
        public byte[] encode() {
            ObjectNode json = Json.object().put("at", at);
            if (frameId != null) {
                json.put("f", frameId);
            }
            json.put("kind", kind.wireName);
            if (reference != null) {
                json.put("ref", reference);
            }
            return Json.bytes(json);
        }
    }

    /** An open task token and the attempt it closes. */
    record OpenTask(String token, String frameId, String attempt) implements Cell {
        @Override
        public CellKey key() {
            return CellKey.token(token);
        }

        @Override
        public byte[] encode() {
            return Json.bytes(Json.object().put("f", frameId).put("at", attempt));
        }
    }

    /**
     * An invocation to run: written by the turn that schedules it, run once that turn is durable, and run again
     * after a crash until its result is in the inbox.
     *
     * @param token the task token for {@code .waitForTaskToken}, else null
     */
    record Invocation(String attempt, String frameId, String resource, String token, String stateName,
                      JsonNode parameters) implements Cell {
        @Override
        public CellKey key() {
            return CellKey.invocation(attempt);
        }

        @Override
        public byte[] encode() {
            ObjectNode json = Json.object().put("f", frameId).put("at", attempt).put("r", resource).put("tk", token)
                    .put("s", stateName);
            json.set("p", parameters);
            return Json.bytes(json);
        }
    }

    /**
     * A {@code .sync} task attempt waiting for the job its invocation started (a nested execution).
     *
     * @param job what the invocation answered (StartExecution's answer)
     */
    record JobWait(String attempt, String frameId, String resource, JsonNode job) implements Cell {
        @Override
        public CellKey key() {
            return CellKey.job(attempt);
        }

        /** The ARN of the execution this attempt waits for. */
        public String childArn() {
            return job.path("ExecutionArn").asText();
        }

        @Override
        public byte[] encode() {
            ObjectNode json = Json.object().put("f", frameId).put("at", attempt).put("r", resource);
            json.set("job", job);
            return Json.bytes(json);
        }
    }

    /** Something that arrived for the execution, taken by its next turn in arrival order. */
    record Inbox(CellKey key, InboxItem item) implements Cell {
        @Override
        public byte[] encode() {
            return item.encode();
        }
    }

    /** The counter behind the execution's attempt and group ids. */
    record Counter(long sequence) implements Cell {
        @Override
        public CellKey key() {
            return CellKey.COUNTER;
        }

        @Override
        public byte[] encode() {
            return Json.bytes(Json.object().put("seq", sequence));
        }
    }
}
