package dev.countersign.views;

/** Whether the paused workflow has taken the recorded decision yet. */
public enum WorkflowResumption {
    /** The callback was accepted: the workflow continues. */
    RESUMED,
    /** The decision is recorded but the callback has not gone through yet; it is being retried. */
    PENDING,
    /**
     * The decision is recorded but the workflow no longer waits for it: its execution was stopped or deleted (Step
     * Functions answered TaskDoesNotExist). Nothing will carry the decision out.
     */
    ENDED
}
