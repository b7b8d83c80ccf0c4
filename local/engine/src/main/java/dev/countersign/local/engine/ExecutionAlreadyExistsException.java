package dev.countersign.local.engine;

/** The execution name is taken: by a closed execution, or by a running one with a different input. */
public class ExecutionAlreadyExistsException extends EngineException {
    private static final long serialVersionUID = 1L;

    public ExecutionAlreadyExistsException(String message) {
        super(message);
    }

    @Override
    public String errorType() {
        return "ExecutionAlreadyExists";
    }
}
