package dev.countersign.local.engine;

/** No state machine has this ARN. */
public class StateMachineDoesNotExistException extends EngineException {
    private static final long serialVersionUID = 1L;

    public StateMachineDoesNotExistException(String message) {
        super(message);
    }

    @Override
    public String errorType() {
        return "StateMachineDoesNotExist";
    }
}
