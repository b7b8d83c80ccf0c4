package dev.countersign.local.engine.internal.task;

import dev.countersign.local.engine.ExecutionStart;

/** What the {@code states:startExecution} integration and Distributed Maps need from the engine they run in. */
public interface NestedExecutions {

    /**
     * Which task attempt started a nested execution.
     *
     * @param waits true for {@code .sync} and {@code .sync:2} (and a map run's children): the attempt waits for the
     *              child, and the child is stopped when the attempt ends before it does
     */
    record StartedBy(String executionArn, String attempt, boolean waits) {
    }

    /**
     * A child execution of a map run.
     *
     * @param stateMachineArn the map run's state machine, {@code <machine>/<label>}
     * @param definitionKey   the stored definition of the Distributed Map's ItemProcessor
     * @param input           JSON text
     * @param items           how many items it processes (more than one in a batch)
     */
    record MapRunChild(String mapRunArn, String stateMachineArn, String definitionKey, String name, String input,
                       int items) {
    }

    /**
     * Starts an execution as StartExecution does (idempotent for the same name and input while it runs). An
     * execution this very attempt already started is returned as it is, whatever its status, so an invocation the
     * engine runs again after a crash never starts a second child.
     *
     * @throws dev.countersign.local.engine.EngineException as StartExecution refuses
     */
    ExecutionStart start(String stateMachineArn, String name, String input, StartedBy startedBy);

    /** Starts a child execution of a map run; the same attempt again gets the child it started. */
    ExecutionStart startMapRunChild(MapRunChild child, StartedBy startedBy);
}
