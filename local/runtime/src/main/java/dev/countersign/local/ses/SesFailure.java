package dev.countersign.local.ses;

/** A failure the local SES endpoint can be told to answer with, as SES v2 reports it. */
public enum SesFailure {
    /** HTTP 429: SES throttled the sender; callers are expected to retry with backoff. */
    THROTTLED(429, "TooManyRequestsException", "Maximum sending rate exceeded."),
    /** HTTP 500: a transient SES fault. */
    INTERNAL(500, "InternalServiceErrorException", "The request couldn't be processed because of an SES error."),
    /** HTTP 400: SES refused the message; retrying the same message does not help. */
    REJECTED(400, "MessageRejected", "Email address is not verified.");

    private final int status;
    private final String errorType;
    private final String message;

    SesFailure(int status, String errorType, String message) {
        this.status = status;
        this.errorType = errorType;
        this.message = message;
    }

    public int status() {
        return status;
    }

    public String errorType() {
        return errorType;
    }

    public String message() {
        return message;
    }
}
