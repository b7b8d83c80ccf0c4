package dev.countersign.audit;

/** The result of verifying an approval's audit chain. */
public sealed interface ChainVerification {

    /** Every event is in place, in order, with a valid keyed hash, and the chain ends where the anchor says. */
    record Intact(int events, String lastHash) implements ChainVerification {
    }

    /**
     * The chain is broken, first at {@code seq}: that event was edited, removed, moved, or is missing from the end.
     *
     * @param seq     the first sequence number that does not check out
     * @param problem what is wrong there, in words
     */
    record Broken(int seq, String problem) implements ChainVerification {
    }

    default boolean intact() {
        return this instanceof Intact;
    }
}
