package dev.countersign.local.dynalite;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A dynalite that is watched: when its process dies while nobody asked it to stop (a crash, {@code kill -9}, the
 * out-of-memory killer), it is started again on the same port and the same data directory, with a growing pause
 * between attempts that fail, and each step is said in one line on the console. Clients keep their endpoint; while it
 * is down their calls fail to connect, which the approval store reports as a passing outage (the review pages answer
 * 503, the gate's steps are retried).
 *
 * <p>{@link #suspend()} and {@link #resume()} stop and start it on purpose, for tests of an outage.
 */
public final class SupervisedDynalite implements AutoCloseable {
    /** The pause before the first restart attempt; it doubles after each failed one. */
    static final Duration FIRST_PAUSE = Duration.ofMillis(200);
    /** The longest pause between two restart attempts. */
    static final Duration LONGEST_PAUSE = Duration.ofSeconds(10);

    private final Path projectRoot;
    private final Path dataDirectory;
    private final boolean syncWrites;
    private final Consumer<String> console;
    private final int port;
    private final Object lock = new Object();
    private DynaliteServer server;
    private boolean closed;
    private boolean suspended;
    private int restarts;

    private SupervisedDynalite(Path projectRoot, DynaliteServer first, Path dataDirectory, boolean syncWrites,
                               Consumer<String> console) {
        this.projectRoot = projectRoot;
        this.dataDirectory = dataDirectory;
        this.syncWrites = syncWrites;
        this.console = console;
        this.port = first.port();
        this.server = first;
        watch(first);
    }

    /**
     * Starts dynalite and watches it.
     *
     * @param port          the port on 127.0.0.1, or 0 for a free one (a restart reuses the one it got)
     * @param dataDirectory where LevelDB keeps the tables, or null for memory (a restart then starts empty)
     * @param console       where the supervisor says what happened, one line each
     * @throws DynaliteUnavailableException as {@link DynaliteServer#start}, for the first start
     */
    public static SupervisedDynalite start(Path projectRoot, int port, Path dataDirectory, boolean syncWrites,
                                           Consumer<String> console) {
        DynaliteServer first = DynaliteServer.start(projectRoot, port, dataDirectory, syncWrites);
        return new SupervisedDynalite(projectRoot, first, dataDirectory, syncWrites,
                Objects.requireNonNull(console, "console"));
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public int port() {
        return port;
    }

    /** The running process's id; -1 while none runs. */
    public long pid() {
        synchronized (lock) {
            return server != null && server.isRunning() ? server.pid() : -1;
        }
    }

    public boolean isRunning() {
        synchronized (lock) {
            return server != null && server.isRunning();
        }
    }

    /** How many times it was started again after dying. */
    public int restarts() {
        synchronized (lock) {
            return restarts;
        }
    }

    /**
     * Waits until a dynalite process runs and is listening (after a restart, say).
     *
     * @return false if none did within {@code timeout}
     */
    public boolean awaitRunning(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (!closed && (server == null || !server.isRunning())) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
            return !closed;
        }
    }

    /** Stops dynalite on purpose and keeps it stopped (no restart) until {@link #resume()}: an outage, for tests. */
    public void suspend() {
        DynaliteServer stopping;
        synchronized (lock) {
            suspended = true;
            stopping = server;
            server = null;
        }
        if (stopping != null) {
            stopping.close();
        }
    }

    /** Starts dynalite again after {@link #suspend()}, on the same port and data. */
    public void resume() {
        synchronized (lock) {
            if (closed || !suspended) {
                return;
            }
            suspended = false;
        }
        DynaliteServer started = DynaliteServer.start(projectRoot, port, dataDirectory, syncWrites);
        synchronized (lock) {
            server = started;
            lock.notifyAll();
        }
        watch(started);
    }

    private void watch(DynaliteServer watched) {
        watched.onExit().thenRun(() -> {
            synchronized (lock) {
                if (closed || suspended || server != watched) {
                    return;
                }
                server = null;
            }
            Thread restarter = new Thread(() -> restart(watched.exitValue()), "dynalite-supervisor");
            restarter.setDaemon(true);
            restarter.start();
        });
    }

    /** Starts it again until it runs or the supervisor is closed, saying so once per outcome. */
    private void restart(int exitValue) {
        long downSince = System.nanoTime();
        console.accept("dynalite (the local DynamoDB) stopped unexpectedly (exit status " + exitValue
                + "); starting it again on port " + port + (dataDirectory == null ? " (in memory: its tables are gone)"
                : " with the same data in " + dataDirectory) + ". Pages answer \"temporarily unavailable\" meanwhile.");
        Duration pause = FIRST_PAUSE;
        String lastProblem = null;
        while (true) {
            synchronized (lock) {
                if (closed || suspended) {
                    return;
                }
            }
            try {
                Thread.sleep(pause.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            DynaliteServer started;
            try {
                started = DynaliteServer.start(projectRoot, port, dataDirectory, syncWrites);
            } catch (DynaliteUnavailableException e) {
                if (!e.getMessage().equals(lastProblem)) {
                    console.accept("dynalite did not start again (" + e.getMessage() + "); still trying");
                    lastProblem = e.getMessage();
                }
                pause = pause.multipliedBy(2).compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : pause.multipliedBy(2);
                continue;
            }
            synchronized (lock) {
                if (closed || suspended) {
                    started.close();
                    return;
                }
                server = started;
                restarts++;
                lock.notifyAll();
            }
            watch(started);
            console.accept("dynalite is running again on port " + port + " after "
                    + Duration.ofNanos(System.nanoTime() - downSince).toMillis() + " ms; pages and decisions work"
                    + " again");
            return;
        }
    }

    @Override
    public void close() {
        DynaliteServer stopping;
        synchronized (lock) {
            closed = true;
            stopping = server;
            server = null;
            lock.notifyAll();
        }
        if (stopping != null) {
            stopping.close();
        }
    }
}
