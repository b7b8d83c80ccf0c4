package dev.countersign.local.engine.internal.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.countersign.local.engine.HistoryEventType;
import dev.countersign.local.engine.StatesFailure;
import dev.countersign.local.engine.internal.Json;
import dev.countersign.local.engine.internal.asl.ParallelState;
import dev.countersign.local.engine.internal.asl.Program;
import dev.countersign.local.engine.internal.asl.QueryLanguage;

/**
 * Parallel: one child frame per branch, all with the same input; the result is the array of branch outputs in branch
 * order. The first branch to fail aborts the others and fails the state with that branch's error.
 */
final class ParallelRunner extends StateRunner<ParallelState> {
    ParallelRunner(Interpreter interpreter) {
        super(interpreter, HistoryEventType.ParallelStateEntered, HistoryEventType.ParallelStateExited);
    }

    @Override
    void start(Turn turn, Frame frame, ParallelState state) {
        JsonNode input;
        if (state.language() == QueryLanguage.JSONPATH) {
            JsonNode effective = effectiveInput(turn, frame, state);
            input = state.parameters() == null ? effective
                    : state.parameters().evaluate(jsonPathScope(turn, frame, effective, null));
        } else {
            input = state.parameters() == null ? frame.input
                    : state.parameters().evaluate(jsonataScope(turn, frame, null, null, null));
        }
        String group = turn.newId("g");
        long started = turn.event(frame, HistoryEventType.ParallelStateStarted, null);
        frame.activity = new Activity.Branches(group, state.branches().size(), state.branches().size());
        turn.save(frame);
        for (int i = 0; i < state.branches().size(); i++) {
            Program branch = state.branches().get(i);
            Frame child = new Frame(group + "." + i, frame.id, i, branch.id());
            child.previousEventId = started;
            turn.save(child);
            turn.later(() -> interpreter.enter(turn, child, branch.startAt(), input));
        }
    }

    @Override
    void onChildFinished(Turn turn, Frame frame, ParallelState state, Frame child) {
        if (!(frame.activity instanceof Activity.Branches branches)) {
            return;
        }
        if (child.status == Frame.Status.FAILED) {
            abortBranches(turn, branches);
            frame.activity = null;
            fail(turn, frame, state, new StatesFailure(child.error, child.cause), HistoryEventType.ParallelStateFailed);
            return;
        }
        int open = branches.open() - 1;
        if (open > 0) {
            frame.activity = new Activity.Branches(branches.group(), branches.count(), open);
            turn.save(frame);
            return;
        }
        ArrayNode results = Json.NODES.arrayNode();
        for (int i = 0; i < branches.count(); i++) {
            String id = branches.group() + "." + i;
            results.add(turn.frame(id).output);
            turn.drop(id);
        }
        frame.activity = null;
        turn.event(frame, HistoryEventType.ParallelStateSucceeded, null);
        finishWithResult(turn, frame, state, results, state.resultSelector(), state.resultPath());
    }

    @Override
    void abort(Turn turn, Frame frame, ParallelState state) {
        if (frame.activity instanceof Activity.Branches branches) {
            abortBranches(turn, branches);
            turn.event(frame, HistoryEventType.ParallelStateAborted, null);
        } else {
            super.abort(turn, frame, state);
        }
    }

    private void abortBranches(Turn turn, Activity.Branches branches) {
        for (int i = 0; i < branches.count(); i++) {
            Frame branch = turn.frame(branches.group() + "." + i);
            if (branch != null) {
                interpreter.abortFrame(turn, branch);
            }
        }
    }
}
