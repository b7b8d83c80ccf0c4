package Countersign;

import dev.countersign.approval.ApprovalStoreException;

/**
 * The approval store could not be reached, answered with a server error or throttled, and kept doing so through the
 * function's own retries: a passing outage, not a refusal. Every gate step retries it with a backoff that rides out
 * minutes ({@code dev.countersign.workflow.GateProtocol#TRANSIENT_ERRORS}); the review pages answer 503 "temporarily
 * unavailable" and claim no outcome. The message says what could not be done and where.
 */
// The class's fully qualified name is the public error name (see package-info): never rename or move it.
public final class StoreUnavailable extends ApprovalStoreException {
    private static final long serialVersionUID = 1L;

    /** @param cause the transport's last failure (kept for the log; the message already names it) */
    public StoreUnavailable(String message, Throwable cause) {
        super(message, cause, false);
    }

    @Override
    public boolean transientFailure() {
        return true;
    }
}
