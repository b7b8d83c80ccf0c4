package dev.countersign.local.engine;

/** No execution has this ARN. */
public class ExecutionDoesNotExistException extends EngineException {
    private static final long serialVersionUID = 1L;

    public ExecutionDoesNotExistException(String message) {
        super(message);
    }

    @Override
    public String errorType() {
        return "ExecutionDoesNotExist";
    }
}
