package dev.countersign.local.engine;

import java.time.Instant;

/**
 * A map run (the child executions of one run of a Distributed Map state) as DescribeMapRun reports it.
 *
 * @param status                     {@code RUNNING}, {@code SUCCEEDED}, {@code FAILED} or {@code ABORTED}
 * @param stopDate                   null while RUNNING
 * @param maxConcurrency             0 for no limit
 * @param toleratedFailurePercentage 0 when the state sets none
 * @param toleratedFailureCount      0 when the state sets none
 */
public record MapRunDescription(String mapRunArn, String executionArn, String status, Instant startDate,
                                Instant stopDate, int maxConcurrency, double toleratedFailurePercentage,
                                long toleratedFailureCount, MapRunCounts itemCounts, MapRunCounts executionCounts) {
}
