package dev.countersign.local.engine.internal;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Whether the engine is still open, and how much of its work is in flight: turns, follow-ups, invocation results on
 * their way to the journal. {@code awaitIdle} waits until none is.
 */
public final class Lifecycle {
    private static final Logger LOG = Logger.getLogger(Lifecycle.class.getName());

    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean closed;

    public boolean isClosed() {
        return closed;
    }

    public void close() {
        closed = true;
    }

    /** Work starts (counted until {@link #end()}). */
    public void begin() {
        inFlight.incrementAndGet();
    }

    public void end() {
        inFlight.decrementAndGet();
    }

    public boolean nothingInFlight() {
        return inFlight.get() == 0;
    }

    /**
     * Runs {@code action} on {@code pool}, counted as in flight until it is done; skipped once the engine is closed.
     * A failure is logged as {@code what} failing (after close, it is expected and dropped).
     */
    public void submit(Executor pool, Runnable action, String what) {
        begin();
        try {
            pool.execute(() -> {
                try {
                    if (!closed) {
                        action.run();
                    }
                } catch (RuntimeException e) {
                    if (!closed) {
                        LOG.log(Level.SEVERE, what + " failed", e);
                    }
                } finally {
                    end();
                }
            });
        } catch (RuntimeException rejected) {
            end();
        }
    }
}
