package dev.countersign.workflow;

/** What became of a callback to a waiting task. */
public sealed interface CallbackResult {

    /** The workflow accepted it. */
    record Delivered(int attempts) implements CallbackResult {
    }

    /** The task is no longer waiting: it timed out (or already completed). {@code error} is e.g. TaskTimedOut. */
    record TaskClosed(String error, String message) implements CallbackResult {
    }

    /** No such task: the execution was stopped or deleted, or the token is not one Step Functions issued. */
    record TaskUnknown(String error, String message) implements CallbackResult {
    }

    /**
     * The workflow service could not be reached or refused in a way retrying did not fix, after {@code attempts}
     * attempts. The task may still be waiting: try again later.
     */
    record Unavailable(String error, String message, int attempts) implements CallbackResult {
    }
}
