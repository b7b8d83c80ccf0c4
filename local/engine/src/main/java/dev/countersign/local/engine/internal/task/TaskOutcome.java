package dev.countersign.local.engine.internal.task;

import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.local.engine.StatesFailure;

/** How a task attempt's work ended: its result, or an error name and cause (from the invocation, a callback or a job). */
public sealed interface TaskOutcome {

    /** The task's result (what ResultSelector and ResultPath see). */
    record Succeeded(JsonNode output) implements TaskOutcome {
    }

    /**
     * The task failed.
     *
     * @param error null only in an item written by an older engine, where it reads as States.TaskFailed
     * @param cause null when there is none
     */
    record Failed(String error, String cause) implements TaskOutcome {
        public StatesFailure failure() {
            return new StatesFailure(error, cause);
        }
    }
}
