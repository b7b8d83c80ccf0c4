package dev.countersign.local.engine;

/**
 * The data directory cannot be used: another engine holds it, it cannot be written, or the journal is damaged in a
 * way recovery must not guess about. Reported as an internal error ({@code InternalFailure}, HTTP 500).
 */
public class EngineStorageException extends EngineException {
    private static final long serialVersionUID = 1L;

    public EngineStorageException(String message) {
        super(message);
    }

    public EngineStorageException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public String errorType() {
        return "InternalFailure";
    }
}
