package dev.countersign.local.engine.internal;

import dev.countersign.local.engine.ExecutionStatus;
import dev.countersign.local.engine.ExecutionSummary;
import dev.countersign.local.engine.InvalidArnException;
import dev.countersign.local.engine.MapRunCounts;
import dev.countersign.local.engine.MapRunDescription;
import dev.countersign.local.engine.MapRunDoesNotExistException;
import dev.countersign.local.engine.MapRunSummary;
import dev.countersign.local.engine.Page;
import dev.countersign.local.engine.internal.store.ExecutionEntry;
import dev.countersign.local.engine.internal.store.ExecutionStore;
import dev.countersign.local.engine.internal.store.Records;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;

/**
 * DescribeMapRun, ListMapRuns and ListExecutions by map run: a map run as its execution's records keep it (settings,
 * status, dates), its counts from its child executions as they are now.
 */
final class MapRunQueries {
    private static final Pattern MAP_RUN_ARN =
            Pattern.compile("arn:aws[a-z-]*:states:[a-z0-9-]+:\\d{12}:mapRun:[^:]+:[^:]+");

    private final ExecutionStore store;

    MapRunQueries(ExecutionStore store) {
        this.store = store;
    }

    MapRunDescription describe(String mapRunArn) {
        ExecutionEntry parent = parent(mapRunArn);
        Records.MapRunState run = parent.mapRun(mapRunArn);
        List<ExecutionEntry> children = store.mapRunChildren(mapRunArn);
        return new MapRunDescription(mapRunArn, parent.arn(), run.status(), run.startDate(), run.stopDate(),
                run.maxConcurrency(), run.toleratedFailurePercentage(), run.toleratedFailureCount(),
                counts(run.items(), children, true), counts(run.executions(), children, false));
    }

    Page<MapRunSummary> list(String executionArn, int maxResults, String nextToken) {
        ExecutionEntry entry = store.execution(executionArn);
        List<MapRunSummary> runs = new ArrayList<>();
        for (Records.MapRunState run : entry.mapRuns()) {
            runs.add(new MapRunSummary(entry.arn(), run.arn(), run.stateMachineArn(), run.startDate(),
                    run.stopDate()));
        }
        Collections.reverse(runs);
        return Paging.page(runs, maxResults, nextToken, "mapRuns");
    }

    Page<ExecutionSummary> executions(String mapRunArn, ExecutionStatus status, int maxResults, String nextToken) {
        parent(mapRunArn);
        List<ExecutionEntry> children = new ArrayList<>(store.mapRunChildren(mapRunArn));
        Collections.reverse(children);
        List<ExecutionSummary> summaries = children.stream().filter(e -> status == null || e.status() == status)
                .map(e -> new ExecutionSummary(e.arn(), e.stateMachine().arn(), e.name(), e.status(), e.startDate(),
                        e.stopDate(), mapRunArn, e.mapRun().items())).toList();
        return Paging.page(summaries, maxResults, nextToken, "executions");
    }

    private ExecutionEntry parent(String mapRunArn) {
        if (mapRunArn == null || !MAP_RUN_ARN.matcher(mapRunArn).matches()) {
            throw new InvalidArnException("Invalid Arn: '" + mapRunArn + "': expected"
                    + " arn:aws:states:<region>:<account>:mapRun:<stateMachineName>/<label>:<id>, as the"
                    + " MapRunStarted event of the execution's history gives it");
        }
        ExecutionEntry parent = store.mapRunParent(mapRunArn);
        if (parent == null) {
            throw new MapRunDoesNotExistException("Map Run Does Not Exist: '" + mapRunArn + "': ListMapRuns names"
                    + " the map runs of an execution");
        }
        return parent;
    }

    /** Counts of child executions, or of the items they take, by status; those not started yet are pending. */
    private static MapRunCounts counts(long total, List<ExecutionEntry> children, boolean items) {
        long started = 0;
        long[] byStatus = new long[ExecutionStatus.values().length];
        for (ExecutionEntry child : children) {
            long weight = items ? child.mapRun().items() : 1;
            started += weight;
            byStatus[child.status().ordinal()] += weight;
        }
        long succeeded = byStatus[ExecutionStatus.SUCCEEDED.ordinal()];
        long failed = byStatus[ExecutionStatus.FAILED.ordinal()];
        long timedOut = byStatus[ExecutionStatus.TIMED_OUT.ordinal()];
        long aborted = byStatus[ExecutionStatus.ABORTED.ordinal()];
        return new MapRunCounts(Math.max(0, total - started), byStatus[ExecutionStatus.RUNNING.ordinal()], succeeded,
                failed, timedOut, aborted, total, succeeded, failed + timedOut + aborted, 0);
    }
}
