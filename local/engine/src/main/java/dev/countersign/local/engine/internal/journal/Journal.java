package dev.countersign.local.engine.internal.journal;

import dev.countersign.local.engine.EngineStorageException;
import dev.countersign.local.engine.FsyncPolicy;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.zip.CRC32C;

/**
 * An append-only journal of records in numbered segment files, plus snapshot files that replace every segment before
 * them.
 *
 * <p>Each record is framed as {@code [int length][int CRC32C of body][body]} (big-endian). Replay stops at the first
 * frame that is short, has a zero or absurd length, or fails its checksum: in the last segment that is a torn write
 * from a crash and is cut off (the file is truncated there); in any earlier segment it is damage, and opening fails
 * rather than guess.
 *
 * <p>Appends are group-committed by one writer thread: it writes everything queued, then (under
 * {@link FsyncPolicy#ALWAYS}) forces the file once, then completes the appends' futures.
 *
 * <p>File keys (used in {@link Position}) are {@code 2n} for {@code segment-n.log} and {@code 2n+1} for
 * {@code snapshot-n.snap}; snapshot {@code n} holds everything before segment {@code n}.
 */
public final class Journal implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Journal.class.getName());
    static final int HEADER = 8;
    /** A record larger than this cannot be real (the biggest is a snapshot of one execution). */
    private static final int MAX_RECORD = 512 * 1024 * 1024;

    private final Path directory;
    private final FsyncPolicy fsyncPolicy;
    private final long segmentLimit;
    private final Object lock = new Object();
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private final Map<Long, FileChannel> readers = new ConcurrentHashMap<>();
    private final Thread writer;

    private long appendSegment;
    private long appendOffset;
    private long writtenSegment;
    private long writtenOffset;
    private long bytesSinceSnapshot;
    private long pending;
    private boolean closed;
    private IOException writeFailure;

    /** Where a record's body starts. */
    public record Position(long fileKey, long offset) {
    }

    /** Receives replayed records in journal order. */
    @FunctionalInterface
    public interface Replay {
        /** {@code body} is a read-only view valid only during the call. */
        void record(long fileKey, long bodyOffset, ByteBuffer body);
    }

    /** An appended record: where it is, and when it is durable. */
    public record Appended(Position position, CompletableFuture<Void> durable) {
    }

    private record Pending(long segment, ByteBuffer frame, CompletableFuture<Void> durable, long endOffset) {
    }

    private Journal(Path directory, FsyncPolicy fsyncPolicy, long segmentLimit) {
        this.directory = directory;
        this.fsyncPolicy = fsyncPolicy;
        this.segmentLimit = segmentLimit;
        this.writer = new Thread(this::writeLoop, "engine-journal-writer");
        this.writer.setDaemon(true);
    }

    /**
     * Opens the journal in {@code directory}, replaying the newest snapshot and every later segment into
     * {@code replay}. Leftovers of an interrupted snapshot are removed; a torn tail of the last segment is cut off.
     */
    public static Journal open(Path directory, FsyncPolicy fsyncPolicy, long segmentLimit, Replay replay) {
        Journal journal = new Journal(directory, fsyncPolicy, segmentLimit);
        try {
            Files.createDirectories(directory);
            journal.recover(replay);
        } catch (IOException e) {
            throw new EngineStorageException("cannot read the engine journal in " + directory + ": " + e.getMessage()
                    + " — check the directory's permissions and free space", e);
        }
        journal.writer.start();
        return journal;
    }

    private void recover(Replay replay) throws IOException {
        TreeMap<Long, Path> segments = new TreeMap<>();
        TreeMap<Long, Path> snapshots = new TreeMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (name.startsWith("segment-") && name.endsWith(".log")) {
                    segments.put(number(name, "segment-", ".log"), file);
                } else if (name.startsWith("snapshot-") && name.endsWith(".snap")) {
                    snapshots.put(number(name, "snapshot-", ".snap"), file);
                } else if (name.endsWith(".tmp")) {
                    Files.delete(file);
                }
            }
        }
        long firstSegment = 1;
        if (!snapshots.isEmpty()) {
            long snapshot = snapshots.lastKey();
            readFile(snapshots.get(snapshot), snapshot * 2 + 1, replay, false);
            firstSegment = snapshot;
            for (Map.Entry<Long, Path> older : snapshots.headMap(snapshot).entrySet()) {
                Files.deleteIfExists(older.getValue());
            }
            for (Map.Entry<Long, Path> stale : new ArrayList<>(segments.headMap(snapshot).entrySet())) {
                Files.deleteIfExists(stale.getValue());
                segments.remove(stale.getKey());
            }
        }
        long last = firstSegment;
        long lastSize = 0;
        for (Map.Entry<Long, Path> segment : segments.entrySet()) {
            boolean isLast = segment.getKey().equals(segments.lastKey());
            lastSize = readFile(segment.getValue(), segment.getKey() * 2, replay, isLast);
            last = segment.getKey();
            bytesSinceSnapshot += lastSize;
        }
        appendSegment = last;
        appendOffset = segments.isEmpty() ? 0 : lastSize;
        writtenSegment = appendSegment;
        writtenOffset = appendOffset;
    }

    /** Replays one file; returns the length of its valid prefix. */
    private long readFile(Path file, long fileKey, Replay replay, boolean tornTailAllowed) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = channel.size();
            if (size == 0) {
                return 0;
            }
            MappedByteBuffer map = channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
            map.order(ByteOrder.BIG_ENDIAN);
            CRC32C crc = new CRC32C();
            long offset = 0;
            while (offset < size) {
                String damage = null;
                int length = 0;
                if (size - offset < HEADER) {
                    damage = "a short record header";
                } else {
                    length = map.getInt((int) offset);
                    int checksum = map.getInt((int) offset + 4);
                    if (length <= 0 || length > MAX_RECORD || offset + HEADER + length > size) {
                        damage = "a record whose length (" + length + ") does not fit";
                    } else {
                        ByteBuffer body = map.slice((int) offset + HEADER, length);
                        crc.reset();
                        crc.update(body.duplicate());
                        if ((int) crc.getValue() != checksum) {
                            damage = "a record whose checksum does not match";
                        } else {
                            replay.record(fileKey, offset + HEADER, body.asReadOnlyBuffer());
                        }
                    }
                }
                if (damage != null) {
                    if (!tornTailAllowed) {
                        throw new EngineStorageException("the engine journal file " + file + " is damaged at offset "
                                + offset + " (" + damage + ") before its end, which a crash cannot cause: restore"
                                + " the data directory from a backup, or move it away to start empty");
                    }
                    LOG.log(Level.WARNING, "engine journal {0}: ignoring a torn record at offset {1} ({2}) left by"
                            + " a crash; the file is cut there", new Object[] {file, offset, damage});
                    channel.truncate(offset);
                    channel.force(true);
                    return offset;
                }
                offset += HEADER + length;
            }
            return offset;
        }
    }

    private static long number(String name, String prefix, String suffix) {
        return Long.parseLong(name.substring(prefix.length(), name.length() - suffix.length()));
    }

    // ---- appending ------------------------------------------------------------------------------------------------

    /** Queues a record; it is in the file (and on the device, under ALWAYS) when the future completes. */
    public Appended append(byte[] body) {
        ByteBuffer frame = frame(body);
        CompletableFuture<Void> durable = new CompletableFuture<>();
        synchronized (lock) {
            if (closed) {
                throw new EngineStorageException("the engine is closed");
            }
            if (writeFailure != null) {
                throw new EngineStorageException("the engine journal cannot be written: " + writeFailure.getMessage(),
                        writeFailure);
            }
            if (appendOffset >= segmentLimit) {
                appendSegment++;
                appendOffset = 0;
            }
            Position position = new Position(appendSegment * 2, appendOffset + HEADER);
            appendOffset += frame.remaining();
            bytesSinceSnapshot += frame.remaining();
            queue.add(new Pending(appendSegment, frame, durable, appendOffset));
            pending++;
            lock.notifyAll();
            return new Appended(position, durable);
        }
    }

    static ByteBuffer frame(byte[] body) {
        CRC32C crc = new CRC32C();
        crc.update(body);
        ByteBuffer frame = ByteBuffer.allocate(HEADER + body.length);
        frame.putInt(body.length).putInt((int) crc.getValue()).put(body).flip();
        return frame;
    }

    /** Bytes appended since the last snapshot (or since the oldest segment). */
    public long bytesSinceSnapshot() {
        synchronized (lock) {
            return bytesSinceSnapshot;
        }
    }

    /** True while appends are queued and not yet durable. */
    public boolean busy() {
        synchronized (lock) {
            return pending > 0;
        }
    }

    private void writeLoop() {
        FileChannel channel = null;
        long channelSegment = -1;
        List<Pending> batch = new ArrayList<>();
        while (true) {
            synchronized (lock) {
                while (queue.isEmpty() && !closed) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                if (queue.isEmpty()) {
                    closeQuietly(channel);
                    lock.notifyAll();
                    return;
                }
                batch.addAll(queue);
                queue.clear();
            }
            try {
                int start = 0;
                while (start < batch.size()) {
                    long segment = batch.get(start).segment();
                    int end = start;
                    while (end < batch.size() && batch.get(end).segment() == segment) {
                        end++;
                    }
                    if (segment != channelSegment) {
                        if (channel != null) {
                            force(channel);
                            channel.close();
                        }
                        channel = openSegment(segment);
                        channelSegment = segment;
                    }
                    ByteBuffer[] buffers = new ByteBuffer[end - start];
                    for (int i = start; i < end; i++) {
                        buffers[i - start] = batch.get(i).frame();
                    }
                    long remaining = 0;
                    for (ByteBuffer buffer : buffers) {
                        remaining += buffer.remaining();
                    }
                    while (remaining > 0) {
                        remaining -= channel.write(buffers);
                    }
                    start = end;
                }
                force(channel);
                Pending last = batch.get(batch.size() - 1);
                synchronized (lock) {
                    writtenSegment = last.segment();
                    writtenOffset = last.endOffset();
                    pending -= batch.size();
                    lock.notifyAll();
                }
                for (Pending done : batch) {
                    done.durable().complete(null);
                }
            } catch (IOException | RuntimeException e) {
                IOException failure = e instanceof IOException io ? io : new IOException(e);
                synchronized (lock) {
                    writeFailure = failure;
                    lock.notifyAll();
                }
                LOG.log(Level.SEVERE, "engine journal write failed; the engine stops accepting changes", e);
                EngineStorageException error = new EngineStorageException("the engine journal cannot be written: "
                        + failure.getMessage(), failure);
                batch.forEach(pending -> pending.durable().completeExceptionally(error));
                synchronized (lock) {
                    queue.forEach(pending -> pending.durable().completeExceptionally(error));
                    queue.clear();
                }
                closeQuietly(channel);
                return;
            }
            batch.clear();
        }
    }

    private FileChannel openSegment(long segment) throws IOException {
        Path file = segmentFile(segment);
        boolean created = !Files.exists(file);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        if (created) {
            syncDirectory();
        }
        return channel;
    }

    private void force(FileChannel channel) throws IOException {
        if (fsyncPolicy == FsyncPolicy.ALWAYS && channel != null) {
            channel.force(false);
        }
    }

    private void syncDirectory() {
        if (fsyncPolicy != FsyncPolicy.ALWAYS) {
            return;
        }
        // Makes a created or renamed file's directory entry durable; not every platform allows opening a directory.
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            LOG.log(Level.FINE, "cannot fsync the journal directory", e);
        }
    }

    private Path segmentFile(long segment) {
        return directory.resolve(String.format("segment-%010d.log", segment));
    }

    private Path snapshotFile(long segment) {
        return directory.resolve(String.format("snapshot-%010d.snap", segment));
    }

    /** Blocks until everything appended so far is written (and forced, under ALWAYS). */
    public void awaitDurable() {
        synchronized (lock) {
            long segment = appendSegment;
            long offset = appendOffset;
            awaitWritten(segment, offset);
        }
    }

    private void awaitWritten(long segment, long offset) {
        synchronized (lock) {
            while ((writtenSegment < segment || (writtenSegment == segment && writtenOffset < offset))
                    && writeFailure == null && (!closed || writer.isAlive())) {
                try {
                    lock.wait(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new EngineStorageException("interrupted while waiting for the journal");
                }
            }
            if (writeFailure != null) {
                throw new EngineStorageException("the engine journal cannot be written: " + writeFailure.getMessage(),
                        writeFailure);
            }
        }
    }

    // ---- reading --------------------------------------------------------------------------------------------------

    /** Reads bytes a record put at {@code position} (waiting for the writer if they are still queued). */
    public byte[] read(long fileKey, long offset, int length) {
        if (fileKey % 2 == 0) {
            awaitWritten(fileKey / 2, offset + length);
        }
        try {
            FileChannel channel = readers.computeIfAbsent(fileKey, this::openReader);
            ByteBuffer buffer = ByteBuffer.allocate(length);
            long at = offset;
            while (buffer.hasRemaining()) {
                int read = channel.read(buffer, at);
                if (read < 0) {
                    throw new EngineStorageException("the engine journal ended early reading file key " + fileKey);
                }
                at += read;
            }
            return buffer.array();
        } catch (IOException e) {
            throw new EngineStorageException("cannot read the engine journal: " + e.getMessage(), e);
        }
    }

    private FileChannel openReader(long fileKey) {
        Path file = fileKey % 2 == 0 ? segmentFile(fileKey / 2) : snapshotFile(fileKey / 2);
        try {
            return FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new EngineStorageException("the engine journal file " + file + " is missing");
        } catch (IOException e) {
            throw new EngineStorageException("cannot open " + file + ": " + e.getMessage(), e);
        }
    }

    // ---- snapshots ------------------------------------------------------------------------------------------------

    /** Writes the records of a snapshot; each call returns where the body went. */
    public interface SnapshotSink {
        Position write(byte[] body) throws IOException;
    }

    /** Produces a snapshot's records. */
    @FunctionalInterface
    public interface SnapshotSource {
        void writeTo(SnapshotSink sink) throws IOException;
    }

    /**
     * Replaces every segment so far with a snapshot. The caller must stop appends for the duration (the engine holds
     * its storage lock exclusively) and may update in-memory positions only after this returns.
     */
    public void snapshot(SnapshotSource source) {
        long snapshotSegment;
        long previousSegment;
        long previousOffset;
        synchronized (lock) {
            previousSegment = appendSegment;
            previousOffset = appendOffset;
            snapshotSegment = appendSegment + 1;
            appendSegment = snapshotSegment;
            appendOffset = 0;
        }
        awaitWritten(previousSegment, previousOffset);
        Path temporary = directory.resolve(String.format("snapshot-%010d.tmp", snapshotSegment));
        Path target = snapshotFile(snapshotSegment);
        long fileKey = snapshotSegment * 2 + 1;
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE)) {
            long[] offset = {0};
            source.writeTo(body -> {
                ByteBuffer frame = frame(body);
                Position position = new Position(fileKey, offset[0] + HEADER);
                offset[0] += frame.remaining();
                while (frame.hasRemaining()) {
                    channel.write(frame);
                }
                return position;
            });
            channel.force(true);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException ignored) {
                // the next open removes *.tmp files
            }
            throw new EngineStorageException("cannot write an engine journal snapshot: " + e.getMessage(), e);
        }
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
            syncDirectory();
            try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
                for (Path file : files) {
                    String name = file.getFileName().toString();
                    long key = -1;
                    if (name.startsWith("segment-") && name.endsWith(".log")
                            && number(name, "segment-", ".log") < snapshotSegment) {
                        key = number(name, "segment-", ".log") * 2;
                    } else if (name.startsWith("snapshot-") && name.endsWith(".snap")
                            && number(name, "snapshot-", ".snap") < snapshotSegment) {
                        key = number(name, "snapshot-", ".snap") * 2 + 1;
                    }
                    if (key >= 0) {
                        closeQuietly(readers.remove(key));
                        Files.deleteIfExists(file);
                    }
                }
            }
        } catch (IOException e) {
            throw new EngineStorageException("cannot install an engine journal snapshot: " + e.getMessage(), e);
        }
        synchronized (lock) {
            bytesSinceSnapshot = 0;
        }
    }

    // ---- closing --------------------------------------------------------------------------------------------------

    /** Writes what is queued, then stops the writer. */
    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            lock.notifyAll();
        }
        try {
            writer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        readers.values().forEach(Journal::closeQuietly);
        readers.clear();
    }

    /** Stops without writing what is queued: for tests that simulate a crash. */
    public void abandon() {
        synchronized (lock) {
            closed = true;
            queue.clear();
            lock.notifyAll();
        }
        writer.interrupt();
        readers.values().forEach(Journal::closeQuietly);
        readers.clear();
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing a channel we no longer need
            }
        }
    }
}
