package dev.countersign.views;

/** Whether the paused workflow has taken the recorded decision yet. */
public enum WorkflowResumption {
    /** The callback was accepted: the workflow continues. */
    RESUMED,
    /** The decision is recorded but the callback has not gone through yet; it is being retried. */
    PENDING
}
