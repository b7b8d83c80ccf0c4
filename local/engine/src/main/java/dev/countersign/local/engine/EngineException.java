package dev.countersign.local.engine;

/**
 * An API call was refused. {@link #errorType()} is the AWS error name the HTTP API reports as {@code __type} (all of
 * them are HTTP 400 on AWS, except {@link EngineStorageException}); the message says what was wrong and what to do.
 */
public abstract class EngineException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    protected EngineException(String message) {
        super(message);
    }

    protected EngineException(String message, Throwable cause) {
        super(message, cause);
    }

    /** e.g. {@code ExecutionAlreadyExists}. */
    public abstract String errorType();
}
