package dev.countersign.local.engine;

import java.time.Instant;

/**
 * A map run as ListMapRuns reports it.
 *
 * @param stateMachineArn the state machine of its child executions ({@code <machine>/<label>})
 * @param stopDate        null while it runs
 */
public record MapRunSummary(String executionArn, String mapRunArn, String stateMachineArn, Instant startDate,
                            Instant stopDate) {
}
