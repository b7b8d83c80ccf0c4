package dev.countersign.local.engine;

/** The execution input is not JSON or is larger than 256 KiB. */
public class InvalidExecutionInputException extends EngineException {
    private static final long serialVersionUID = 1L;

    public InvalidExecutionInputException(String message) {
        super(message);
    }

    @Override
    public String errorType() {
        return "InvalidExecutionInput";
    }
}
