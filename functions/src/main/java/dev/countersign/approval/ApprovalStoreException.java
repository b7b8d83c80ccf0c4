package dev.countersign.approval;

/**
 * The store could not be reached or answered with an error; nothing is known to be half-written. A passing outage is
 * the subclass {@link Countersign.StoreUnavailable}, which the gate's states retry.
 */
public class ApprovalStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ApprovalStoreException(String message, Throwable cause) {
        super(message, cause);
    }

    /** For {@link Countersign.StoreUnavailable}: an error name whose message is the whole story, without frames. */
    protected ApprovalStoreException(String message, Throwable cause, boolean writableStackTrace) {
        super(message, cause, false, writableStackTrace);
    }

    /** True for a passing outage (unreachable, 5xx, throttled): the same call may succeed later. */
    public boolean transientFailure() {
        return false;
    }
}
