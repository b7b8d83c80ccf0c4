package dev.countersign.local.engine.internal.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.local.engine.ExecutionStatus;
import dev.countersign.local.engine.HistoryEventType;
import dev.countersign.local.engine.StatesError;
import dev.countersign.local.engine.StatesFailure;
import dev.countersign.local.engine.internal.ExecutionEntry;
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
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Advances one execution by one turn: applies what arrived (the start, task results, callbacks, heartbeats, a stop
 * request, timers that fell due) and follows transitions until every frame waits again or the execution ends. The
 * engine journals the result; nothing here blocks or touches the outside world.
 *
 * <p>Inbox cells ({@code n:…}) are JSON objects with a {@code type}: {@code start}; {@code result} (an invocation's
 * outcome: {@code f}, {@code at}, {@code ok}, {@code out} or {@code err}/{@code cause}); {@code callback} (same shape,
 * from SendTaskSuccess/Failure); {@code job} (same shape: a {@code .sync} task's nested execution ended);
 * {@code heartbeat} ({@code f}, {@code at}, {@code when}); {@code stop} ({@code err}, {@code cause}).
 */
public final class Interpreter {
    /** Prefix of the cell a {@code .sync} task attempt keeps while it waits for its job: {@code j:<attempt>}. */
    public static final String JOB_CELL = "j:";

    private final RunHost host;
    private final PassRunner pass = new PassRunner(this);
    private final TaskRunner task = new TaskRunner(this);
    private final ChoiceRunner choice = new ChoiceRunner(this);
    private final WaitRunner waitRunner = new WaitRunner(this);
    private final SucceedRunner succeed = new SucceedRunner(this);
    private final FailRunner fail = new FailRunner(this);
    private final ParallelRunner parallel = new ParallelRunner(this);
    private final MapRunner map = new MapRunner(this);

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
                           List<Map.Entry<String, byte[]>> inbox, List<String> dueTimers) {
        Turn turn = new Turn(host, entry, definition, now);
        for (Map.Entry<String, byte[]> cell : inbox) {
            if (turn.closing != null) {
                break;
            }
            turn.delete(cell.getKey());
            receive(turn, Json.read(cell.getValue()));
            turn.drain();
        }
        for (String key : dueTimers) {
            if (turn.closing != null) {
                break;
            }
            JsonNode timer = turn.cell(key);
            if (timer == null || timer.get("at").asLong() > turn.now) {
                continue;
            }
            turn.delete(key);
            timerFired(turn, key, timer);
            turn.drain();
        }
        return turn.finish();
    }

    private void receive(Turn turn, JsonNode item) {
        String type = item.get("type").asText();
        switch (type) {
            case "start" -> start(turn);
            case "stop" -> stop(turn, HistoryEventType.ExecutionAborted, ExecutionStatus.ABORTED,
                    text(item, "err"), text(item, "cause"));
            case "result", "callback", "job", "heartbeat" -> {
                Frame frame = turn.frame(item.get("f").asText());
                if (frame == null || frame.status != Frame.Status.RUNNING || frame.state == null) {
                    return;
                }
                if (!(state(turn, frame) instanceof TaskState taskState)) {
                    return;
                }
                switch (type) {
                    case "result" -> task.onResult(turn, frame, taskState, item);
                    case "callback" -> task.onCallback(turn, frame, taskState, item);
                    case "job" -> task.onJobEnded(turn, frame, taskState, item);
                    default -> task.onHeartbeat(turn, frame, taskState, item);
                }
            }
            default -> throw new IllegalStateException("unknown inbox item " + item);
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
            turn.put("t:execution", Json.object().put("at", turn.entry.startDate().toEpochMilli()
                    + turn.definition.timeoutSeconds() * 1000L).put("kind", "execution"));
        }
        JsonNode input = turn.executionInput();
        turn.later(() -> enter(turn, root, turn.definition.root().startAt(), input));
    }

    private void timerFired(Turn turn, String key, JsonNode timer) {
        if (key.equals("t:execution")) {
            stop(turn, HistoryEventType.ExecutionTimedOut, ExecutionStatus.TIMED_OUT,
                    StatesError.TIMEOUT.errorName(), "The execution ran longer than the state machine's TimeoutSeconds ("
                            + turn.definition.timeoutSeconds() + ")");
            return;
        }
        Frame frame = turn.frame(timer.get("f").asText());
        if (frame == null || frame.status != Frame.Status.RUNNING || frame.state == null) {
            return;
        }
        State state = state(turn, frame);
        runner(state).onTimer(turn, frame, state, timer.get("kind").asText(), timer);
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
            ObjectNode details = Json.object().put("error", failure.error());
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
        StateRunner<?> runner;
        if (state instanceof PassState) {
            runner = pass;
        } else if (state instanceof TaskState) {
            runner = task;
        } else if (state instanceof ChoiceState) {
            runner = choice;
        } else if (state instanceof WaitState) {
            runner = waitRunner;
        } else if (state instanceof SucceedState) {
            runner = succeed;
        } else if (state instanceof FailState) {
            runner = fail;
        } else if (state instanceof ParallelState) {
            runner = parallel;
        } else if (state instanceof MapState) {
            runner = map;
        } else {
            throw new IllegalStateException("no runner for " + state);
        }
        return (StateRunner<S>) runner;
    }

    private static String text(JsonNode item, String field) {
        return item.hasNonNull(field) ? item.get(field).asText() : null;
    }
}
