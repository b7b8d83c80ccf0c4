package dev.countersign.local.engine.internal.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.local.engine.ExecutionDescription;
import dev.countersign.local.engine.internal.store.ExecutionEntry;

/** What the interpreter needs from the engine around it. */
public interface RunHost {

    /** A random number in [0, 1) for FULL jitter. */
    double jitter();

    /** The region reported in TaskScheduled events. */
    String region();

    /** A new task token for an attempt of this execution (≥ 128 random bits). */
    String newToken(long executionNumber);

    /**
     * Takes an open token out of the index, so that exactly one of a callback, a timeout, a failed invocation or an
     * abort closes the task. False when someone else already did.
     */
    boolean claimToken(String token);

    /** The execution's input (for {@code $$.Execution.Input}). */
    JsonNode executionInput(ExecutionEntry entry);

    /** Another execution of this engine (a map run's child), or null when there is none. */
    ExecutionDescription execution(String executionArn);
}
