package dev.countersign.local.engine.internal.asl;

import java.util.ArrayList;
import java.util.List;

/**
 * Task.
 *
 * @param parameters       JSONPath Parameters or JSONata Arguments; null when absent
 * @param timeoutSeconds   null when absent (no timeout)
 * @param heartbeatSeconds null when absent
 */
public record TaskState(StateCommon common, TaskResource resource, ValueTemplate parameters,
                        ValueTemplate resultSelector, ResultPath resultPath, List<Retrier> retry, List<Catcher> catchers,
                        DynamicValue timeoutSeconds, DynamicValue heartbeatSeconds) implements State.Recoverable {
    public TaskState {
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
