package dev.countersign.local.engine.standalone;

/**
 * The standalone engine cannot start: the message is one line that says what is wrong and what to do, printed as is.
 */
public final class LaunchException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int exitCode;

    LaunchException(String message, int exitCode) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    /** A mistake on the command line (exit code 2). */
    static LaunchException usage(String message) {
        return new LaunchException(message + " (run with --help for the options)", 2);
    }

    /** Something in the environment (exit code 1): port in use, directory locked, a definition refused. */
    static LaunchException environment(String message) {
        return new LaunchException(message, 1);
    }

    public int exitCode() {
        return exitCode;
    }
}
