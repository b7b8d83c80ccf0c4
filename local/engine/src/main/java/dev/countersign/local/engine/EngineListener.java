package dev.countersign.local.engine;

/**
 * Told about every history event once it is durable, in order per execution, on an engine thread. Keep it quick and
 * never call back into the engine from it synchronously (hand off to another thread instead). For tests and the
 * benchmark, e.g. "the next state was entered" is an event whose type ends in {@code StateEntered}.
 */
@FunctionalInterface
public interface EngineListener {
    EngineListener NONE = (executionArn, event) -> { };

    void onHistoryEvent(String executionArn, HistoryEvent event);
}
