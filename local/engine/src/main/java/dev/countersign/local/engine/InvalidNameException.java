package dev.countersign.local.engine;

/** A state machine or execution name breaks AWS's naming rules. */
public class InvalidNameException extends EngineException {
    private static final long serialVersionUID = 1L;

    public InvalidNameException(String message) {
        super(message);
    }

    @Override
    public String errorType() {
        return "InvalidName";
    }
}
