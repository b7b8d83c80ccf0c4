package dev.countersign.local.engine.internal.store;

import java.util.function.Consumer;

/**
 * A part of the engine that keeps an index of what the journal holds (armed timers, open task tokens, nested
 * executions), told of each change as records are applied — live and on replay alike, under the store's append lock.
 * What a change makes due outside the record goes to {@code later}: it runs once the record is durable (and is
 * dropped during replay, where the observer re-derives it when the store is open).
 */
public interface ExecutionObserver {

    /** A new execution was applied. */
    default void started(ExecutionEntry execution, Consumer<Runnable> later) {
    }

    default void cellPut(ExecutionEntry execution, CellKey key, byte[] value, Consumer<Runnable> later) {
    }

    /** A cell is gone (its last value given); when an execution closes, its cells go before its status changes. */
    default void cellRemoved(ExecutionEntry execution, CellKey key, byte[] value, Consumer<Runnable> later) {
    }

    /** An execution closed. */
    default void closed(ExecutionEntry execution, Consumer<Runnable> later) {
    }
}
