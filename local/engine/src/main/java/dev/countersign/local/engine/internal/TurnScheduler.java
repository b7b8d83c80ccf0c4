package dev.countersign.local.engine.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.local.engine.EngineClock;
import dev.countersign.local.engine.EngineStorageException;
import dev.countersign.local.engine.ExecutionStatus;
import dev.countersign.local.engine.HistoryEvent;
import dev.countersign.local.engine.HistoryEventType;
import dev.countersign.local.engine.internal.journal.Journal;
import dev.countersign.local.engine.internal.run.Cell;
import dev.countersign.local.engine.internal.run.InboxItem;
import dev.countersign.local.engine.internal.run.Interpreter;
import dev.countersign.local.engine.internal.run.TurnResult;
import dev.countersign.local.engine.internal.store.CellKey;
import dev.countersign.local.engine.internal.store.ExecutionEntry;
import dev.countersign.local.engine.internal.store.ExecutionStore;
import dev.countersign.local.engine.internal.store.Records;
import dev.countersign.local.engine.internal.store.StateMachineRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs turns on the worker threads. An execution is an actor: its inbox is its inbox cells, and a flag on its entry
 * makes sure one worker at a time runs its turns, while different executions run in parallel. A turn takes what
 * arrived and the timers that fell due, asks the interpreter to advance, and journals the result as one record.
 */
final class TurnScheduler {
    private static final Logger LOG = Logger.getLogger(TurnScheduler.class.getName());

    private final ExecutionStore store;
    private final StateMachineRegistry machines;
    private final Interpreter interpreter;
    private final Lifecycle lifecycle;
    private final Executor workers;
    private final EngineClock clock;

    TurnScheduler(ExecutionStore store, StateMachineRegistry machines, Interpreter interpreter, Lifecycle lifecycle,
                  Executor workers, EngineClock clock) {
        this.store = store;
        this.machines = machines;
        this.interpreter = interpreter;
        this.lifecycle = lifecycle;
        this.workers = workers;
        this.clock = clock;
    }

    /**
     * Journals an inbox item for a running execution and wakes it; null (nothing written) when the execution has
     * closed, or when {@code required} (if given) is no longer there. The item is not durable yet when this returns.
     */
    Journal.Appended deliver(ExecutionEntry entry, InboxItem item, List<CellKey> deletes, CellKey required) {
        Journal.Appended appended = store.appendInbox(entry, item.encode(), deletes, required);
        if (appended != null) {
            schedule(entry);
        }
        return appended;
    }

    /** Makes sure a worker runs the execution's turns (at most one worker at a time). */
    void schedule(ExecutionEntry entry) {
        if (lifecycle.isClosed()) {
            return;
        }
        if (entry.claimTurns()) {
            lifecycle.begin();
            try {
                workers.execute(() -> runTurns(entry));
            } catch (RuntimeException rejected) {
                entry.releaseTurns();
                lifecycle.end();
            }
        }
    }

    /** At open: wakes every running execution that has something in its inbox. */
    void resume() {
        for (ExecutionEntry entry : store.all()) {
            if (entry.status() == ExecutionStatus.RUNNING && entry.hasCells(CellKey.Kind.INBOX)) {
                schedule(entry);
            }
        }
    }

    private void runTurns(ExecutionEntry entry) {
        boolean stuck = false;
        try {
            while (!lifecycle.isClosed()) {
                List<CellKey> due = entry.takeDueTimers();
                List<Map.Entry<CellKey, byte[]>> inbox = entry.cells(CellKey.Kind.INBOX);
                if (due.isEmpty() && inbox.isEmpty() || entry.status() != ExecutionStatus.RUNNING) {
                    break;
                }
                store.whileStable(() -> turn(entry, inbox, due));
            }
        } catch (EngineStorageException e) {
            if (!lifecycle.isClosed()) {
                LOG.log(Level.SEVERE, "engine storage failed while running " + entry.arn(), e);
            }
        } catch (RuntimeException bug) {
            // Not even the execution's failure could be recorded: running the turn again would fail again.
            stuck = true;
            LOG.log(Level.SEVERE, "cannot record the failure of " + entry.arn() + "; it stays as it is until the"
                    + " engine is opened again", bug);
        } finally {
            entry.releaseTurns();
            if (!stuck && !lifecycle.isClosed() && (entry.hasDueTimers() || (entry.status() == ExecutionStatus.RUNNING
                    && entry.hasCells(CellKey.Kind.INBOX)))) {
                schedule(entry);
            }
            lifecycle.end();
        }
    }

    /**
     * Runs one turn and journals its result. Any unexpected exception (a bug, a journal the engine cannot read) fails
     * the execution with States.Runtime and the exception as cause, and is logged: never a turn left half-done.
     */
    private void turn(ExecutionEntry entry, List<Map.Entry<CellKey, byte[]>> inboxCells, List<CellKey> due) {
        byte[] record;
        TurnResult result;
        try {
            List<Cell.Inbox> inbox = new ArrayList<>(inboxCells.size());
            inboxCells.forEach(cell -> inbox.add((Cell.Inbox) Cell.decode(cell.getKey(), cell.getValue())));
            result = interpreter.turn(entry, machines.definition(entry.definitionKey()), clock.now(), inbox, due);
            record = encode(entry, result);
        } catch (EngineStorageException storageFailure) {
            throw storageFailure;
        } catch (RuntimeException bug) {
            LOG.log(Level.SEVERE, "internal error running " + entry.arn() + "; the execution fails", bug);
            result = internalFailure(entry, bug);
            record = encode(entry, result);
        }
        if (result.isEmpty()) {
            return;
        }
        store.append(record, entry.arn(), result.events());
        store.maybeCompact();
    }

    private byte[] encode(ExecutionEntry entry, TurnResult result) {
        List<byte[]> events = new ArrayList<>(result.events().size());
        result.events().forEach(event -> events.add(Records.event(event)));
        Records.ExecutionClosing closing = null;
        if (result.closing() != null) {
            TurnResult.Closing closed = result.closing();
            closing = new Records.ExecutionClosing(closed.status(), clock.now(), closed.error(), closed.cause());
        }
        Map<String, byte[]> puts = new LinkedHashMap<>();
        result.puts().forEach(cell -> puts.put(cell.key().text(), cell.encode()));
        List<String> deletes = result.deletes().stream().map(CellKey::text).toList();
        return Records.execution(entry.number(), null, closing, result.mapRuns(), events, puts, deletes).body();
    }

    /** Fails an execution the interpreter could not advance (a bug): better a clear failure than a loop. */
    private TurnResult internalFailure(ExecutionEntry entry, RuntimeException bug) {
        String cause = "Internal error in the local engine: " + bug;
        ObjectNode details = Json.object().put("error", "States.Runtime").put("cause", cause);
        HistoryEvent event = new HistoryEvent(entry.eventCount() + 1, entry.eventCount(), clock.now(),
                HistoryEventType.ExecutionFailed, details);
        return new TurnResult(List.of(event), List.of(), entry.keys(), List.of(),
                new TurnResult.Closing(ExecutionStatus.FAILED, null, "States.Runtime", cause));
    }
}
