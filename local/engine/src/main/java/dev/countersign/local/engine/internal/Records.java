package dev.countersign.local.engine.internal;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The bodies of journal records. Binary, so that recovery copies byte ranges instead of parsing JSON: only small
 * metadata objects are JSON.
 *
 * <pre>
 * DEFINITION      1 | utf key | int n | n bytes UTF-8 definition text
 * STATE_MACHINE   2 | int n | n bytes JSON {arn, name, created, order, def, role, updated, rev, deleted}
 * EXECUTION       4 | long number | int n | n bytes JSON meta (n = 0: none)
 *                   | int events | (int n | n bytes JSON event)*
 *                   | int puts | (utf key | int n | n bytes)* | int deletes | (utf key)*
 * SNAPSHOT_END    5 | long executions
 * </pre>
 */
final class Records {
    static final byte DEFINITION = 1;
    static final byte STATE_MACHINE = 2;
    static final byte EXECUTION = 4;
    static final byte SNAPSHOT_END = 5;

    private Records() {
    }

    /** An encoded execution record and where its events are inside it. */
    record Encoded(byte[] body, int[] eventOffsets, int[] eventLengths) {
    }

    sealed interface Decoded permits DefinitionRecord, StateMachineRecord, ExecutionRecord, SnapshotEnd {
    }

    record DefinitionRecord(String key, String text) implements Decoded {
    }

    record StateMachineRecord(byte[] json) implements Decoded {
    }

    record ExecutionRecord(long number, byte[] meta, int[] eventOffsets, int[] eventLengths,
                           List<Map.Entry<String, byte[]>> puts, List<String> deletes) implements Decoded {
    }

    record SnapshotEnd(long executions) implements Decoded {
    }

    static byte[] definition(String key, String text) {
        return write(out -> {
            out.writeByte(DEFINITION);
            out.writeUTF(key);
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            out.writeInt(bytes.length);
            out.write(bytes);
        });
    }

    static byte[] stateMachine(byte[] json) {
        return write(out -> {
            out.writeByte(STATE_MACHINE);
            out.writeInt(json.length);
            out.write(json);
        });
    }

    static byte[] snapshotEnd(long executions) {
        return write(out -> {
            out.writeByte(SNAPSHOT_END);
            out.writeLong(executions);
        });
    }

    static Encoded execution(long number, byte[] meta, List<byte[]> events, Map<String, byte[]> puts,
                             Collection<String> deletes) {
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

    static Decoded decode(ByteBuffer body) {
        ByteBuffer in = body.duplicate();
        byte kind = in.get();
        switch (kind) {
            case DEFINITION -> {
                String key = readUtf(in);
                byte[] text = bytes(in, in.getInt());
                return new DefinitionRecord(key, new String(text, StandardCharsets.UTF_8));
            }
            case STATE_MACHINE -> {
                return new StateMachineRecord(bytes(in, in.getInt()));
            }
            case EXECUTION -> {
                long number = in.getLong();
                int metaLength = in.getInt();
                byte[] meta = metaLength == 0 ? null : bytes(in, metaLength);
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
                return new ExecutionRecord(number, meta, offsets, lengths, puts, deletes);
            }
            case SNAPSHOT_END -> {
                return new SnapshotEnd(in.getLong());
            }
            default -> throw new IllegalStateException("unknown journal record kind " + kind);
        }
    }

    /** The bytes of event {@code i} of an execution record. */
    static byte[] slice(ByteBuffer body, int offset, int length) {
        ByteBuffer in = body.duplicate();
        in.position(in.position() + offset);
        return bytes(in, length);
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
