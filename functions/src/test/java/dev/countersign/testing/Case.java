package dev.countersign.testing;

/**
 * One input of a property test and where it came from: {@code "seed 123"} for a generated case (replay it with
 * {@code Generator.seeded(123)}) or the name of a fixed edge case. {@code seed} feeds any further randomness the
 * test needs (a respelling, which leaf to change), so a case replays whole.
 */
public record Case<T>(String origin, T value, long seed) {

    /** A hand-picked edge case; its seed comes from its name, so it is the same on every run. */
    public static <T> Case<T> fixed(String name, T value) {
        return new Case<>(name, value, name.hashCode());
    }

    /** The display name JUnit shows for the invocation, and the text to put in assertion messages. */
    @Override
    public String toString() {
        return origin;
    }
}
