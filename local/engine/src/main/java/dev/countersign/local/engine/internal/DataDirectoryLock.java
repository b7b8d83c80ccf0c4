package dev.countersign.local.engine.internal;

import dev.countersign.local.engine.EngineStorageException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.logging.Level;
import java.util.logging.Logger;

/** {@code <data>/LOCK}, held with an OS file lock so that only one engine at a time opens a data directory. */
final class DataDirectoryLock implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(DataDirectoryLock.class.getName());

    private final FileChannel channel;
    private final FileLock lock;

    private DataDirectoryLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Creates the directory if needed and locks it; EngineStorageException saying what to do when it cannot. */
    static DataDirectoryLock acquire(Path data) {
        FileChannel channel;
        try {
            Files.createDirectories(data);
            channel = FileChannel.open(data.resolve("LOCK"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new EngineStorageException("cannot use " + data + " as the engine's data directory: " + e.getMessage()
                    + " — choose a writable directory", e);
        }
        FileLock acquired;
        try {
            acquired = channel.tryLock();
        } catch (IOException | OverlappingFileLockException e) {
            acquired = null;
        }
        if (acquired == null) {
            closeQuietly(channel);
            throw new EngineStorageException("another engine has " + data + " open: stop it first, or choose another"
                    + " data directory");
        }
        return new DataDirectoryLock(channel, acquired);
    }

    @Override
    public void close() {
        try {
            if (lock.isValid()) {
                lock.release();
            }
        } catch (IOException e) {
            LOG.log(Level.FINE, "cannot release the data directory lock", e);
        }
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "cannot close the data directory lock", e);
        }
    }
}
