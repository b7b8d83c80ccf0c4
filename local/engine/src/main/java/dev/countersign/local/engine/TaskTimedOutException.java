package dev.countersign.local.engine;

/** The task behind the token has already closed (completed, failed, timed out, or its execution ended). */
public class TaskTimedOutException extends EngineException {
    private static final long serialVersionUID = 1L;

    public TaskTimedOutException(String message) {
        super(message);
    }

    @Override
    public String errorType() {
        return "TaskTimedOut";
    }
}
