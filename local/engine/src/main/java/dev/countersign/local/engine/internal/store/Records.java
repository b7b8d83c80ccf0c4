package dev.countersign.local.engine.internal.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.local.engine.ExecutionStatus;
import dev.countersign.local.engine.HistoryEvent;
import dev.countersign.local.engine.HistoryEventType;
import dev.countersign.local.engine.internal.Json;
import dev.countersign.local.engine.internal.task.NestedExecutions.StartedBy;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The bodies of journal records, and the one codec of what they carry. Binary, so that recovery copies byte ranges
 * instead of parsing JSON: only small metadata objects and history events are JSON.
 *
 * <pre>
 * DEFINITION      1 | utf key | int n | n bytes UTF-8 definition text
 * STATE_MACHINE   2 | int n | n bytes JSON {arn, name, created, order, def, role, updated, rev, deleted}
 * EXECUTION       4 | long number | int n | n bytes JSON meta (n = 0: none)
 *                   | int events | (int n | n bytes JSON event {id, prev, ts, type, d})*
 *                   | int puts | (utf key | int n | n bytes)* | int deletes | (utf key)*
 * SNAPSHOT_END    5 | long executions
 * </pre>
 *
 * An execution's meta is its identity ({@link ExecutionIdentity}: {@code arn, name, sm, def, role, start, hash},
 * {@code by} for a nested execution, {@code mr} for a child execution of a map run) on its first record, how it ended
 * ({@link ExecutionClosing}: {@code status, stop, error, cause}) on its last, and both in a snapshot; {@code runs} holds
 * the map runs ({@link MapRunState}) a record starts or ends, and a snapshot all of an execution's map runs.
 */
public final class Records {
    static final byte DEFINITION = 1;
    static final byte STATE_MACHINE = 2;
    static final byte EXECUTION = 4;
    static final byte SNAPSHOT_END = 5;

    private Records() {
    }

    /** A state machine as its records hold it; {@code updated} is null until it is first updated. */
    public record MachineState(String arn, String name, Instant created, long order, String definitionKey,
                               String roleArn, Instant updated, String revisionId, boolean deleted) {
    }

    /**
     * Who an execution is: written with its start, kept in snapshots.
     *
     * @param mapRun for a child execution of a Distributed Map: its map run and how many items it takes, else null
     */
    public record ExecutionIdentity(String arn, String name, String stateMachineArn, String definitionKey,
                                    String roleArn, Instant startDate, byte[] inputHash, StartedBy startedBy,
                                    MapRunMember mapRun) {
    }

    /** A child execution's place in a map run: the run's ARN and how many items the child takes (a batch: more). */
    public record MapRunMember(String mapRunArn, int items) {
    }

    /**
     * A map run of a Distributed Map as its execution's records hold it.
     *
     * @param stateMachineArn the state machine of its child executions ({@code <machine>/<label>})
     * @param stopDate        null while it runs
     * @param maxConcurrency  0 for no limit
     * @param items           how many items
     * @param executions      how many child executions (fewer than items when they are batched)
     */
    public record MapRunState(String arn, String stateMachineArn, Instant startDate, Instant stopDate, String status,
                              int maxConcurrency, double toleratedFailurePercentage, long toleratedFailureCount,
                              int items, int executions) {

        /** The same run, ended. */
        public MapRunState closed(String endStatus, Instant when) {
            return new MapRunState(arn, stateMachineArn, startDate, when, endStatus, maxConcurrency,
                    toleratedFailurePercentage, toleratedFailureCount, items, executions);
        }
    }

    /** How an execution ended. */
    public record ExecutionClosing(ExecutionStatus status, Instant stopDate, String error, String cause) {
    }

    /** An encoded execution record and where its events are inside it. */
    public record Encoded(byte[] body, int[] eventOffsets, int[] eventLengths) {
    }

    public sealed interface Decoded permits DefinitionRecord, StateMachineRecord, ExecutionRecord, SnapshotEnd {
    }

    public record DefinitionRecord(String key, String text) implements Decoded {
    }

    public record StateMachineRecord(MachineState machine) implements Decoded {
    }

    /**
     * One turn (or start, inbox item, close) of one execution.
     *
     * @param identity null except on the first record (and in snapshots)
     * @param closing  null while the execution keeps running
     * @param runs     map runs started or ended (all of them, in a snapshot)
     * @param puts     cells by key text, in order
     */
    public record ExecutionRecord(long number, ExecutionIdentity identity, ExecutionClosing closing,
                                  List<MapRunState> runs, int[] eventOffsets, int[] eventLengths,
                                  List<Map.Entry<String, byte[]>> puts, List<String> deletes) implements Decoded {
    }

    public record SnapshotEnd(long executions) implements Decoded {
    }

    // ---- encoding -------------------------------------------------------------------------------------------------

    public static byte[] definition(String key, String text) {
        return write(out -> {
            out.writeByte(DEFINITION);
            out.writeUTF(key);
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            out.writeInt(bytes.length);
            out.write(bytes);
        });
    }

    public static byte[] stateMachine(MachineState machine) {
        ObjectNode json = Json.object().put("arn", machine.arn()).put("name", machine.name())
                .put("created", machine.created().toEpochMilli()).put("order", machine.order())
                .put("def", machine.definitionKey()).put("role", machine.roleArn()).put("rev", machine.revisionId())
                .put("deleted", machine.deleted());
        if (machine.updated() != null) {
            json.put("updated", machine.updated().toEpochMilli());
        }
        byte[] bytes = Json.bytes(json);
        return write(out -> {
            out.writeByte(STATE_MACHINE);
            out.writeInt(bytes.length);
            out.write(bytes);
        });
    }

    static byte[] snapshotEnd(long executions) {
        return write(out -> {
            out.writeByte(SNAPSHOT_END);
            out.writeLong(executions);
        });
    }

    /** An execution record; {@code identity} and {@code closing} may each be null. */
    public static Encoded execution(long number, ExecutionIdentity identity, ExecutionClosing closing,
                                    List<byte[]> events, Map<String, byte[]> puts, Collection<String> deletes) {
        return execution(number, identity, closing, List.of(), events, puts, deletes);
    }

    /** An execution record that also starts or ends map runs. */
    public static Encoded execution(long number, ExecutionIdentity identity, ExecutionClosing closing,
                                    List<MapRunState> runs, List<byte[]> events, Map<String, byte[]> puts,
                                    Collection<String> deletes) {
        byte[] meta = meta(identity, closing, runs);
        int[] offsets = new int[events.size()];
        int[] lengths = new int[events.size()];
        byte[] body = write(out -> {
            out.writeByte(EXECUTION);
            out.writeLong(number);
            if (meta == null) {
                out.writeInt(0);
            } else {
                out.writeInt(meta.length);
                out.write(meta);
            }
            out.writeInt(events.size());
            for (int i = 0; i < events.size(); i++) {
                byte[] event = events.get(i);
                out.writeInt(event.length);
                offsets[i] = out.size();
                lengths[i] = event.length;
                out.write(event);
            }
            out.writeInt(puts.size());
            for (Map.Entry<String, byte[]> put : puts.entrySet()) {
                out.writeUTF(put.getKey());
                out.writeInt(put.getValue().length);
                out.write(put.getValue());
            }
            out.writeInt(deletes.size());
            for (String key : deletes) {
                out.writeUTF(key);
            }
        });
        return new Encoded(body, offsets, lengths);
    }

    private static byte[] meta(ExecutionIdentity identity, ExecutionClosing closing, List<MapRunState> runs) {
        if (identity == null && closing == null && runs.isEmpty()) {
            return null;
        }
        ObjectNode meta = Json.object();
        if (identity != null) {
            meta.put("arn", identity.arn()).put("name", identity.name()).put("sm", identity.stateMachineArn())
                    .put("def", identity.definitionKey()).put("role", identity.roleArn())
                    .put("start", identity.startDate().toEpochMilli())
                    .put("hash", Base64.getEncoder().encodeToString(identity.inputHash()));
            StartedBy by = identity.startedBy();
            if (by != null) {
                meta.putObject("by").put("x", by.executionArn()).put("at", by.attempt()).put("w", by.waits());
            }
            if (identity.mapRun() != null) {
                meta.putObject("mr").put("arn", identity.mapRun().mapRunArn()).put("n", identity.mapRun().items());
            }
        }
        if (closing != null) {
            meta.put("status", closing.status().name()).put("stop", closing.stopDate().toEpochMilli())
                    .put("error", closing.error()).put("cause", closing.cause());
        }
        if (!runs.isEmpty()) {
            ArrayNode array = meta.putArray("runs");
            for (MapRunState run : runs) {
                ObjectNode json = array.addObject().put("arn", run.arn()).put("sm", run.stateMachineArn())
                        .put("start", run.startDate().toEpochMilli()).put("status", run.status())
                        .put("max", run.maxConcurrency()).put("pct", run.toleratedFailurePercentage())
                        .put("cnt", run.toleratedFailureCount()).put("items", run.items())
                        .put("execs", run.executions());
                if (run.stopDate() != null) {
                    json.put("stop", run.stopDate().toEpochMilli());
                }
            }
        }
        return Json.bytes(meta);
    }

    /** A history event as records hold it: {@code {id, prev, ts, type, d}}. */
    public static byte[] event(HistoryEvent event) {
        ObjectNode json = Json.object().put("id", event.id()).put("prev", event.previousEventId())
                .put("ts", event.timestamp().toEpochMilli()).put("type", event.type().name());
        if (event.details() != null) {
            json.set("d", event.details());
        }
        return Json.bytes(json);
    }

    public static HistoryEvent event(byte[] bytes) {
        JsonNode event = Json.read(bytes);
        JsonNode details = event.get("d");
        return new HistoryEvent(event.get("id").asLong(), event.get("prev").asLong(),
                Instant.ofEpochMilli(event.get("ts").asLong()), HistoryEventType.valueOf(event.get("type").asText()),
                details instanceof ObjectNode object ? object : null);
    }

    /** What definitions are keyed by (as hex) and what an execution keeps of its input. */
    public static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- decoding -------------------------------------------------------------------------------------------------

    public static Decoded decode(ByteBuffer body) {
        ByteBuffer in = body.duplicate();
        byte kind = in.get();
        switch (kind) {
            case DEFINITION -> {
                String key = readUtf(in);
                byte[] text = bytes(in, in.getInt());
                return new DefinitionRecord(key, new String(text, StandardCharsets.UTF_8));
            }
            case STATE_MACHINE -> {
                return new StateMachineRecord(machine(Json.read(bytes(in, in.getInt()))));
            }
            case EXECUTION -> {
                long number = in.getLong();
                int metaLength = in.getInt();
                JsonNode meta = metaLength == 0 ? null : Json.read(bytes(in, metaLength));
                int events = in.getInt();
                int[] offsets = new int[events];
                int[] lengths = new int[events];
                for (int i = 0; i < events; i++) {
                    lengths[i] = in.getInt();
                    offsets[i] = in.position() - body.position();
                    in.position(in.position() + lengths[i]);
                }
                int putCount = in.getInt();
                List<Map.Entry<String, byte[]>> puts = new ArrayList<>(putCount);
                for (int i = 0; i < putCount; i++) {
                    String key = readUtf(in);
                    puts.add(new AbstractMap.SimpleImmutableEntry<>(key, bytes(in, in.getInt())));
                }
                int deleteCount = in.getInt();
                List<String> deletes = new ArrayList<>(deleteCount);
                for (int i = 0; i < deleteCount; i++) {
                    deletes.add(readUtf(in));
                }
                return new ExecutionRecord(number, identity(meta), closing(meta), runs(meta), offsets, lengths, puts,
                        deletes);
            }
            case SNAPSHOT_END -> {
                return new SnapshotEnd(in.getLong());
            }
            default -> throw new IllegalStateException("unknown journal record kind " + kind);
        }
    }

    private static MachineState machine(JsonNode json) {
        return new MachineState(json.get("arn").asText(), json.get("name").asText(),
                Instant.ofEpochMilli(json.get("created").asLong()), json.get("order").asLong(),
                json.get("def").asText(), json.get("role").asText(),
                json.hasNonNull("updated") ? Instant.ofEpochMilli(json.get("updated").asLong()) : null,
                json.get("rev").asText(), json.path("deleted").asBoolean());
    }

    private static ExecutionIdentity identity(JsonNode meta) {
        if (meta == null || !meta.has("arn")) {
            return null;
        }
        JsonNode by = meta.get("by");
        JsonNode mapRun = meta.get("mr");
        return new ExecutionIdentity(meta.get("arn").asText(), meta.get("name").asText(), meta.get("sm").asText(),
                meta.get("def").asText(), meta.get("role").asText(), Instant.ofEpochMilli(meta.get("start").asLong()),
                Base64.getDecoder().decode(meta.get("hash").asText()), by == null ? null
                : new StartedBy(by.get("x").asText(), by.get("at").asText(), by.get("w").asBoolean()),
                mapRun == null ? null : new MapRunMember(mapRun.get("arn").asText(), mapRun.get("n").asInt()));
    }

    private static List<MapRunState> runs(JsonNode meta) {
        if (meta == null || !meta.has("runs")) {
            return List.of();
        }
        List<MapRunState> runs = new ArrayList<>();
        for (JsonNode run : meta.get("runs")) {
            runs.add(new MapRunState(run.get("arn").asText(), run.get("sm").asText(),
                    Instant.ofEpochMilli(run.get("start").asLong()),
                    run.has("stop") ? Instant.ofEpochMilli(run.get("stop").asLong()) : null,
                    run.get("status").asText(), run.get("max").asInt(), run.get("pct").asDouble(),
                    run.get("cnt").asLong(), run.get("items").asInt(), run.get("execs").asInt()));
        }
        return runs;
    }

    private static ExecutionClosing closing(JsonNode meta) {
        if (meta == null || !meta.has("status")) {
            return null;
        }
        return new ExecutionClosing(ExecutionStatus.valueOf(meta.get("status").asText()),
                Instant.ofEpochMilli(meta.get("stop").asLong()), text(meta, "error"), text(meta, "cause"));
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : null;
    }

    private static byte[] bytes(ByteBuffer in, int length) {
        byte[] bytes = new byte[length];
        in.get(bytes);
        return bytes;
    }

    private static String readUtf(ByteBuffer in) {
        int length = Short.toUnsignedInt(in.getShort());
        byte[] bytes = bytes(in, length);
        // Keys are ASCII (cell names, hashes), where modified UTF-8 and UTF-8 agree.
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    private static byte[] write(Writer writer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            writer.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
