package dev.countersign.local.engine;

/** A request parameter is missing or out of range, or asks for a feature the local engine does not support. */
public class ValidationException extends EngineException {
    private static final long serialVersionUID = 1L;

    public ValidationException(String message) {
        super(message);
    }

    @Override
    public String errorType() {
        return "ValidationException";
    }
}
