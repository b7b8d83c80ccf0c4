package dev.countersign.local.engine.internal.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.local.engine.HistoryEventType;
import dev.countersign.local.engine.StatesError;
import dev.countersign.local.engine.StatesFailure;
import dev.countersign.local.engine.internal.Json;
import dev.countersign.local.engine.internal.asl.DynamicValue;
import dev.countersign.local.engine.internal.asl.MapState;
import dev.countersign.local.engine.internal.asl.QueryLanguage;
import dev.countersign.local.engine.internal.store.CellKey;

/**
 * Inline Map: one child frame per item, at most MaxConcurrency at a time. The items (and the Map's effective input,
 * which ItemSelector sees as {@code $}) are kept in cell {@code i:<group>} so that a paused Map resumes after a
 * restart. Failures beyond the tolerated count/percentage fail the state.
 */
final class MapRunner extends StateRunner<MapState> {
    private static final String EXCEEDED = "States.ExceedToleratedFailureThreshold";

    MapRunner(Interpreter interpreter) {
        super(interpreter, HistoryEventType.MapStateEntered, HistoryEventType.MapStateExited);
    }

    @Override
    void start(Turn turn, Frame frame, MapState state) {
        JsonNode effective = effectiveInput(turn, frame, state);
        JsonNode items;
        if (state.language() == QueryLanguage.JSONPATH) {
            items = state.itemsPath().require(jsonPathScope(turn, frame, effective, null));
        } else {
            items = state.items() == null ? frame.input
                    : state.items().evaluate(jsonataScope(turn, frame, null, null, null));
        }
        if (items == null || !items.isArray()) {
            StatesError error = state.language() == QueryLanguage.JSONATA ? StatesError.QUERY_EVALUATION_ERROR
                    : StatesError.RUNTIME;
            throw error.failure("The items of Map state '" + state.name() + "' must be a JSON array; got "
                    + (items == null ? "nothing" : items.getNodeType().name().toLowerCase()));
        }
        int maxConcurrency = (int) number(turn, frame, state, state.maxConcurrency(), "MaxConcurrency", effective, 0);
        double percentage = state.toleratedFailurePercentage() == null ? -1
                : number(turn, frame, state, state.toleratedFailurePercentage(), "ToleratedFailurePercentage",
                        effective, 0);
        long count = state.toleratedFailureCount() == null ? -1
                : (long) number(turn, frame, state, state.toleratedFailureCount(), "ToleratedFailureCount",
                        effective, 0);
        if (percentage > 100) {
            throw StatesError.RUNTIME.failure("ToleratedFailurePercentage of Map state '" + state.name()
                    + "' must be from 0 to 100; got " + percentage);
        }
        boolean tolerant = percentage >= 0 || count >= 0;
        String group = turn.newId("g");
        Cell.MapItems stash = new Cell.MapItems(group, items, effective);
        turn.put(stash);
        turn.event(frame, HistoryEventType.MapStateStarted, Json.object().put("length", items.size()));
        Activity.Iterations iterations = new Activity.Iterations(group, items.size(), 0, 0, 0, 0, maxConcurrency,
                percentage, count, tolerant);
        frame.activity = iterations;
        turn.save(frame);
        if (items.isEmpty()) {
            complete(turn, frame, state, iterations);
            return;
        }
        try {
            launch(turn, frame, state, iterations, stash);
        } catch (StatesFailure failure) {
            abortIterations(turn, frame, state, (Activity.Iterations) frame.activity);
            turn.event(frame, HistoryEventType.MapStateFailed, null);
            frame.activity = null;
            throw failure;
        }
    }

    private void launch(Turn turn, Frame frame, MapState state, Activity.Iterations iterations,
                        Cell.MapItems stash) {
        Activity.Iterations current = iterations;
        JsonNode items = stash.items();
        while (current.next() < current.total()
                && (current.maxConcurrency() == 0 || current.running() < current.maxConcurrency())) {
            int index = current.next();
            JsonNode item = items.get(index);
            ObjectNode extra = Json.object();
            extra.putObject("Map").putObject("Item").put("Index", index).set("Value", item);
            JsonNode input = item;
            if (state.itemSelector() != null) {
                input = state.itemSelector().evaluate(state.language() == QueryLanguage.JSONPATH
                        ? jsonPathScope(turn, frame, stash.input(), extra)
                        : jsonataScope(turn, frame, null, null, extra));
            }
            long started = turn.event(frame, HistoryEventType.MapIterationStarted,
                    Json.object().put("name", state.name()).put("index", index));
            Frame child = new Frame(current.group() + "." + index, frame.id, index, state.processor().id());
            child.previousEventId = started;
            turn.save(child);
            JsonNode childInput = input;
            turn.later(() -> interpreter.enter(turn, child, state.processor().startAt(), childInput));
            current = current.with(index + 1, current.running() + 1, current.succeeded(), current.failed());
        }
        frame.activity = current;
        turn.save(frame);
    }

    @Override
    void onChildFinished(Turn turn, Frame frame, MapState state, Frame child) {
        if (!(frame.activity instanceof Activity.Iterations iterations)) {
            return;
        }
        boolean succeeded = child.status == Frame.Status.SUCCEEDED;
        turn.event(child, succeeded ? HistoryEventType.MapIterationSucceeded : HistoryEventType.MapIterationFailed,
                Json.object().put("name", state.name()).put("index", child.index));
        Activity.Iterations updated = iterations.with(iterations.next(), iterations.running() - 1,
                iterations.succeeded() + (succeeded ? 1 : 0), iterations.failed() + (succeeded ? 0 : 1));
        frame.activity = updated;
        turn.save(frame);
        if (!succeeded && exceeded(updated)) {
            abortIterations(turn, frame, state, updated);
            turn.event(frame, HistoryEventType.MapStateFailed, null);
            frame.activity = null;
            StatesFailure failure = updated.tolerant()
                    ? new StatesFailure(EXCEEDED, "The specified tolerated failure threshold was exceeded")
                    : new StatesFailure(child.error, child.cause);
            fail(turn, frame, state, failure);
            return;
        }
        if (updated.succeeded() + updated.failed() == updated.total()) {
            complete(turn, frame, state, updated);
            return;
        }
        try {
            launch(turn, frame, state, updated, turn.cell(CellKey.items(updated.group()), Cell.MapItems.class));
        } catch (StatesFailure failure) {
            abortIterations(turn, frame, state, (Activity.Iterations) frame.activity);
            turn.event(frame, HistoryEventType.MapStateFailed, null);
            frame.activity = null;
            fail(turn, frame, state, failure);
        }
    }

    private static boolean exceeded(Activity.Iterations iterations) {
        if (!iterations.tolerant()) {
            return iterations.failed() > 0;
        }
        boolean overCount = iterations.count() >= 0 && iterations.failed() > iterations.count();
        boolean overPercentage = iterations.percentage() >= 0
                && iterations.failed() * 100.0 / iterations.total() > iterations.percentage();
        return overCount || overPercentage;
    }

    private void complete(Turn turn, Frame frame, MapState state, Activity.Iterations iterations) {
        ArrayNode results = Json.NODES.arrayNode();
        for (int i = 0; i < iterations.total(); i++) {
            String id = iterations.group() + "." + i;
            Frame child = turn.frame(id);
            results.add(child.status == Frame.Status.SUCCEEDED ? child.output
                    : errorOutput(new StatesFailure(child.error, child.cause)));
            turn.drop(id);
        }
        turn.delete(CellKey.items(iterations.group()));
        frame.activity = null;
        turn.event(frame, HistoryEventType.MapStateSucceeded, null);
        finishWithResult(turn, frame, state, results, state.resultSelector(), state.resultPath());
    }

    @Override
    void abort(Turn turn, Frame frame, MapState state) {
        if (frame.activity instanceof Activity.Iterations iterations) {
            abortIterations(turn, frame, state, iterations);
            turn.event(frame, HistoryEventType.MapStateAborted, null);
        } else {
            super.abort(turn, frame, state);
        }
    }

    private void abortIterations(Turn turn, Frame frame, MapState state, Activity.Iterations iterations) {
        for (int i = 0; i < iterations.next(); i++) {
            String id = iterations.group() + "." + i;
            Frame child = turn.frame(id);
            if (child != null && child.status == Frame.Status.RUNNING) {
                interpreter.abortFrame(turn, child);
                turn.event(frame, HistoryEventType.MapIterationAborted,
                        Json.object().put("name", state.name()).put("index", i));
            }
            turn.drop(id);
        }
        turn.delete(CellKey.items(iterations.group()));
    }

    private double number(Turn turn, Frame frame, MapState state, DynamicValue value, String field,
                          JsonNode effective, double fallback) {
        if (value == null) {
            return fallback;
        }
        JsonNode resolved = resolve(turn, frame, state, value, field, () -> effective, null, "Map state");
        if (resolved == null || !resolved.isNumber() || resolved.asDouble() < 0) {
            StatesError error = state.language() == QueryLanguage.JSONATA ? StatesError.QUERY_EVALUATION_ERROR
                    : StatesError.RUNTIME;
            throw error.failure("The " + field + " of Map state '" + state.name() + "' must be a non-negative"
                    + " number; got " + resolved);
        }
        return resolved.asDouble();
    }
}
