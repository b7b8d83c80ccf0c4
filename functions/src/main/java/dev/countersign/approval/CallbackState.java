package dev.countersign.approval;

/**
 * Where handing a level's recorded decision to its workflow stands, as the audit trail says (CALLBACK_DELIVERED and
 * CALLBACK_FAILED events of that level).
 */
public enum CallbackState {
    /** Not settled: never sent, or every attempt so far failed in a way a later one may not (the sweep re-sends it). */
    AWAITED,
    /** The workflow accepted it (CALLBACK_DELIVERED). */
    DELIVERED,
    /**
     * The task no longer waits (Step Functions answered TaskTimedOut): it timed out, and its Escalate step returns
     * the recorded decision, or an earlier send was accepted before it could be recorded.
     */
    TASK_CLOSED,
    /** No such task any more (TaskDoesNotExist, InvalidToken): the execution was stopped or deleted. */
    TASK_GONE;

    /** Settled: nothing is sent again. */
    public boolean settled() {
        return this != AWAITED;
    }
}
