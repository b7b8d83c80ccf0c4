package dev.countersign.local.engine;

import java.time.Instant;

/** What StopExecution returns. */
public record ExecutionStop(Instant stopDate) {
}
