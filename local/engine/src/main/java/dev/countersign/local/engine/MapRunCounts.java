package dev.countersign.local.engine;

/**
 * How many items, or child executions, of a map run are in each state (DescribeMapRun's {@code itemCounts} and
 * {@code executionCounts}). Nothing is redriven here: {@code pendingRedrive} is 0, and every failed, timed-out or
 * aborted one counts in {@code failuresNotRedrivable}.
 *
 * @param pending        not started yet
 * @param resultsWritten succeeded ones whose results the Map state took
 */
public record MapRunCounts(long pending, long running, long succeeded, long failed, long timedOut, long aborted,
                           long total, long resultsWritten, long failuresNotRedrivable, long pendingRedrive) {
}
