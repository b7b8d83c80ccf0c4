package dev.countersign.local.engine;

import java.time.Instant;

/** An execution as ListExecutions reports it; {@code stopDate} null while RUNNING. */
public record ExecutionSummary(String executionArn, String stateMachineArn, String name, ExecutionStatus status,
                               Instant startDate, Instant stopDate) {
}
