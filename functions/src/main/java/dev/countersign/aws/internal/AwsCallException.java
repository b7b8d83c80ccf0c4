package dev.countersign.aws.internal;

/**
 * An AWS JSON-protocol call that did not succeed: the service's error name (e.g.
 * {@code ConditionalCheckFailedException}) and message, the HTTP status (0 when no answer arrived), and whether
 * trying again may help (connection failures, 5xx, throttling).
 */
public final class AwsCallException extends RuntimeException {
    private final String operation;
    private final int status;
    private final String errorName;
    private final boolean transientFailure;
    private final String detail;

    public AwsCallException(String operation, int status, String errorName, String message, boolean transientFailure,
                            Throwable cause) {
        super(operation + " failed: " + errorName + (message == null || message.isEmpty() ? "" : ": " + message)
                + (status > 0 ? " (HTTP " + status + ")" : ""), cause);
        this.operation = operation;
        this.status = status;
        this.errorName = errorName;
        this.transientFailure = transientFailure;
        this.detail = message == null || message.isEmpty() ? errorName : message;
    }

    /** The service's own message (or, without one, the error name): what to log and audit. */
    public String detail() {
        return detail;
    }

    public String operation() {
        return operation;
    }

    public int status() {
        return status;
    }

    /** The service's error name without its namespace, e.g. {@code ResourceNotFoundException}. */
    public String errorName() {
        return errorName;
    }

    public boolean transientFailure() {
        return transientFailure;
    }

    /** DynamoDB refused a write because its condition did not hold. */
    public boolean conditionFailed() {
        return errorName.equals("ConditionalCheckFailedException");
    }
}
