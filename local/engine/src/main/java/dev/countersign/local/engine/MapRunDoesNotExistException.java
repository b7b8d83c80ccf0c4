package dev.countersign.local.engine;

/** No map run has this ARN (AWS's {@code ResourceNotFound}). */
public class MapRunDoesNotExistException extends EngineException {
    private static final long serialVersionUID = 1L;

    public MapRunDoesNotExistException(String message) {
        super(message);
    }

    @Override
    public String errorType() {
        return "ResourceNotFound";
    }
}
