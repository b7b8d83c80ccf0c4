package dev.countersign.local.engine;

/** No task was ever issued this token (or its execution no longer exists). */
public class TaskDoesNotExistException extends EngineException {
    private static final long serialVersionUID = 1L;

    public TaskDoesNotExistException(String message) {
        super(message);
    }

    @Override
    public String errorType() {
        return "TaskDoesNotExist";
    }
}
