package dev.countersign.example;

/**
 * An example step refused to act: the decision does not allow it (not APPROVED, or about another proposal). Its
 * class name is the error the workflow sees.
 */
public final class ActionRefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ActionRefusedException(String message) {
        super(message);
    }
}
