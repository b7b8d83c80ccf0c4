package dev.countersign.local.runtime.cli;

/**
 * Why a command stops before it has an answer: printed as is (to standard output for {@code --help}, to
 * standard error otherwise) with the command's exit status — 0 for help, 2 for a mistake on the command line or
 * something it could not reach or read.
 */
public final class CommandProblem extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int exitCode;

    public CommandProblem(String message, int exitCode) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    /** A mistake on the command line; the message says where the options are listed. */
    public static CommandProblem usage(String command, String message) {
        return new CommandProblem(message + " (run ./countersign " + command + " --help for the options)", 2);
    }

    /** Something the command could not reach or read. */
    public static CommandProblem cannotRead(String message) {
        return new CommandProblem(message, 2);
    }

    /** {@code --help}: the usage text, exit 0. */
    public static CommandProblem help(String usage) {
        return new CommandProblem(usage, 0);
    }

    public int exitCode() {
        return exitCode;
    }

    /**
     * Prints the problem as the command's answer — help to {@code out} as is, a mistake to {@code err} after
     * {@code countersign <command>:} — and gives the exit status.
     */
    public int report(String command, java.io.PrintStream out, java.io.PrintStream err) {
        if (exitCode == 0) {
            out.println(getMessage());
        } else {
            err.println("countersign " + command + ": " + getMessage());
        }
        return exitCode;
    }
}
