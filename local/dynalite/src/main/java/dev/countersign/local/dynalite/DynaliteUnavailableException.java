package dev.countersign.local.dynalite;

/** dynalite cannot run here; the message says what to install or change. */
public final class DynaliteUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DynaliteUnavailableException(String message) {
        super(message);
    }
}
