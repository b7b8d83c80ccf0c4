package dev.countersign.local.engine;

/** The task output is not JSON or is larger than 256 KiB. */
public class InvalidOutputException extends EngineException {
    private static final long serialVersionUID = 1L;

    public InvalidOutputException(String message) {
        super(message);
    }

    @Override
    public String errorType() {
        return "InvalidOutput";
    }
}
