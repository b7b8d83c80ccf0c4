package dev.countersign.routing;

/**
 * What happens when every level of the chain timed out. The wire name is the constant's name. Absence of approval is
 * never approval: {@link #APPROVED} is accepted only on a rule that says so explicitly and is restricted to
 * low-risk proposals (checked when the rules file is loaded).
 */
public enum Fallback {
    /** The Decision is TIMED_OUT and the workflow takes its not-approved path (the default). */
    REJECTED,
    /** The gate fails, so the workflow stops unless it catches the error. */
    FAILED,
    /** Low-risk proposals only: the Decision approves by policy ({@code channel: policy}). */
    APPROVED;

    /** Exact match only, like every wire name. */
    public static Fallback fromWire(String wire) {
        for (Fallback fallback : values()) {
            if (fallback.name().equals(wire)) {
                return fallback;
            }
        }
        throw new IllegalArgumentException("unknown fallback \"" + wire + "\"; expected REJECTED, FAILED or APPROVED");
    }
}
