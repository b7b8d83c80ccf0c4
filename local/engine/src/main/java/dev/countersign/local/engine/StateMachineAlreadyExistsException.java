package dev.countersign.local.engine;

/** A state machine with this name exists with a different definition or role. */
public class StateMachineAlreadyExistsException extends EngineException {
    private static final long serialVersionUID = 1L;

    public StateMachineAlreadyExistsException(String message) {
        super(message);
    }

    @Override
    public String errorType() {
        return "StateMachineAlreadyExists";
    }
}
