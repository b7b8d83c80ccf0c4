package dev.countersign.example;

/** An example step refused to act: the decision does not allow it. Its class name is the error the workflow sees. */
public final class RefundRefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RefundRefusedException(String message) {
        super(message);
    }
}
