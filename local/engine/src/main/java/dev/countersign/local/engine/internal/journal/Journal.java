package dev.countersign.local.engine.internal.journal;

import dev.countersign.local.engine.EngineStorageException;
import dev.countersign.local.engine.FsyncPolicy;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.zip.CRC32C;

/**
 * An append-only journal of records in numbered segment files, plus snapshot files that replace every segment before
 * them.
 *
 * <p>Each record is framed as {@code [int length][int CRC32C of body][body]} (big-endian); {@link JournalFiles} reads
 * them back at open, and says what a torn or damaged frame means.
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

    private final Path directory;
    private final JournalFiles files;
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
        this.files = new JournalFiles(directory);
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
            JournalFiles.Recovered recovered = journal.files.recover(replay);
            journal.appendSegment = recovered.lastSegment();
            journal.appendOffset = recovered.lastSegmentSize();
            journal.writtenSegment = recovered.lastSegment();
            journal.writtenOffset = recovered.lastSegmentSize();
            journal.bytesSinceSnapshot = recovered.bytesSinceSnapshot();
        } catch (IOException e) {
            throw new EngineStorageException("cannot read the engine journal in " + directory + ": " + e.getMessage()
                    + " — check the directory's permissions and free space", e);
        }
        journal.writer.start();
        return journal;
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
        Path file = files.segment(segment);
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
        Path file = files.file(fileKey);
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
        Path temporary = files.temporarySnapshot(snapshotSegment);
        Path target = files.snapshot(snapshotSegment);
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
            files.deleteBefore(snapshotSegment, key -> closeQuietly(readers.remove(key)));
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
