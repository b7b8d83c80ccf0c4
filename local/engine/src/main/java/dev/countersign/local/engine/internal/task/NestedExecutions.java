package dev.countersign.local.engine.internal.task;

import dev.countersign.local.engine.ExecutionStart;

/** What the {@code states:startExecution} integration needs from the engine it runs in. */
public interface NestedExecutions {

    /**
     * Which task attempt started a nested execution.
     *
     * @param waits true for {@code .sync} and {@code .sync:2}: the attempt waits for the child, and the child is
     *              stopped when the attempt ends before it does
     */
    record StartedBy(String executionArn, String attempt, boolean waits) {
    }

    /**
     * Starts an execution as StartExecution does (idempotent for the same name and input while it runs). An
     * execution this very attempt already started is returned as it is, whatever its status, so an invocation the
     * engine runs again after a crash never starts a second child.
     *
     * @throws dev.countersign.local.engine.EngineException as StartExecution refuses
     */
    ExecutionStart start(String stateMachineArn, String name, String input, StartedBy startedBy);
}
