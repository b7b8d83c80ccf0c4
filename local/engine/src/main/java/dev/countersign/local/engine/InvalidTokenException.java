package dev.countersign.local.engine;

/** The token (or a pagination token) is malformed. */
public class InvalidTokenException extends EngineException {
    private static final long serialVersionUID = 1L;

    public InvalidTokenException(String message) {
        super(message);
    }

    @Override
    public String errorType() {
        return "InvalidToken";
    }
}
