package dev.countersign.local.engine.internal.asl;

import dev.countersign.local.engine.expr.JsonPaths;
import java.util.ArrayList;
import java.util.List;

/**
 * Map: runs {@code processor} once per item, inline (as frames of this execution) or distributed (as child
 * executions, when {@code distributed} is set).
 *
 * @param itemsPath                 JSONPath: where the items are (default {@code $})
 * @param items                     JSONata: the Items field (an array or an expression); null when absent
 * @param itemSelector              ItemSelector (or the deprecated Parameters); null when absent
 * @param maxConcurrency            null when absent (no limit)
 * @param toleratedFailurePercentage null when absent
 * @param toleratedFailureCount     null when absent
 * @param distributed               null for an inline Map
 */
public record MapState(StateCommon common, Program processor, JsonPaths.Path itemsPath, ValueTemplate items,
                       ValueTemplate itemSelector, DynamicValue maxConcurrency,
                       DynamicValue toleratedFailurePercentage, DynamicValue toleratedFailureCount,
                       ValueTemplate resultSelector, ResultPath resultPath,
                       List<Retrier> retry, List<Catcher> catchers, DistributedRun distributed)
        implements State.Recoverable {
    public MapState {
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
