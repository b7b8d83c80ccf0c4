package dev.countersign.local.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A clock that moves only when told to: tests advance it, and the engine's due timers fire. Thread-safe. */
public final class ManualClock implements EngineClock {
    private volatile Instant now;
    private final List<Runnable> callbacks = new CopyOnWriteArrayList<>();

    public ManualClock(Instant start) {
        this.now = start;
    }

    /** Starts at 2026-01-01T00:00:00Z, a fixed point that keeps tests reproducible. */
    public ManualClock() {
        this(Instant.parse("2026-01-01T00:00:00Z"));
    }

    @Override
    public Instant now() {
        return now;
    }

    /** Moves time forward; timers that are now due fire (asynchronously: use {@link Engine#awaitIdle}). */
    public void advance(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("a clock only moves forward; got " + duration);
        }
        synchronized (this) {
            now = now.plus(duration);
        }
        callbacks.forEach(Runnable::run);
    }

    /** Moves time to {@code instant}, which must not be in the past. */
    public void set(Instant instant) {
        synchronized (this) {
            if (instant.isBefore(now)) {
                throw new IllegalArgumentException("a clock only moves forward: " + instant + " is before " + now);
            }
            now = instant;
        }
        callbacks.forEach(Runnable::run);
    }

    @Override
    public void onJump(Runnable callback) {
        callbacks.add(callback);
    }
}
