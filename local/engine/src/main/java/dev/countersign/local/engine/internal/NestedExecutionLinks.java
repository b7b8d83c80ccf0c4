package dev.countersign.local.engine.internal;

import dev.countersign.local.engine.ExecutionDescription;
import dev.countersign.local.engine.ExecutionStatus;
import dev.countersign.local.engine.internal.asl.TaskResource;
import dev.countersign.local.engine.internal.run.Cell;
import dev.countersign.local.engine.internal.run.InboxItem;
import dev.countersign.local.engine.internal.store.CellKey;
import dev.countersign.local.engine.internal.store.ExecutionEntry;
import dev.countersign.local.engine.internal.store.ExecutionObserver;
import dev.countersign.local.engine.internal.store.ExecutionStore;
import dev.countersign.local.engine.internal.task.MapRunChildIntegration;
import dev.countersign.local.engine.internal.task.NestedExecutions.StartedBy;
import dev.countersign.local.engine.internal.task.StartExecutionIntegration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The engine's side of {@code .sync} nested executions, kept as an index of what is on disk: which task attempt waits
 * for which child (a parent's {@link Cell.JobWait}) and which attempt started which child (the child's
 * {@link StartedBy}). As each record is applied it says what must follow outside that record: a parent told that its
 * child ended, or a child stopped because the attempt waiting for it ended first. A parent takes a child's end at
 * most once (a second delivery for an attempt it finished is ignored), so delivering at least once is enough; at open,
 * {@link #reconcile()} re-derives whatever a crash kept from happening.
 *
 * <p>The index changes only under the store's append lock, and during replay, which is single-threaded.
 */
final class NestedExecutionLinks implements ExecutionObserver {
    private record Waiter(ExecutionEntry parent, String attempt) {
    }

    private final ExecutionStore store;
    private final TurnScheduler scheduler;
    /** Child ARN → the attempts waiting for it (more than one when StartExecution answered idempotently). */
    private final Map<String, Set<Waiter>> waiters = new HashMap<>();
    /** Parent ARN / attempt → the running child that {@code .sync} attempt started. */
    private final Map<String, ExecutionEntry> started = new HashMap<>();

    NestedExecutionLinks(ExecutionStore store, TurnScheduler scheduler) {
        this.store = store;
        this.scheduler = scheduler;
    }

    @Override
    public void started(ExecutionEntry child, Consumer<Runnable> later) {
        StartedBy by = child.startedBy();
        if (by == null || !by.waits() || child.status() != ExecutionStatus.RUNNING) {
            return;
        }
        started.put(key(by.executionArn(), by.attempt()), child);
        // The attempt may have ended (a timeout, a stop) while the invocation was starting the child.
        if (!attemptWaits(by)) {
            later.accept(() -> abort(child, by.executionArn()));
        }
    }

    @Override
    public void closed(ExecutionEntry execution, Consumer<Runnable> later) {
        StartedBy by = execution.startedBy();
        if (by != null) {
            started.remove(key(by.executionArn(), by.attempt()), execution);
        }
        for (Waiter waiter : waiters.getOrDefault(execution.arn(), Set.of())) {
            later.accept(() -> deliver(waiter.parent(), waiter.attempt(), execution));
        }
    }

    @Override
    public void cellPut(ExecutionEntry parent, CellKey key, byte[] value, Consumer<Runnable> later) {
        if (key.kind() != CellKey.Kind.JOB) {
            return;
        }
        String childArn = ((Cell.JobWait) Cell.decode(key, value)).childArn();
        waiters.computeIfAbsent(childArn, arn -> new HashSet<>()).add(new Waiter(parent, key.name()));
        ExecutionEntry child = store.find(childArn);
        if (child != null && child.status() != ExecutionStatus.RUNNING) {
            later.accept(() -> deliver(parent, key.name(), child));
        }
    }

    @Override
    public void cellRemoved(ExecutionEntry parent, CellKey key, byte[] value, Consumer<Runnable> later) {
        if (key.kind() == CellKey.Kind.JOB) {
            String childArn = ((Cell.JobWait) Cell.decode(key, value)).childArn();
            Set<Waiter> waiting = waiters.get(childArn);
            if (waiting != null) {
                waiting.remove(new Waiter(parent, key.name()));
                if (waiting.isEmpty()) {
                    waiters.remove(childArn);
                }
            }
            abortIfRunning(store.find(childArn), parent.arn(), later);
        } else if (key.kind() == CellKey.Kind.INVOCATION && parent.cell(CellKey.job(key.name())) == null) {
            // The attempt ended before its invocation's answer was taken: a child it started has no one waiting.
            abortIfRunning(started.get(key(parent.arn(), key.name())), parent.arn(), later);
        }
    }

    /**
     * At open, before anything runs: what a crash may have kept from happening, from the index as replay left it.
     * The caller runs the actions (they change the index, so not while it is read here).
     */
    List<Runnable> reconcile() {
        List<Runnable> actions = new ArrayList<>();
        waiters.forEach((childArn, waiting) -> {
            ExecutionEntry child = store.find(childArn);
            if (child != null && child.status() != ExecutionStatus.RUNNING) {
                waiting.forEach(waiter -> actions.add(() -> deliver(waiter.parent(), waiter.attempt(), child)));
            }
        });
        for (ExecutionEntry child : started.values()) {
            if (child.status() == ExecutionStatus.RUNNING && !attemptWaits(child.startedBy())) {
                actions.add(() -> abort(child, child.startedBy().executionArn()));
            }
        }
        return actions;
    }

    /** Tells the parent's waiting attempt that its child ended (once it is still waiting). */
    private void deliver(ExecutionEntry parent, String attempt, ExecutionEntry child) {
        Cell.JobWait waiting = Cell.read(parent, CellKey.job(attempt), Cell.JobWait.class);
        if (waiting == null) {
            return;
        }
        ExecutionDescription description = store.describe(child);
        InboxItem ended = new InboxItem.JobEnded(waiting.frameId(), attempt,
                MapRunChildIntegration.RESOURCE.equals(waiting.resource())
                        ? MapRunChildIntegration.completion(description)
                        : StartExecutionIntegration.completion(description, TaskResource.parse(waiting.resource())));
        scheduler.deliver(parent, ended, List.of(), waiting.key());
    }

    /** Stops a child whose waiting attempt ended first, with the cause AWS gives it (and no error). */
    private void abort(ExecutionEntry child, String parentArn) {
        String state = child.mapRun() == null ? "Task" : "Map";
        scheduler.deliver(child, new InboxItem.Stop(null, "The " + state + " state in AWS Step Functions execution ["
                + parentArn + "] which was managing this resource was aborted"), List.of(), null);
    }

    /** The attempt is still running its invocation or waiting for its child. */
    private boolean attemptWaits(StartedBy by) {
        ExecutionEntry parent = store.find(by.executionArn());
        return parent != null && parent.status() == ExecutionStatus.RUNNING
                && (parent.cell(CellKey.invocation(by.attempt())) != null
                || parent.cell(CellKey.job(by.attempt())) != null);
    }

    private void abortIfRunning(ExecutionEntry child, String parentArn, Consumer<Runnable> later) {
        if (child != null && child.status() == ExecutionStatus.RUNNING) {
            later.accept(() -> abort(child, parentArn));
        }
    }

    private static String key(String parentArn, String attempt) {
        return parentArn + "/" + attempt;
    }
}
