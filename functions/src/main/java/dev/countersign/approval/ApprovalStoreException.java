package dev.countersign.approval;

/** The store could not be reached or answered with an error; nothing is known to be half-written. */
public final class ApprovalStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ApprovalStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
