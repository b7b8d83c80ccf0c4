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

    /**
     * An {@code events:putEvents} task sent this entry (told once per entry, on the task's thread, before the task's
     * result is journalled). The embedding program may put it on a local bus; the engine also keeps it in {@link
     * Engine#recordedEvents()}.
     */
    default void onEventPublished(RecordedEvent event) {
    }

    /** Every listener of {@code listeners}, in order: one failing does not keep the others from hearing. */
    static EngineListener all(EngineListener... listeners) {
        java.util.List<EngineListener> all = java.util.List.of(listeners);
        return new EngineListener() {
            @Override
            public void onHistoryEvent(String executionArn, HistoryEvent event) {
                for (EngineListener listener : all) {
                    try {
                        listener.onHistoryEvent(executionArn, event);
                    } catch (RuntimeException e) {
                        java.util.logging.Logger.getLogger(EngineListener.class.getName())
                                .log(java.util.logging.Level.WARNING, "engine listener failed", e);
                    }
                }
            }

            @Override
            public void onEventPublished(RecordedEvent event) {
                for (EngineListener listener : all) {
                    try {
                        listener.onEventPublished(event);
                    } catch (RuntimeException e) {
                        java.util.logging.Logger.getLogger(EngineListener.class.getName())
                                .log(java.util.logging.Level.WARNING, "engine listener failed", e);
                    }
                }
            }
        };
    }
}
