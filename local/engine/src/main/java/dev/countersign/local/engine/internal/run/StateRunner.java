package dev.countersign.local.engine.internal.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.local.engine.HistoryEventType;
import dev.countersign.local.engine.StatesError;
import dev.countersign.local.engine.StatesFailure;
import dev.countersign.local.engine.expr.Scope;
import dev.countersign.local.engine.internal.Json;
import dev.countersign.local.engine.internal.Limits;
import dev.countersign.local.engine.internal.asl.Catcher;
import dev.countersign.local.engine.internal.asl.DynamicValue;
import dev.countersign.local.engine.internal.asl.OptionalPath;
import dev.countersign.local.engine.internal.asl.QueryLanguage;
import dev.countersign.local.engine.internal.asl.ResultPath;
import dev.countersign.local.engine.internal.asl.Retrier;
import dev.countersign.local.engine.internal.asl.State;
import dev.countersign.local.engine.internal.asl.TaskState;
import dev.countersign.local.engine.internal.asl.ValueTemplate;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The lifecycle every state shares: entered event → input processing → the state's own work → output processing
 * (or Retry/Catch) → exited event → Next or end of the frame. Subclasses implement the work ({@link #start}) and how
 * they react to timers, task results and finished child frames.
 */
abstract class StateRunner<S extends State> {
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    final Interpreter interpreter;
    private final HistoryEventType entered;
    private final HistoryEventType exited;

    StateRunner(Interpreter interpreter, HistoryEventType entered, HistoryEventType exited) {
        this.interpreter = interpreter;
        this.entered = entered;
        this.exited = exited;
    }

    // ---- lifecycle ------------------------------------------------------------------------------------------------

    final void enter(Turn turn, Frame frame, S state, JsonNode input) {
        frame.state = state.name();
        frame.input = input;
        frame.enteredTime = turn.now;
        frame.retryCount = 0;
        frame.retrierAttempts = state instanceof State.Recoverable recoverable
                ? new int[recoverable.retry().size()] : new int[0];
        frame.errorAttempts = Json.object();
        frame.activity = null;
        String inputText = Json.write(input);
        ObjectNode details = Json.object().put("name", state.name()).put("input", inputText);
        details.putObject("inputDetails").put("truncated", false);
        frame.enteredEventId = turn.event(frame, entered, details);
        if (Limits.payloadExceededBy(inputText)) {
            interpreter.frameFailed(turn, frame, StatesError.DATA_LIMIT_EXCEEDED.failure("The state/task '"
                    + state.name() + "' returned a result with a size exceeding the maximum number of bytes service"
                    + " limit."));
            return;
        }
        attempt(turn, frame, state);
    }

    /**
     * Runs (or re-runs, after a retry interval) the state's work, routing failures to Retry/Catch. Anything else
     * thrown is a bug: it leaves the turn, which fails the execution with States.Runtime (never a half-done turn).
     */
    final void attempt(Turn turn, Frame frame, S state) {
        try {
            start(turn, frame, state);
        } catch (StatesFailure failure) {
            fail(turn, frame, state, EvaluationFailure.of(failure));
        }
    }

    abstract void start(Turn turn, Frame frame, S state);

    /** A timer of this frame fell due. The default handles Retry intervals. */
    void onTimer(Turn turn, Frame frame, S state, Cell.Timer timer) {
        if (timer.kind() == Cell.TimerKind.RETRY && frame.activity instanceof Activity.RetryWait) {
            frame.activity = null;
            turn.save(frame);
            attempt(turn, frame, state);
        }
    }

    /** A child frame (Parallel branch, Map iteration) of this frame finished. */
    void onChildFinished(Turn turn, Frame frame, S state, Frame child) {
        throw new IllegalStateException(state.name() + " has no children");
    }

    /** Something arrived for an attempt of this frame (a task's result, callback or job; a Map run's child). */
    void receive(Turn turn, Frame frame, S state, InboxItem.ForTask item) {
    }

    /** Stops whatever the state is doing (the execution or an enclosing branch is ending). */
    void abort(Turn turn, Frame frame, S state) {
        if (frame.activity instanceof Activity.RetryWait) {
            turn.cancelTimer(frame, Cell.TimerKind.RETRY);
        }
    }

    // ---- output ---------------------------------------------------------------------------------------------------

    /** Leaves the state with {@code output}, applying {@code assigned} variables, and moves on. */
    final void exit(Turn turn, Frame frame, S state, JsonNode output, ObjectNode assigned, String next) {
        String outputText = Json.write(output);
        if (Limits.payloadExceededBy(outputText)) {
            interpreter.frameFailed(turn, frame, StatesError.DATA_LIMIT_EXCEEDED.failure("The state/task '"
                    + state.name() + "' returned a result with a size exceeding the maximum number of bytes service"
                    + " limit."));
            return;
        }
        ObjectNode details = Json.object().put("name", state.name()).put("output", outputText);
        details.putObject("outputDetails").put("truncated", false);
        if (assigned != null && !assigned.isEmpty()) {
            ObjectNode variables = details.putObject("assignedVariables");
            for (Map.Entry<String, JsonNode> variable : assigned.properties()) {
                variables.put(variable.getKey(), Json.write(variable.getValue()));
            }
            details.putObject("assignedVariablesDetails").put("truncated", false);
            if (Limits.payloadExceededBy(Json.write(assigned))) {
                interpreter.frameFailed(turn, frame, StatesError.DATA_LIMIT_EXCEEDED.failure("The variables assigned"
                        + " by state '" + state.name() + "' exceed the maximum number of bytes service limit."));
                return;
            }
            frame.variables.setAll(assigned);
        }
        frame.activity = null;
        turn.event(frame, exited, details);
        if (next == null) {
            interpreter.frameSucceeded(turn, frame, output);
        } else {
            turn.later(() -> interpreter.enter(turn, frame, next, output));
        }
    }

    /**
     * Finishes a state that produced {@code result} (Task, Parallel, Map, Pass): JSONPath applies ResultSelector,
     * Assign, ResultPath and OutputPath; JSONata evaluates Assign and Output.
     */
    final void finishWithResult(Turn turn, Frame frame, S state, JsonNode result, ValueTemplate resultSelector,
                                ResultPath resultPath) {
        try {
            JsonNode output;
            ObjectNode assigned;
            if (state.language() == QueryLanguage.JSONPATH) {
                JsonNode selected = resultSelector == null ? result
                        : resultSelector.evaluate(jsonPathScope(turn, frame, result, null));
                assigned = assign(state, state.common().assign(), jsonPathScope(turn, frame, selected, null));
                output = applyOutputPath(turn, frame, state, resultPath.place(frame.input, selected));
            } else {
                Scope scope = jsonataScope(turn, frame, result, null, null);
                assigned = assign(state, state.common().assign(), scope);
                output = state.common().output() == null ? result : state.common().output().evaluate(scope);
            }
            exit(turn, frame, state, output, assigned, state.common().next());
        } catch (StatesFailure failure) {
            fail(turn, frame, state, EvaluationFailure.of(failure));
        }
    }

    /**
     * Finishes a state without a result of its own (Choice, Wait, Succeed): JSONPath output is the effective input
     * through OutputPath; JSONata output is Output or the state input.
     */
    final void finishWithInput(Turn turn, Frame frame, S state, ValueTemplate assign, ValueTemplate jsonataOutput,
                               String next) {
        try {
            JsonNode output;
            ObjectNode assigned;
            if (state.language() == QueryLanguage.JSONPATH) {
                JsonNode effective = effectiveInput(turn, frame, state);
                assigned = assign(state, assign, jsonPathScope(turn, frame, effective, null));
                output = applyOutputPath(turn, frame, state, effective);
            } else {
                Scope scope = jsonataScope(turn, frame, null, null, null);
                assigned = assign(state, assign, scope);
                output = jsonataOutput == null ? frame.input : jsonataOutput.evaluate(scope);
            }
            exit(turn, frame, state, output, assigned, next);
        } catch (StatesFailure failure) {
            fail(turn, frame, state, EvaluationFailure.of(failure));
        }
    }

    // ---- failure: Retry, then Catch, then the frame fails ---------------------------------------------------------

    final void fail(Turn turn, Frame frame, S state, StatesFailure raw) {
        fail(turn, frame, state, raw, null);
    }

    /**
     * Retries the failure if a retrier matches; otherwise records what precedes giving up — EvaluationFailed for a
     * failed evaluation, then {@code failedEvent} (MapStateFailed, ParallelStateFailed) when given — and catches it
     * or fails the frame. A retried Map or Parallel records no failed event, as on AWS.
     */
    final void fail(Turn turn, Frame frame, S state, StatesFailure raw, HistoryEventType failedEvent) {
        StatesFailure failure = located(frame, state, raw);
        if (retried(turn, frame, state, failure)) {
            return;
        }
        if (failure instanceof EvaluationFailure) {
            ObjectNode details = Json.object().put("error", failure.error());
            if (failure.causeText() != null) {
                details.put("cause", failure.causeText());
            }
            turn.event(frame, HistoryEventType.EvaluationFailed, details.put("state", state.name()));
        }
        if (failedEvent != null) {
            turn.event(frame, failedEvent, null);
        }
        if (state instanceof State.Recoverable recoverable && !isTerminal(failure.error())) {
            for (Catcher catcher : recoverable.catchers()) {
                if (matches(catcher.errorEquals(), failure.error())) {
                    caught(turn, frame, state, catcher, failure);
                    return;
                }
            }
        }
        interpreter.frameFailed(turn, frame, failure);
    }

    /** Schedules a retry when a retrier of the state matches and has attempts left. */
    private boolean retried(Turn turn, Frame frame, S state, StatesFailure failure) {
        if (state instanceof State.Recoverable recoverable && !isTerminal(failure.error())) {
            List<Retrier> retriers = recoverable.retry();
            for (int i = 0; i < retriers.size(); i++) {
                Retrier retrier = retriers.get(i);
                if (!matches(retrier.errorEquals(), failure.error())) {
                    continue;
                }
                if (frame.retrierAttempts.length <= i) {
                    frame.retrierAttempts = java.util.Arrays.copyOf(frame.retrierAttempts, retriers.size());
                }
                // As the guide's complex retry scenario shows: MaxAttempts counts retries of this error name, while
                // the backoff grows with every retry this retrier made.
                String errorKey = i + ":" + (failure.error() == null ? "" : failure.error());
                int attemptsForError = frame.errorAttempts.path(errorKey).asInt(0);
                if (attemptsForError >= retrier.maxAttempts()) {
                    break;
                }
                int attempts = frame.retrierAttempts[i];
                double seconds = retrier.intervalSeconds() * Math.pow(retrier.backoffRate(), attempts);
                if (retrier.maxDelaySeconds() != null) {
                    seconds = Math.min(seconds, retrier.maxDelaySeconds());
                }
                if (retrier.fullJitter()) {
                    seconds = seconds * turn.host.jitter();
                }
                frame.retrierAttempts[i] = attempts + 1;
                frame.errorAttempts.put(errorKey, attemptsForError + 1);
                frame.retryCount++;
                long due = turn.now + Math.round(seconds * 1000);
                frame.activity = new Activity.RetryWait(due);
                turn.setTimer(frame, Cell.TimerKind.RETRY, due, null);
                turn.save(frame);
                return true;
            }
        }
        return false;
    }

    private void caught(Turn turn, Frame frame, S state, Catcher catcher, StatesFailure failure) {
        ObjectNode errorOutput = errorOutput(failure);
        try {
            JsonNode output;
            ObjectNode assigned;
            if (state.language() == QueryLanguage.JSONPATH) {
                assigned = assign(state, catcher.assign(), jsonPathScope(turn, frame, errorOutput, null));
                output = catcher.resultPath().place(frame.input, errorOutput);
            } else {
                Scope scope = jsonataScope(turn, frame, null, errorOutput, null);
                assigned = assign(state, catcher.assign(), scope);
                output = catcher.output() == null ? errorOutput : catcher.output().evaluate(scope);
            }
            exit(turn, frame, state, output, assigned, catcher.next());
        } catch (StatesFailure second) {
            interpreter.frameFailed(turn, frame, second);
        }
    }

    /** Runtime and query errors name the state, as Step Functions' causes do. */
    static StatesFailure located(Frame frame, State state, StatesFailure failure) {
        boolean located = StatesError.RUNTIME.errorName().equals(failure.error())
                || StatesError.QUERY_EVALUATION_ERROR.errorName().equals(failure.error());
        String prefix = "An error occurred while executing the state '" + state.name() + "'";
        if (!located || (failure.causeText() != null && failure.causeText().startsWith(prefix))) {
            return failure;
        }
        String cause = prefix + " (entered at the event id #" + frame.enteredEventId + "). "
                + (failure.causeText() == null ? "" : failure.causeText());
        return failure instanceof EvaluationFailure ? new EvaluationFailure(failure.error(), cause)
                : new StatesFailure(failure.error(), cause);
    }

    /**
     * What a catcher (and a tolerated Map item) sees: {@code {"Error", "Cause"}}, an absent error or cause given as
     * an empty string, as AWS binds them (a timeout's output carries {@code "Cause": ""}).
     */
    static ObjectNode errorOutput(StatesFailure failure) {
        return Json.object().put("Error", failure.error() == null ? "" : failure.error())
                .put("Cause", failure.causeText() == null ? "" : failure.causeText());
    }

    /** States.Runtime is never retried or caught. */
    private static boolean isTerminal(String error) {
        return StatesError.RUNTIME.errorName().equals(error);
    }

    /**
     * Whether a retrier's or catcher's ErrorEquals takes an error. States.ALL takes every error but States.Runtime —
     * States.DataLimitExceeded too, as recorded executions show (the documentation says otherwise) — and a failure
     * without an error name (a Fail state without Error); States.TaskFailed takes every error but those two and the
     * timeouts.
     */
    static boolean matches(List<String> errorEquals, String error) {
        for (String name : errorEquals) {
            if (name.equals(error)) {
                return true;
            }
            boolean runtime = StatesError.RUNTIME.errorName().equals(error);
            boolean terminal = runtime || StatesError.DATA_LIMIT_EXCEEDED.errorName().equals(error);
            boolean timeout = StatesError.TIMEOUT.errorName().equals(error)
                    || StatesError.HEARTBEAT_TIMEOUT.errorName().equals(error);
            if (name.equals(StatesError.ALL.errorName()) && !runtime) {
                return true;
            }
            if (name.equals(StatesError.TASK_FAILED.errorName()) && !terminal && !timeout) {
                return true;
            }
            if (name.equals(StatesError.TIMEOUT.errorName())
                    && StatesError.HEARTBEAT_TIMEOUT.errorName().equals(error)) {
                return true;
            }
        }
        return false;
    }

    // ---- JSONPath input/output processing ----------------------------------------------------------------------

    /** InputPath applied to the state input. */
    final JsonNode effectiveInput(Turn turn, Frame frame, S state) {
        OptionalPath inputPath = state.common().inputPath();
        if (state.language() == QueryLanguage.JSONATA || inputPath.isIdentity()) {
            return frame.input;
        }
        if (inputPath.discards()) {
            return Json.object();
        }
        return inputPath.path().require(jsonPathScope(turn, frame, frame.input, null));
    }

    final JsonNode applyOutputPath(Turn turn, Frame frame, S state, JsonNode combined) {
        OptionalPath outputPath = state.common().outputPath();
        if (outputPath.isIdentity()) {
            return combined;
        }
        if (outputPath.discards()) {
            return Json.object();
        }
        return outputPath.path().require(jsonPathScope(turn, frame, combined, null));
    }

    /**
     * The value of a field with a Path, intrinsic or JSONata form (TimeoutSeconds, Seconds, MaxConcurrency, Error,
     * …). A Path reads {@code dollar} (asked for only then) and fails with States.Runtime naming
     * {@code <field>Path of <kind> '<state>'} when it selects nothing.
     */
    final JsonNode resolve(Turn turn, Frame frame, S state, DynamicValue value, String field,
                           Supplier<JsonNode> dollar, ObjectNode extra, String kind) {
        if (value.fixed() != null) {
            return value.fixed();
        }
        if (value.jsonata() != null) {
            return value.jsonata().evaluate(jsonataScope(turn, frame, null, null, extra));
        }
        Scope scope = jsonPathScope(turn, frame, dollar.get(), extra);
        if (value.call() != null) {
            return value.call().evaluate(scope);
        }
        String path = value.path().text();
        return value.path().read(scope).orElseThrow(() -> StatesError.RUNTIME.failure("Invalid path '" + path
                + "' : No results for path: " + path + " (" + field + "Path of " + kind + " '" + state.name() + "')"));
    }

    /** Evaluates an Assign block (null when there is none) in the state's query language. */
    static ObjectNode assign(State state, ValueTemplate assign, Scope scope) {
        if (assign == null) {
            return null;
        }
        JsonNode values = assign.evaluate(scope);
        if (values == null || !values.isObject()) {
            throw StatesError.QUERY_EVALUATION_ERROR.failure("Assign of state '" + state.name()
                    + "' must produce an object of variables; got " + values);
        }
        return (ObjectNode) values;
    }

    // ---- scopes ---------------------------------------------------------------------------------------------------

    final Scope jsonPathScope(Turn turn, Frame frame, JsonNode dollar, ObjectNode extraContext) {
        return new Scope(dollar, null, null, context(turn, frame, extraContext), variables(turn, frame));
    }

    final Scope jsonataScope(Turn turn, Frame frame, JsonNode result, JsonNode errorOutput, ObjectNode extraContext) {
        return new Scope(frame.input, result, errorOutput, context(turn, frame, extraContext), variables(turn, frame));
    }

    /** The context object ($$ / $states.context); {@code extra} adds Task or Map fields. */
    static ObjectNode context(Turn turn, Frame frame, ObjectNode extra) {
        ObjectNode context = Json.object();
        ObjectNode execution = context.putObject("Execution");
        execution.put("Id", turn.entry.arn());
        execution.set("Input", turn.executionInput());
        execution.put("Name", turn.entry.name());
        execution.put("RoleArn", turn.entry.roleArn());
        execution.put("StartTime", timestamp(turn.entry.startDate().toEpochMilli()));
        execution.put("RedriveCount", 0);
        ObjectNode stateNode = context.putObject("State");
        stateNode.put("EnteredTime", timestamp(frame.enteredTime));
        stateNode.put("Name", frame.state);
        if (turn.definition.program(frame.programId).state(frame.state) instanceof TaskState) {
            // Only a Task state's context has RetryCount, as recorded executions show.
            stateNode.put("RetryCount", frame.retryCount);
        }
        ObjectNode machine = context.putObject("StateMachine");
        machine.put("Id", turn.entry.stateMachine().arn());
        machine.put("Name", turn.entry.stateMachine().name());
        if (extra != null) {
            context.setAll(extra);
        }
        return context;
    }

    /** Variables in scope: the frame's own over its ancestors'. */
    static Map<String, JsonNode> variables(Turn turn, Frame frame) {
        List<Frame> chain = new ArrayList<>();
        for (Frame at = frame; at != null; at = at.parentId == null ? null : turn.frame(at.parentId)) {
            chain.add(at);
        }
        Map<String, JsonNode> variables = new LinkedHashMap<>();
        for (int i = chain.size() - 1; i >= 0; i--) {
            chain.get(i).variables.properties().forEach(e -> variables.put(e.getKey(), e.getValue()));
        }
        return variables;
    }

    static String timestamp(long epochMillis) {
        return TIMESTAMP.format(Instant.ofEpochMilli(epochMillis));
    }
}
