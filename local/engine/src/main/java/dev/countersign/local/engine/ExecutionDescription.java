package dev.countersign.local.engine;

import java.time.Instant;

/**
 * An execution as DescribeExecution reports it.
 *
 * @param input    JSON text
 * @param output   JSON text, only when SUCCEEDED
 * @param error    only when FAILED, TIMED_OUT or ABORTED (may be null then too)
 * @param cause    as error
 * @param stopDate null while RUNNING
 * @param mapRunArn for a child execution of a Distributed Map, its map run; else null
 */
public record ExecutionDescription(String executionArn, String stateMachineArn, String name, ExecutionStatus status,
                                   Instant startDate, Instant stopDate, String input, String output, String error,
                                   String cause, String mapRunArn) {

    /** Why the execution cannot be redriven (DescribeExecution's {@code redriveStatusReason}). */
    public String redriveStatusReason() {
        return status == ExecutionStatus.RUNNING ? "Execution is RUNNING and cannot be redriven"
                : "The local engine does not support RedriveExecution";
    }
}
