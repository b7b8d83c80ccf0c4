package dev.countersign.local.engine.internal;

/**
 * Step Functions' payload limit, the one number for every payload the engine checks: an execution input, a state's
 * input and output, a task's parameters and result, assigned variables, a callback's output.
 */
public final class PayloadLimit {
    /** 256 KiB of UTF-8. */
    public static final int BYTES = 256 * 1024;
    /** How messages state the limit. */
    public static final String STATED = "256 KiB (" + BYTES + " bytes)";

    private PayloadLimit() {
    }

    public static boolean exceededBy(String text) {
        return Json.utf8Length(text) > BYTES;
    }
}
