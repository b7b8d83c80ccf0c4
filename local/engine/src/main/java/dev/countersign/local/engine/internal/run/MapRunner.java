package dev.countersign.local.engine.internal.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.local.engine.ExecutionDescription;
import dev.countersign.local.engine.ExecutionStatus;
import dev.countersign.local.engine.HistoryEventType;
import dev.countersign.local.engine.StatesError;
import dev.countersign.local.engine.StatesFailure;
import dev.countersign.local.engine.expr.internal.JsonText;
import dev.countersign.local.engine.internal.Json;
import dev.countersign.local.engine.internal.Limits;
import dev.countersign.local.engine.internal.Names;
import dev.countersign.local.engine.internal.asl.DistributedRun;
import dev.countersign.local.engine.internal.asl.DynamicValue;
import dev.countersign.local.engine.internal.asl.MapState;
import dev.countersign.local.engine.internal.asl.QueryLanguage;
import dev.countersign.local.engine.internal.store.CellKey;
import dev.countersign.local.engine.internal.store.Records;
import dev.countersign.local.engine.internal.store.StateMachineRegistry;
import dev.countersign.local.engine.internal.task.MapRunChildIntegration;
import dev.countersign.local.engine.internal.task.NestedExecutions;
import dev.countersign.local.engine.internal.task.TaskOutcome;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * Map. Inline: one child frame per item, at most MaxConcurrency at a time; the items (and the Map's effective input,
 * which ItemSelector sees as {@code $}) are kept in cell {@code i:<group>} so that a paused Map resumes after a
 * restart. Distributed: a map run whose child executions take the items (see {@link #startRun}). Failures beyond
 * the tolerated count/percentage fail the state.
 */
final class MapRunner extends StateRunner<MapState> {
    private static final String EXCEEDED = "States.ExceedToleratedFailureThreshold";
    private static final String EXCEEDED_CAUSE = "The specified tolerated failure threshold was exceeded";

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
            fail(turn, frame, state, EvaluationFailure.of(error.failure("Map state input must be an array but was: "
                    + JsonText.typeName(items))), HistoryEventType.MapStateFailed);
            return;
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
        if (state.distributed() != null) {
            startRun(turn, frame, state, effective, items, maxConcurrency, percentage, count);
            return;
        }
        String group = turn.newId("g");
        Cell.MapItems stash = new Cell.MapItems(group, items, effective);
        turn.put(stash);
        turn.event(frame, HistoryEventType.MapStateStarted, Json.object().put("length", items.size()));
        Activity.Iterations iterations = new Activity.Iterations(group, items.size(), 0, 0, 0, 0, maxConcurrency,
                percentage, count, tolerant, null, items.size());
        frame.activity = iterations;
        turn.save(frame);
        if (items.isEmpty()) {
            complete(turn, frame, state, iterations);
            return;
        }
        launchOrFail(turn, frame, state, iterations, stash);
    }

    /** Starts iterations up to MaxConcurrency; an ItemSelector that fails fails the Map and aborts its iterations. */
    private void launchOrFail(Turn turn, Frame frame, MapState state, Activity.Iterations iterations,
                              Cell.MapItems stash) {
        try {
            launch(turn, frame, state, iterations, stash);
        } catch (StatesFailure failure) {
            abortIterations(turn, frame, state, (Activity.Iterations) frame.activity);
            frame.activity = null;
            fail(turn, frame, state, EvaluationFailure.of(failure), HistoryEventType.MapStateFailed);
        }
    }

    private void launch(Turn turn, Frame frame, MapState state, Activity.Iterations iterations,
                        Cell.MapItems stash) {
        Activity.Iterations current = iterations;
        JsonNode items = stash.items();
        while (current.next() < current.total()
                && (current.maxConcurrency() == 0 || current.running() < current.maxConcurrency())) {
            int index = current.next();
            JsonNode input = select(turn, frame, state, stash.input(), index, items.get(index));
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

    /** The input of the item at {@code index}: the item, or what ItemSelector makes of it. */
    private JsonNode select(Turn turn, Frame frame, MapState state, JsonNode effective, int index, JsonNode item) {
        if (state.itemSelector() == null) {
            return item;
        }
        ObjectNode extra = Json.object();
        extra.putObject("Map").putObject("Item").put("Index", index).set("Value", item);
        return state.itemSelector().evaluate(state.language() == QueryLanguage.JSONPATH
                ? jsonPathScope(turn, frame, effective, extra) : jsonataScope(turn, frame, null, null, extra));
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
            frame.activity = null;
            StatesFailure failure = updated.tolerant()
                    ? new StatesFailure(EXCEEDED, EXCEEDED_CAUSE)
                    : new StatesFailure(child.error, child.cause);
            fail(turn, frame, state, failure, HistoryEventType.MapStateFailed);
            return;
        }
        if (updated.done()) {
            complete(turn, frame, state, updated);
            return;
        }
        launchOrFail(turn, frame, state, updated, turn.cell(CellKey.items(updated.group()), Cell.MapItems.class));
    }

    private static boolean exceeded(Activity.Iterations iterations) {
        if (!iterations.tolerant()) {
            return iterations.failed() > 0;
        }
        boolean overCount = iterations.count() >= 0 && iterations.failed() > iterations.count();
        boolean overPercentage = iterations.percentage() >= 0
                && iterations.failed() * 100.0 / iterations.items() > iterations.percentage();
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
        if (frame.activity instanceof Activity.Iterations iterations && iterations.mapRun() != null) {
            endRun(turn, iterations, "ABORTED");
            turn.event(frame, HistoryEventType.MapRunAborted, null);
            turn.event(frame, HistoryEventType.MapStateAborted, null);
        } else if (frame.activity instanceof Activity.Iterations iterations) {
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

    // ---- distributed: the items as child executions of a map run ----------------------------------------------------

    /**
     * Starts a map run: each item (after ItemSelector; a batch of them with ItemBatcher) becomes the input of a child
     * execution of the ItemProcessor's own state machine {@code <machine>/<label>}, started as an invocation (so
     * that a crash starts it again, finding the same child) and then waited for as a {@code .sync} task waits for
     * its job. MaxConcurrency children run at a time; the map run's settings and status go into the journal with the
     * turns that start and end it.
     */
    private void startRun(Turn turn, Frame frame, MapState state, JsonNode effective, JsonNode items,
                          int maxConcurrency, double percentage, long count) {
        ArrayNode inputs;
        try {
            inputs = childInputs(turn, frame, state, effective, items);
        } catch (StatesFailure failure) {
            fail(turn, frame, state, EvaluationFailure.of(failure), HistoryEventType.MapStateFailed);
            return;
        }
        for (JsonNode input : inputs) {
            if (Limits.payloadExceededBy(Json.write(input))) {
                fail(turn, frame, state, StatesError.DATA_LIMIT_EXCEEDED.failure("The input of a child execution"
                        + " of Map state '" + state.name() + "' exceeds the maximum number of bytes service limit."),
                        HistoryEventType.MapStateFailed);
                return;
            }
        }
        String group = turn.newId("g");
        String[] parent = Names.executionArn(turn.entry.arn());
        String run = "arn:aws:states:" + parent[0] + ":" + parent[1] + ":mapRun:" + runMachineName(turn, state) + ":"
                + uuid(turn.entry.arn() + "/" + group);
        turn.put(new Cell.MapItems(group, inputs, null));
        turn.event(frame, HistoryEventType.MapStateStarted, Json.object().put("length", items.size()));
        turn.event(frame, HistoryEventType.MapRunStarted, Json.object().put("mapRunArn", run));
        turn.mapRun(new Records.MapRunState(run, runMachineArn(turn, state), Instant.ofEpochMilli(turn.now), null,
                "RUNNING", maxConcurrency, Math.max(0, percentage), Math.max(0, count), items.size(), inputs.size()));
        Activity.Iterations iterations = new Activity.Iterations(group, inputs.size(), 0, 0, 0, 0, maxConcurrency,
                percentage, count, percentage >= 0 || count >= 0, run, items.size());
        frame.activity = iterations;
        turn.save(frame);
        if (iterations.done()) {
            completeRun(turn, frame, state, iterations);
        } else {
            launchChildren(turn, frame, state, iterations);
        }
    }

    /** Every child's input: the selected items one by one, or in batches {@code {"BatchInput": …, "Items": […]}}. */
    private ArrayNode childInputs(Turn turn, Frame frame, MapState state, JsonNode effective, JsonNode items) {
        ArrayNode selected = Json.NODES.arrayNode();
        for (int i = 0; i < items.size(); i++) {
            selected.add(select(turn, frame, state, effective, i, items.get(i)));
        }
        DistributedRun.ItemBatcher batcher = state.distributed().batcher();
        if (batcher == null) {
            return selected;
        }
        long maxItems = (long) number(turn, frame, state, batcher.maxItemsPerBatch(), "MaxItemsPerBatch", effective,
                0);
        long maxBytes = (long) number(turn, frame, state, batcher.maxInputBytesPerBatch(), "MaxInputBytesPerBatch",
                effective, 0);
        JsonNode batchInput = batcher.batchInput() == null ? null
                : batcher.batchInput().evaluate(state.language() == QueryLanguage.JSONPATH
                ? jsonPathScope(turn, frame, effective, null) : jsonataScope(turn, frame, null, null, null));
        ArrayNode batches = Json.NODES.arrayNode();
        ObjectNode batch = null;
        long bytes = 0;
        for (JsonNode item : selected) {
            long size = Json.write(item).getBytes(StandardCharsets.UTF_8).length + 1L;
            boolean full = batch != null && (maxItems > 0 && batch.get("Items").size() >= maxItems
                    || maxBytes > 0 && bytes + size > maxBytes);
            if (batch == null || full) {
                batch = batches.addObject();
                if (batchInput != null) {
                    batch.set("BatchInput", batchInput);
                }
                batch.putArray("Items");
                bytes = Json.write(batch).getBytes(StandardCharsets.UTF_8).length;
            }
            ((ArrayNode) batch.get("Items")).add(item);
            bytes += size;
        }
        return batches;
    }

    /** Starts children up to MaxConcurrency. */
    private void launchChildren(Turn turn, Frame frame, MapState state, Activity.Iterations iterations) {
        Cell.MapItems stash = turn.cell(CellKey.items(iterations.group()), Cell.MapItems.class);
        String machine = runMachineArn(turn, state);
        String definition = StateMachineRegistry.key(state.distributed().childDefinition());
        Activity.Iterations current = iterations;
        while (current.next() < current.total()
                && (current.maxConcurrency() == 0 || current.running() < current.maxConcurrency())) {
            int index = current.next();
            String attempt = current.group() + "." + index;
            JsonNode input = stash.items().get(index);
            NestedExecutions.MapRunChild child = new NestedExecutions.MapRunChild(current.mapRun(), machine,
                    definition, childName(turn, attempt), Json.write(input), itemCount(state, input));
            turn.put(new Cell.Invocation(attempt, frame.id, MapRunChildIntegration.RESOURCE, null, state.name(),
                    MapRunChildIntegration.parameters(child)));
            current = current.with(index + 1, current.running() + 1, current.succeeded(), current.failed());
        }
        frame.activity = current;
        turn.save(frame);
    }

    /** A child started (its invocation answered) or ended; stale news for a child the run no longer waits for goes. */
    @Override
    void receive(Turn turn, Frame frame, MapState state, InboxItem.ForTask item) {
        if (!(frame.activity instanceof Activity.Iterations iterations) || iterations.mapRun() == null
                || !item.attempt().startsWith(iterations.group() + ".")) {
            return;
        }
        if (item instanceof InboxItem.TaskResult result
                && turn.cell(CellKey.invocation(item.attempt()), Cell.Invocation.class) != null) {
            turn.delete(CellKey.invocation(item.attempt()));
            if (result.outcome() instanceof TaskOutcome.Succeeded started) {
                turn.put(new Cell.JobWait(item.attempt(), frame.id, MapRunChildIntegration.RESOURCE,
                        started.output()));
            } else {
                childEnded(turn, frame, state, iterations, item.attempt(), result.outcome());
            }
        } else if (item instanceof InboxItem.JobEnded ended
                && turn.cell(CellKey.job(item.attempt()), Cell.JobWait.class) != null) {
            turn.delete(CellKey.job(item.attempt()));
            childEnded(turn, frame, state, iterations, item.attempt(), ended.outcome());
        }
    }

    private void childEnded(Turn turn, Frame frame, MapState state, Activity.Iterations iterations, String attempt,
                            TaskOutcome outcome) {
        Cell.MapItems stash = turn.cell(CellKey.items(iterations.group()), Cell.MapItems.class);
        int index = Integer.parseInt(attempt.substring(attempt.lastIndexOf('.') + 1));
        int items = itemCount(state, stash.items().get(index));
        boolean succeeded = outcome instanceof TaskOutcome.Succeeded;
        Activity.Iterations updated = iterations.with(iterations.next(), iterations.running() - 1,
                iterations.succeeded() + (succeeded ? items : 0), iterations.failed() + (succeeded ? 0 : items));
        frame.activity = updated;
        turn.save(frame);
        if (!succeeded && exceeded(updated)) {
            // Without a tolerance the threshold is 0: any failed child fails the run, with this error.
            endRun(turn, updated, "FAILED");
            turn.event(frame, HistoryEventType.MapRunFailed, Json.object().put("error", EXCEEDED)
                    .put("cause", EXCEEDED_CAUSE));
            frame.activity = null;
            fail(turn, frame, state, new StatesFailure(EXCEEDED, EXCEEDED_CAUSE), HistoryEventType.MapStateFailed);
        } else if (updated.done()) {
            completeRun(turn, frame, state, updated);
        } else {
            launchChildren(turn, frame, state, updated);
        }
    }

    /** The results of the children that succeeded, in item order (a tolerated failure leaves no entry). */
    private void completeRun(Turn turn, Frame frame, MapState state, Activity.Iterations iterations) {
        ArrayNode results = Json.NODES.arrayNode();
        String[] parent = Names.executionArn(turn.entry.arn());
        for (int i = 0; i < iterations.total(); i++) {
            ExecutionDescription child = turn.host.execution("arn:aws:states:" + parent[0] + ":" + parent[1]
                    + ":execution:" + runMachineName(turn, state) + ":" + childName(turn, iterations.group() + "."
                    + i));
            if (child != null && child.status() == ExecutionStatus.SUCCEEDED) {
                results.add(Json.read(child.output()));
            }
        }
        endRun(turn, iterations, "SUCCEEDED");
        turn.event(frame, HistoryEventType.MapRunSucceeded, null);
        frame.activity = null;
        turn.event(frame, HistoryEventType.MapStateSucceeded, null);
        finishWithResult(turn, frame, state, results, state.resultSelector(), state.resultPath());
    }

    /** Ends the map run: children still running are stopped (the engine stops them when their wait goes). */
    private static void endRun(Turn turn, Activity.Iterations iterations, String status) {
        for (int i = 0; i < iterations.next(); i++) {
            turn.delete(CellKey.invocation(iterations.group() + "." + i));
            turn.delete(CellKey.job(iterations.group() + "." + i));
        }
        turn.delete(CellKey.items(iterations.group()));
        turn.mapRun(turn.mapRun(iterations.mapRun()).closed(status, Instant.ofEpochMilli(turn.now)));
    }

    private static int itemCount(MapState state, JsonNode input) {
        return state.distributed().batcher() == null ? 1 : input.get("Items").size();
    }

    /** {@code <machine>/<label>}: the Label, or a name-based UUID of the machine and state as AWS generates one. */
    private static String runMachineName(Turn turn, MapState state) {
        String label = state.distributed().label();
        return turn.entry.stateMachine().name() + "/" + (label != null ? label
                : uuid(turn.entry.stateMachine().arn() + "/" + state.name()));
    }

    private static String runMachineArn(Turn turn, MapState state) {
        String[] parent = Names.executionArn(turn.entry.arn());
        return "arn:aws:states:" + parent[0] + ":" + parent[1] + ":stateMachine:" + runMachineName(turn, state);
    }

    /** A child's name depends only on its attempt, so starting it again finds the same child. */
    private static String childName(Turn turn, String attempt) {
        return uuid(turn.entry.arn() + "/" + attempt);
    }

    private static String uuid(String seed) {
        return UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8)).toString();
    }

    private double number(Turn turn, Frame frame, MapState state, DynamicValue value, String field,
                          JsonNode effective, double fallback) {
        if (value == null) {
            return fallback;
        }
        JsonNode resolved = resolve(turn, frame, state, value, field, () -> effective, null, "Map state");
        if (field.equals("MaxConcurrency") && value.path() != null) {
            return maxConcurrency(value.path().text(), resolved);
        }
        if (resolved == null || !resolved.isNumber() || resolved.asDouble() < 0) {
            StatesError error = state.language() == QueryLanguage.JSONATA ? StatesError.QUERY_EVALUATION_ERROR
                    : StatesError.RUNTIME;
            throw error.failure("The " + field + " of Map state '" + state.name() + "' must be a non-negative"
                    + " number; got " + resolved);
        }
        return resolved.asDouble();
    }

    /**
     * MaxConcurrencyPath's value, worded as AWS words its refusals: a whole number, or text that is one; {@code The
     * MaxConcurrencyPath field refers to value "x" which is not a valid integer: $.path}, or {@code Expected
     * non-negative integer for MaxConcurrency, got '-1' instead.}
     */
    private static double maxConcurrency(String path, JsonNode value) {
        Long number = value.isIntegralNumber() && value.canConvertToLong() ? Long.valueOf(value.asLong()) : null;
        if (number == null && value.isTextual()) {
            try {
                number = Long.parseLong(value.asText().strip());
            } catch (NumberFormatException e) {
                // worded below
            }
        }
        if (number == null) {
            throw StatesError.RUNTIME.failure("The MaxConcurrencyPath field refers to value \"" + (value.isTextual()
                    ? value.asText() : Json.write(value)) + "\" which is not a valid integer: " + path);
        }
        if (number < 0) {
            throw StatesError.RUNTIME.failure("Expected non-negative integer for MaxConcurrency, got '" + number
                    + "' instead.");
        }
        return number;
    }
}
