package dev.countersign.local.engine.internal.asl;

import java.util.ArrayList;
import java.util.List;

/** Parallel: runs every branch with the same input; its result is the array of branch outputs. */
public record ParallelState(StateCommon common, List<Program> branches, ValueTemplate parameters,
                            ValueTemplate resultSelector, ResultPath resultPath, List<Retrier> retry,
                            List<Catcher> catchers) implements State.Recoverable {
    public ParallelState {
        branches = List.copyOf(branches);
        retry = List.copyOf(retry);
        catchers = List.copyOf(catchers);
    }

    @Override
    public List<String> successors() {
        List<String> targets = new ArrayList<>(State.Recoverable.super.successors());
        catchers.forEach(catcher -> targets.add(catcher.next()));
        return targets;
    }
}
