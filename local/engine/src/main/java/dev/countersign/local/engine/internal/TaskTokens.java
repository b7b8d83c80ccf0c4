package dev.countersign.local.engine.internal;

import dev.countersign.local.engine.internal.store.CellKey;
import dev.countersign.local.engine.internal.store.ExecutionEntry;
import dev.countersign.local.engine.internal.store.ExecutionObserver;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.zip.CRC32;

/**
 * Task tokens, and which are open. A token is {@code version(1) | execution number(8) | 128 random bits from
 * SecureRandom | CRC-32(4)}, base64url: the random part makes it unguessable and unique per attempt; the execution
 * number lets the engine tell a closed task (TaskTimedOut) from one that never existed (TaskDoesNotExist); the checksum
 * lets it reject a mangled token (InvalidToken) without a lookup. The open ones are an index of the executions' token
 * cells, kept as cells are applied; {@link #claim} takes one out atomically, so exactly one of a callback, a timeout,
 * a failed invocation or an abort closes a task.
 */
final class TaskTokens implements ExecutionObserver {
    private static final byte VERSION = 1;
    private static final int LENGTH = 1 + 8 + 16 + 4;

    private final SecureRandom random = new SecureRandom();
    private final Map<String, ExecutionEntry> open = new ConcurrentHashMap<>();

    @Override
    public void cellPut(ExecutionEntry execution, CellKey key, byte[] value, Consumer<Runnable> later) {
        if (key.kind() == CellKey.Kind.TOKEN) {
            open.put(key.name(), execution);
        }
    }

    @Override
    public void cellRemoved(ExecutionEntry execution, CellKey key, byte[] value, Consumer<Runnable> later) {
        if (key.kind() == CellKey.Kind.TOKEN) {
            open.remove(key.name(), execution);
        }
    }

    /** The execution whose task holds this token open, or null. */
    ExecutionEntry openIn(String token) {
        return open.get(token);
    }

    /** Takes an open token out of the index; false when someone else already did (or it was never open). */
    boolean claim(String token) {
        ExecutionEntry entry = open.get(token);
        return entry != null && open.remove(token, entry);
    }

    int openCount() {
        return open.size();
    }

    String issue(long executionNumber) {
        byte[] secret = new byte[16];
        random.nextBytes(secret);
        ByteBuffer bytes = ByteBuffer.allocate(LENGTH);
        bytes.put(VERSION).putLong(executionNumber).put(secret);
        CRC32 crc = new CRC32();
        crc.update(bytes.array(), 0, LENGTH - 4);
        bytes.putInt((int) crc.getValue());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
    }

    /** The execution number in a well-formed token, or -1 when the token is malformed. */
    static long executionNumber(String token) {
        if (token == null || token.length() > 1024) {
            return -1;
        }
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(token);
        } catch (IllegalArgumentException e) {
            return -1;
        }
        if (bytes.length != LENGTH || bytes[0] != VERSION) {
            return -1;
        }
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, LENGTH - 4);
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        if (buffer.getInt(LENGTH - 4) != (int) crc.getValue()) {
            return -1;
        }
        return buffer.getLong(1);
    }
}
