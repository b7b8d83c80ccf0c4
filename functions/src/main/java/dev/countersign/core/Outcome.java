package dev.countersign.core;

/**
 * How an approval level ended. The wire name is the constant's name ({@code "APPROVED"}): that is what a
 * workflow's Choice state compares {@code $.outcome} of the decision against.
 */
public enum Outcome {
    /** A person approved the proposal (possibly with modifications). */
    APPROVED,
    /** A person rejected the proposal. */
    REJECTED,
    /** Nobody decided before the last level's deadline; absence of approval is never approval. */
    TIMED_OUT,
    /** The approval was withdrawn (for example the execution was stopped) before anyone decided. */
    CANCELLED;

    /** The value written into JSON. */
    public String wireName() {
        return name();
    }

    /** True only for {@link #APPROVED}: the one outcome on which a workflow may carry out the action. */
    public boolean permitsAction() {
        return this == APPROVED;
    }

    /** Reads a wire name. Exact match only: a lenient parse of an outcome ("approved ") is a security bug. */
    public static Outcome fromWire(String wire) {
        for (Outcome outcome : values()) {
            if (outcome.name().equals(wire)) {
                return outcome;
            }
        }
        throw new IllegalArgumentException("unknown outcome " + WireNames.show(wire)
                + "; expected one of " + WireNames.list(values(), Outcome::wireName));
    }
}
