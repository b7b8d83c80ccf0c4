package dev.countersign.local.engine.internal.journal;

import dev.countersign.local.engine.EngineStorageException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.zip.CRC32C;

/**
 * The journal's files in its directory — {@code segment-N.log} (file key {@code 2N}) and {@code snapshot-N.snap}
 * (file key {@code 2N+1}, everything before segment N) — and reading them back at open.
 *
 * <p>Replay stops at the first frame that is short, has a zero or absurd length, or fails its checksum: in the last
 * segment that is a torn write from a crash and is cut off (the file is truncated there); in any earlier file it is
 * damage, and opening fails rather than guess.
 */
final class JournalFiles {
    private static final Logger LOG = Logger.getLogger(JournalFiles.class.getName());
    /** A record larger than this cannot be real (the biggest is a snapshot of one execution). */
    private static final int MAX_RECORD = 512 * 1024 * 1024;
    private static final String SEGMENT = "segment-";
    private static final String SEGMENT_SUFFIX = ".log";
    private static final String SNAPSHOT = "snapshot-";
    private static final String SNAPSHOT_SUFFIX = ".snap";

    private final Path directory;

    JournalFiles(Path directory) {
        this.directory = directory;
    }

    /** Where appends go on: the last segment and its valid length, and what was appended since the snapshot. */
    record Recovered(long lastSegment, long lastSegmentSize, long bytesSinceSnapshot) {
    }

    Path segment(long segment) {
        return directory.resolve(String.format("segment-%010d.log", segment));
    }

    Path snapshot(long segment) {
        return directory.resolve(String.format("snapshot-%010d.snap", segment));
    }

    Path temporarySnapshot(long segment) {
        return directory.resolve(String.format("snapshot-%010d.tmp", segment));
    }

    Path file(long fileKey) {
        return fileKey % 2 == 0 ? segment(fileKey / 2) : snapshot(fileKey / 2);
    }

    /**
     * Replays the newest snapshot and every later segment; removes older files and leftovers of an interrupted
     * snapshot; cuts a torn tail off the last segment.
     */
    Recovered recover(Journal.Replay replay) throws IOException {
        TreeMap<Long, Path> segments = new TreeMap<>();
        TreeMap<Long, Path> snapshots = new TreeMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (isSegment(name)) {
                    segments.put(number(name, SEGMENT, SEGMENT_SUFFIX), file);
                } else if (isSnapshot(name)) {
                    snapshots.put(number(name, SNAPSHOT, SNAPSHOT_SUFFIX), file);
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
        long sinceSnapshot = 0;
        for (Map.Entry<Long, Path> segment : segments.entrySet()) {
            boolean isLast = segment.getKey().equals(segments.lastKey());
            lastSize = readFile(segment.getValue(), segment.getKey() * 2, replay, isLast);
            last = segment.getKey();
            sinceSnapshot += lastSize;
        }
        return new Recovered(last, segments.isEmpty() ? 0 : lastSize, sinceSnapshot);
    }

    /** Deletes every segment and snapshot a snapshot of {@code snapshotSegment} replaces, telling each file key. */
    void deleteBefore(long snapshotSegment, LongConsumer deleting) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                long key = -1;
                if (isSegment(name) && number(name, SEGMENT, SEGMENT_SUFFIX) < snapshotSegment) {
                    key = number(name, SEGMENT, SEGMENT_SUFFIX) * 2;
                } else if (isSnapshot(name) && number(name, SNAPSHOT, SNAPSHOT_SUFFIX) < snapshotSegment) {
                    key = number(name, SNAPSHOT, SNAPSHOT_SUFFIX) * 2 + 1;
                }
                if (key >= 0) {
                    deleting.accept(key);
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    /** Replays one file; returns the length of its valid prefix. */
    private static long readFile(Path file, long fileKey, Journal.Replay replay, boolean tornTailAllowed)
            throws IOException {
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
                if (size - offset < Journal.HEADER) {
                    damage = "a short record header";
                } else {
                    length = map.getInt((int) offset);
                    int checksum = map.getInt((int) offset + 4);
                    if (length <= 0 || length > MAX_RECORD || offset + Journal.HEADER + length > size) {
                        damage = "a record whose length (" + length + ") does not fit";
                    } else {
                        ByteBuffer body = map.slice((int) offset + Journal.HEADER, length);
                        crc.reset();
                        crc.update(body.duplicate());
                        if ((int) crc.getValue() != checksum) {
                            damage = "a record whose checksum does not match";
                        } else {
                            replay.record(fileKey, offset + Journal.HEADER, body.asReadOnlyBuffer());
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
                offset += Journal.HEADER + length;
            }
            return offset;
        }
    }

    private static boolean isSegment(String name) {
        return name.startsWith(SEGMENT) && name.endsWith(SEGMENT_SUFFIX);
    }

    private static boolean isSnapshot(String name) {
        return name.startsWith(SNAPSHOT) && name.endsWith(SNAPSHOT_SUFFIX);
    }

    private static long number(String name, String prefix, String suffix) {
        return Long.parseLong(name.substring(prefix.length(), name.length() - suffix.length()));
    }
}
