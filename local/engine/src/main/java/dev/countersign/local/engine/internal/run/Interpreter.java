package dev.countersign.local.engine.internal.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.local.engine.ExecutionStatus;
import dev.countersign.local.engine.HistoryEventType;
import dev.countersign.local.engine.StatesError;
import dev.countersign.local.engine.StatesFailure;
import dev.countersign.local.engine.internal.Json;
import dev.countersign.local.engine.internal.asl.ChoiceState;
import dev.countersign.local.engine.internal.asl.FailState;
import dev.countersign.local.engine.internal.asl.MapState;
import dev.countersign.local.engine.internal.asl.ParallelState;
import dev.countersign.local.engine.internal.asl.PassState;
import dev.countersign.local.engine.internal.asl.State;
import dev.countersign.local.engine.internal.asl.StateMachineDefinition;
import dev.countersign.local.engine.internal.asl.SucceedState;
import dev.countersign.local.engine.internal.asl.TaskState;
import dev.countersign.local.engine.internal.asl.WaitState;
import dev.countersign.local.engine.internal.store.CellKey;
import dev.countersign.local.engine.internal.store.ExecutionEntry;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Advances one execution by one turn: applies what arrived (the start, task results, callbacks, heartbeats, a stop
 * request, timers that fell due) and follows transitions until every frame waits again or the execution ends. The
 * engine journals the result; nothing here blocks or touches the outside world. What arrives is an
 * {@link InboxItem}; what the execution is made of between turns are {@link Cell}s.
 */
public final class Interpreter {

    private final RunHost host;
    /** One runner per state type, found by the state's record class. */
    private final Map<Class<? extends State>, StateRunner<?>> runners = Map.of(
            PassState.class, new PassRunner(this),
            TaskState.class, new TaskRunner(this),
            ChoiceState.class, new ChoiceRunner(this),
            WaitState.class, new WaitRunner(this),
            SucceedState.class, new SucceedRunner(this),
            FailState.class, new FailRunner(this),
            ParallelState.class, new ParallelRunner(this),
            MapState.class, new MapRunner(this));

    public Interpreter(RunHost host) {
        this.host = host;
    }

    /**
     * Runs one turn.
     *
     * @param inbox     the execution's inbox cells in arrival order (each is consumed)
     * @param dueTimers keys of timer cells whose deadline has passed by {@code now}
     */
    public TurnResult turn(ExecutionEntry entry, StateMachineDefinition definition, Instant now,
                           List<Cell.Inbox> inbox, List<CellKey> dueTimers) {
        Turn turn = new Turn(host, entry, definition, now);
        for (Cell.Inbox cell : inbox) {
            if (turn.closing != null) {
                break;
            }
            turn.delete(cell.key());
            receive(turn, cell.item());
            turn.drain();
        }
        for (CellKey key : dueTimers) {
            if (turn.closing != null) {
                break;
            }
            Cell.Timer timer = turn.cell(key, Cell.Timer.class);
            if (timer == null || timer.at() > turn.now) {
                continue;
            }
            turn.delete(key);
            timerFired(turn, timer);
            turn.drain();
        }
        return turn.finish();
    }

    private void receive(Turn turn, InboxItem item) {
        if (item instanceof InboxItem.Start) {
            start(turn);
        } else if (item instanceof InboxItem.Stop stop) {
            stop(turn, HistoryEventType.ExecutionAborted, ExecutionStatus.ABORTED, stop.error(), stop.cause());
        } else if (item instanceof InboxItem.ForTask forTask) {
            Frame frame = turn.frame(forTask.frameId());
            if (frame != null && frame.status == Frame.Status.RUNNING && frame.state != null) {
                State state = state(turn, frame);
                runner(state).receive(turn, frame, state, forTask);
            }
        }
    }

    private void start(Turn turn) {
        if (turn.frame("0") != null) {
            return;
        }
        Frame root = new Frame("0", null, -1, 0);
        root.previousEventId = turn.entry.eventCount();
        turn.save(root);
        if (turn.definition.timeoutSeconds() != null) {
            turn.put(new Cell.Timer(null, Cell.TimerKind.EXECUTION, turn.entry.startDate().toEpochMilli()
                    + turn.definition.timeoutSeconds() * 1000L, null));
        }
        JsonNode input = turn.executionInput();
        turn.later(() -> enter(turn, root, turn.definition.root().startAt(), input));
    }

    private void timerFired(Turn turn, Cell.Timer timer) {
        if (timer.kind() == Cell.TimerKind.EXECUTION) {
            stop(turn, HistoryEventType.ExecutionTimedOut, ExecutionStatus.TIMED_OUT,
                    StatesError.TIMEOUT.errorName(), "The execution ran longer than the state machine's TimeoutSeconds ("
                            + turn.definition.timeoutSeconds() + ")");
            return;
        }
        Frame frame = turn.frame(timer.frameId());
        if (frame == null || frame.status != Frame.Status.RUNNING || frame.state == null) {
            return;
        }
        State state = state(turn, frame);
        runner(state).onTimer(turn, frame, state, timer);
    }

    private void stop(Turn turn, HistoryEventType type, ExecutionStatus status, String error, String cause) {
        Frame root = turn.frame("0");
        if (root != null) {
            abortFrame(turn, root);
        }
        ObjectNode details = Json.object();
        if (error != null) {
            details.put("error", error);
        }
        if (cause != null) {
            details.put("cause", cause);
        }
        turn.event(null, type, details);
        turn.close(status, null, error, cause);
    }

    // ---- transitions (called by runners) ------------------------------------------------------------------------

    void enter(Turn turn, Frame frame, String stateName, JsonNode input) {
        if (frame.gone || frame.status != Frame.Status.RUNNING || turn.closing != null) {
            return;
        }
        State state = turn.definition.program(frame.programId).state(stateName);
        runner(state).enter(turn, frame, state, input);
    }

    void frameSucceeded(Turn turn, Frame frame, JsonNode output) {
        if (frame.gone) {
            return;
        }
        if (frame.isRoot()) {
            String outputText = Json.write(output);
            ObjectNode details = Json.object().put("output", outputText);
            details.putObject("outputDetails").put("truncated", false);
            turn.event(frame, HistoryEventType.ExecutionSucceeded, details);
            turn.close(ExecutionStatus.SUCCEEDED, outputText, null, null);
            return;
        }
        frame.status = Frame.Status.SUCCEEDED;
        frame.output = output;
        frame.activity = null;
        turn.save(frame);
        childFinished(turn, frame);
    }

    void frameFailed(Turn turn, Frame frame, StatesFailure failure) {
        if (frame.gone) {
            return;
        }
        if (frame.isRoot()) {
            // A Fail state may give neither Error nor Cause: the event then has neither.
            ObjectNode details = Json.object();
            if (failure.error() != null) {
                details.put("error", failure.error());
            }
            if (failure.causeText() != null) {
                details.put("cause", failure.causeText());
            }
            turn.event(frame, HistoryEventType.ExecutionFailed, details);
            turn.close(ExecutionStatus.FAILED, null, failure.error(), failure.causeText());
            return;
        }
        frame.status = Frame.Status.FAILED;
        frame.error = failure.error();
        frame.cause = failure.causeText();
        frame.activity = null;
        turn.save(frame);
        childFinished(turn, frame);
    }

    private void childFinished(Turn turn, Frame child) {
        Frame parent = turn.frame(child.parentId);
        if (parent == null || parent.gone) {
            return;
        }
        State parentState = state(turn, parent);
        runner(parentState).onChildFinished(turn, parent, parentState, child);
    }

    /** Stops a frame and everything under it, then removes it. */
    void abortFrame(Turn turn, Frame frame) {
        if (frame.gone) {
            return;
        }
        if (frame.status == Frame.Status.RUNNING && frame.state != null) {
            State state = state(turn, frame);
            runner(state).abort(turn, frame, state);
        }
        turn.drop(frame.id);
    }

    State state(Turn turn, Frame frame) {
        return turn.definition.program(frame.programId).state(frame.state);
    }

    @SuppressWarnings("unchecked")
    <S extends State> StateRunner<S> runner(S state) {
        // Each state record class is registered with the runner of its own type, so the cast holds.
        return (StateRunner<S>) runners.get(state.getClass());
    }
}
