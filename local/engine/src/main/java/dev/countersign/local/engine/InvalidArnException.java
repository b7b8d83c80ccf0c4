package dev.countersign.local.engine;

/** The ARN is not an ARN of the expected kind. */
public class InvalidArnException extends EngineException {
    private static final long serialVersionUID = 1L;

    public InvalidArnException(String message) {
        super(message);
    }

    @Override
    public String errorType() {
        return "InvalidArn";
    }
}
