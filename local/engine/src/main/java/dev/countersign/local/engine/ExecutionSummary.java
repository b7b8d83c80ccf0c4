package dev.countersign.local.engine;

import java.time.Instant;

/**
 * An execution as ListExecutions reports it.
 *
 * @param stopDate  null while RUNNING
 * @param mapRunArn for a child execution of a Distributed Map, its map run; else null
 * @param itemCount for a child execution of a Distributed Map, how many items it processes; else null
 */
public record ExecutionSummary(String executionArn, String stateMachineArn, String name, ExecutionStatus status,
                               Instant startDate, Instant stopDate, String mapRunArn, Integer itemCount) {
}
