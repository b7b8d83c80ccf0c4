package dev.countersign.local.engine;

/**
 * A state failed with an error name (a {@link StatesError} or a custom name such as
 * {@code Countersign.InvalidProposal}) and a human-readable cause. Retry and Catch match on {@link #error()}.
 */
public class StatesFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String error;
    private final String causeText;

    public StatesFailure(String error, String cause) {
        super(error + ": " + cause, null, false, false);
        this.error = error;
        this.causeText = cause;
    }

    public String error() {
        return error;
    }

    /** The {@code Cause} field, as Step Functions reports it. */
    public String causeText() {
        return causeText;
    }
}
