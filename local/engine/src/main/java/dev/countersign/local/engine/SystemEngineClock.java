package dev.countersign.local.engine;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Wall-clock time truncated to milliseconds. */
final class SystemEngineClock implements EngineClock {
    static final SystemEngineClock INSTANCE = new SystemEngineClock();

    private SystemEngineClock() {
    }

    @Override
    public Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
