package dev.countersign.local.engine;

import java.time.Instant;

/** What StartExecution returns. */
public record ExecutionStart(String executionArn, Instant startDate) {
}
