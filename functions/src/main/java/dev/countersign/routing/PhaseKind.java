package dev.countersign.routing;

/** Which part of a level's waiting time a {@link Phase} is. The wire name is the constant's name. */
public enum PhaseKind {
    /** From the level's start until its reminder is due; when it times out, the recipients are reminded. */
    REMIND,
    /** Until the level's deadline; when it times out, the level is TIMED_OUT and the chain escalates. */
    DEADLINE;

    /** Exact match only, like every wire name. */
    public static PhaseKind fromWire(String wire) {
        for (PhaseKind kind : values()) {
            if (kind.name().equals(wire)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown phase kind \"" + wire + "\"; expected REMIND or DEADLINE");
    }
}
