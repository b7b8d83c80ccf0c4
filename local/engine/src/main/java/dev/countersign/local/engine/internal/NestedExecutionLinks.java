package dev.countersign.local.engine.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.local.engine.ExecutionStatus;
import dev.countersign.local.engine.internal.run.Interpreter;
import dev.countersign.local.engine.internal.task.NestedExecutions.StartedBy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The engine's side of {@code .sync} nested executions, kept as an index of what is on disk: which task attempt waits
 * for which child (a parent's {@code j:<attempt>} cell) and which attempt started which child (the child's
 * {@code by} metadata). As each record is applied it says what must follow outside that record: a parent told that
 * its child ended, or a child stopped because the attempt waiting for it ended first. A parent takes a child's end at
 * most once (a second delivery for an attempt it finished is ignored), so delivering at least once is enough; at open,
 * {@link #reconcile()} re-derives whatever a crash kept from happening.
 *
 * <p>Called only under the engine's append lock, and during replay, which is single-threaded.
 */
final class NestedExecutionLinks {
    private static final String JOB_CELL = Interpreter.JOB_CELL;

    /** Something to do once the record that caused it is durable. */
    sealed interface Effect {
    }

    /** Tell the parent's waiting attempt that its child ended. */
    record Deliver(ExecutionEntry parent, String attempt, ExecutionEntry child) implements Effect {
    }

    /** Stop a child whose waiting attempt ended first. */
    record Abort(ExecutionEntry child, String parentArn) implements Effect {
    }

    private record Waiter(ExecutionEntry parent, String attempt) {
    }

    private final Function<String, ExecutionEntry> executions;
    /** Child ARN → the attempts waiting for it (more than one when StartExecution answered idempotently). */
    private final Map<String, Set<Waiter>> waiters = new HashMap<>();
    /** Parent ARN / attempt → the running child that {@code .sync} attempt started. */
    private final Map<String, ExecutionEntry> started = new HashMap<>();

    NestedExecutionLinks(Function<String, ExecutionEntry> executions) {
        this.executions = executions;
    }

    /** A new execution was applied. */
    void started(ExecutionEntry child, List<Effect> effects) {
        StartedBy by = child.startedBy();
        if (by == null || !by.waits() || child.status() != ExecutionStatus.RUNNING) {
            return;
        }
        started.put(key(by.executionArn(), by.attempt()), child);
        // The attempt may have ended (a timeout, a stop) while the invocation was starting the child.
        if (!attemptWaits(by)) {
            effects.add(new Abort(child, by.executionArn()));
        }
    }

    /** An execution closed. */
    void closed(ExecutionEntry execution, List<Effect> effects) {
        StartedBy by = execution.startedBy();
        if (by != null) {
            started.remove(key(by.executionArn(), by.attempt()), execution);
        }
        for (Waiter waiter : waiters.getOrDefault(execution.arn(), Set.of())) {
            effects.add(new Deliver(waiter.parent(), waiter.attempt(), execution));
        }
    }

    void cellPut(ExecutionEntry parent, String key, byte[] value, List<Effect> effects) {
        if (!key.startsWith(JOB_CELL)) {
            return;
        }
        String attempt = key.substring(JOB_CELL.length());
        String childArn = childArn(value);
        waiters.computeIfAbsent(childArn, arn -> new HashSet<>()).add(new Waiter(parent, attempt));
        ExecutionEntry child = executions.apply(childArn);
        if (child != null && child.status() != ExecutionStatus.RUNNING) {
            effects.add(new Deliver(parent, attempt, child));
        }
    }

    /** A cell is going (its value given); when a whole execution closes, its cells go before its status changes. */
    void cellRemoved(ExecutionEntry parent, String key, byte[] value, List<Effect> effects) {
        if (key.startsWith(JOB_CELL)) {
            String attempt = key.substring(JOB_CELL.length());
            String childArn = childArn(value);
            Set<Waiter> waiting = waiters.get(childArn);
            if (waiting != null) {
                waiting.remove(new Waiter(parent, attempt));
                if (waiting.isEmpty()) {
                    waiters.remove(childArn);
                }
            }
            abortIfRunning(executions.apply(childArn), parent.arn(), effects);
        } else if (key.startsWith("v:") && parent.cell(JOB_CELL + key.substring(2)) == null) {
            // The attempt ended before its invocation's answer was taken: a child it started has no one waiting.
            abortIfRunning(started.get(key(parent.arn(), key.substring(2))), parent.arn(), effects);
        }
    }

    /** What a crash may have kept from happening, from the index as replay left it. */
    List<Effect> reconcile() {
        List<Effect> effects = new ArrayList<>();
        waiters.forEach((childArn, waiting) -> {
            ExecutionEntry child = executions.apply(childArn);
            if (child != null && child.status() != ExecutionStatus.RUNNING) {
                waiting.forEach(waiter -> effects.add(new Deliver(waiter.parent(), waiter.attempt(), child)));
            }
        });
        for (ExecutionEntry child : started.values()) {
            if (child.status() == ExecutionStatus.RUNNING && !attemptWaits(child.startedBy())) {
                effects.add(new Abort(child, child.startedBy().executionArn()));
            }
        }
        return effects;
    }

    /** The attempt is still running its invocation or waiting for its child. */
    private boolean attemptWaits(StartedBy by) {
        ExecutionEntry parent = executions.apply(by.executionArn());
        return parent != null && parent.status() == ExecutionStatus.RUNNING
                && (parent.cell("v:" + by.attempt()) != null || parent.cell(JOB_CELL + by.attempt()) != null);
    }

    private static void abortIfRunning(ExecutionEntry child, String parentArn, List<Effect> effects) {
        if (child != null && child.status() == ExecutionStatus.RUNNING) {
            effects.add(new Abort(child, parentArn));
        }
    }

    private static String childArn(byte[] jobCell) {
        JsonNode cell = Json.read(jobCell);
        return cell.path("job").path("ExecutionArn").asText();
    }

    private static String key(String parentArn, String attempt) {
        return parentArn + "/" + attempt;
    }
}
