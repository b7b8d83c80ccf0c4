package dev.countersign.local.runtime;

/**
 * The local runtime cannot start: the message is one line saying what is wrong and what to do, printed as is by
 * {@code countersign up}. Nothing stays open when it is thrown.
 */
public final class LaunchProblem extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int exitCode;

    LaunchProblem(String message, int exitCode) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    /** Something in the environment: a port in use, Node or dynalite missing, the data directory locked. */
    static LaunchProblem environment(String message) {
        return new LaunchProblem(message, 1);
    }

    /** A mistake on the command line. */
    static LaunchProblem usage(String message) {
        return new LaunchProblem(message + " (run ./countersign up --help for the options)", 2);
    }

    /** 1 for the environment, 2 for a command-line mistake, 0 for {@code --help}. */
    public int exitCode() {
        return exitCode;
    }
}
