package dev.countersign.local.engine.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.local.engine.EngineClock;
import dev.countersign.local.engine.InvalidOutputException;
import dev.countersign.local.engine.InvalidTokenException;
import dev.countersign.local.engine.TaskDoesNotExistException;
import dev.countersign.local.engine.TaskTimedOutException;
import dev.countersign.local.engine.internal.run.Cell;
import dev.countersign.local.engine.internal.run.InboxItem;
import dev.countersign.local.engine.internal.store.CellKey;
import dev.countersign.local.engine.internal.store.ExecutionEntry;
import dev.countersign.local.engine.internal.store.ExecutionStore;
import dev.countersign.local.engine.internal.journal.Journal;
import dev.countersign.local.engine.internal.task.TaskOutcome;
import java.util.List;

/**
 * SendTaskSuccess, SendTaskFailure and SendTaskHeartbeat. A callback claims its token first (exactly one of a
 * callback, a timeout, a failed invocation or an abort closes a task), journals the outcome in the execution's inbox,
 * then wakes the execution; a token that is malformed, unknown or no longer open gets AWS's error for it.
 */
final class TaskTokenService {
    private final TaskTokens tokens;
    private final ExecutionStore store;
    private final TurnScheduler scheduler;
    private final EngineClock clock;

    TaskTokenService(TaskTokens tokens, ExecutionStore store, TurnScheduler scheduler, EngineClock clock) {
        this.tokens = tokens;
        this.store = store;
        this.scheduler = scheduler;
        this.clock = clock;
    }

    void success(String taskToken, String output) {
        if (output == null) {
            throw new InvalidOutputException("Invalid Output: output is required (JSON text)");
        }
        if (Limits.payloadExceededBy(output)) {
            throw new InvalidOutputException("Invalid Output: the output is larger than " + Limits.PAYLOAD_STATED);
        }
        JsonNode parsed = Json.parseOrNull(output);
        if (parsed == null) {
            throw new InvalidOutputException("Invalid Output: '" + Paging.abbreviate(output) + "' is not valid JSON");
        }
        complete(taskToken, new TaskOutcome.Succeeded(parsed));
    }

    void failure(String taskToken, String error, String cause) {
        Limits.checkErrorAndCause(error, cause);
        complete(taskToken, new TaskOutcome.Failed(error == null ? "" : error, cause));
    }

    void heartbeat(String taskToken) {
        ExecutionEntry entry = openTask(taskToken);
        Cell.OpenTask task = taskOf(entry, taskToken);
        InboxItem beat = new InboxItem.Heartbeat(task.frameId(), task.attempt(), clock.now().toEpochMilli());
        Journal.Appended appended = scheduler.deliver(entry, beat, List.of(), null);
        if (appended == null) {
            throw timedOut();
        }
        store.awaitDurable(appended);
    }

    /** Claims the token (exactly one caller wins), journals the outcome, then wakes the execution. */
    private void complete(String taskToken, TaskOutcome outcome) {
        ExecutionEntry entry = openTask(taskToken);
        Cell.OpenTask task = taskOf(entry, taskToken);
        if (!tokens.claim(taskToken)) {
            throw timedOut();
        }
        // The turn may start before the callback is durable: its own effects wait for its later record.
        Journal.Appended appended = scheduler.deliver(entry, new InboxItem.Callback(task.frameId(), task.attempt(),
                outcome), List.of(task.key()), null);
        if (appended == null) {
            throw timedOut();
        }
        store.awaitDurable(appended);
    }

    private ExecutionEntry openTask(String taskToken) {
        long number = TaskTokens.executionNumber(taskToken);
        if (number < 0) {
            throw new InvalidTokenException("Invalid Token: the task token is malformed (it must be a token this"
                    + " engine issued, passed on unchanged)");
        }
        ExecutionEntry entry = tokens.openIn(taskToken);
        if (entry == null) {
            if (store.byNumber(number) != null) {
                throw timedOut();
            }
            throw new TaskDoesNotExistException("Task Does Not Exist: no task was issued this token (its execution"
                    + " does not exist on this engine)");
        }
        return entry;
    }

    private static Cell.OpenTask taskOf(ExecutionEntry entry, String taskToken) {
        Cell.OpenTask task = Cell.read(entry, CellKey.token(taskToken), Cell.OpenTask.class);
        if (task == null) {
            throw timedOut();
        }
        return task;
    }

    private static TaskTimedOutException timedOut() {
        return new TaskTimedOutException("Task Timed Out: 'Provided task does not exist anymore' (it completed,"
                + " failed, timed out, or its execution ended)");
    }
}
