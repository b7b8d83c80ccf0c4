package dev.countersign.local.engine;

import java.time.Instant;

/**
 * The engine's time source. Timers (Wait, TimeoutSeconds, HeartbeatSeconds, Retry delays, execution timeout) fire
 * when {@link #now()} reaches their deadline. Tests use {@link ManualClock}, which moves time without sleeping.
 */
public interface EngineClock {

    Instant now();

    /**
     * Registers a callback the clock calls whenever it jumps (a manual clock); the engine uses it to look at its
     * timers again at once. The system clock never jumps and ignores the callback.
     */
    default void onJump(Runnable callback) {
    }

    /** Wall-clock time, millisecond precision (as Step Functions reports timestamps). */
    static EngineClock system() {
        return SystemEngineClock.INSTANCE;
    }
}
