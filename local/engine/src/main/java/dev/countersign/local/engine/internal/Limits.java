package dev.countersign.local.engine.internal;

import dev.countersign.local.engine.ValidationException;

/** Step Functions' size limits, each stated once. */
public final class Limits {
    /**
     * The payload limit, the one number for every payload the engine checks: an execution input, a state's input and
     * output, a task's parameters and result, assigned variables, a callback's output. 256 KiB of UTF-8.
     */
    public static final int PAYLOAD_BYTES = 256 * 1024;
    /** How messages state the payload limit. */
    public static final String PAYLOAD_STATED = "256 KiB (" + PAYLOAD_BYTES + " bytes)";
    /** An error name (StopExecution, SendTaskFailure). */
    public static final int ERROR_CHARS = 256;
    /** A cause (StopExecution, SendTaskFailure, a Lambda function's error document). */
    public static final int CAUSE_CHARS = 32_768;

    private Limits() {
    }

    public static boolean payloadExceededBy(String text) {
        return Json.utf8Length(text) > PAYLOAD_BYTES;
    }

    /** ValidationException for an error or cause longer than Step Functions takes. */
    public static void checkErrorAndCause(String error, String cause) {
        if (error != null && error.length() > ERROR_CHARS) {
            throw new ValidationException("error must be at most " + ERROR_CHARS + " characters");
        }
        if (cause != null && cause.length() > CAUSE_CHARS) {
            throw new ValidationException("cause must be at most " + CAUSE_CHARS + " characters");
        }
    }
}
