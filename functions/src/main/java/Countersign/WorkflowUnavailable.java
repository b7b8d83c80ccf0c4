package Countersign;

/**
 * Step Functions could not be reached (or answered with a server error, or throttled) when a gate step had to tell a
 * waiting task something, and kept doing so through the function's own retries. The gate's states retry it like
 * {@link StoreUnavailable}: the retried step asks again, with a new task token.
 */
// The class's fully qualified name is the public error name (see package-info): never rename or move it.
public final class WorkflowUnavailable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public WorkflowUnavailable(String message) {
        super(message, null, false, false);
    }
}
