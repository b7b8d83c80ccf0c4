package dev.countersign.core.json;

/**
 * A value that RFC 8785 cannot canonicalise (NaN, an unpaired surrogate, an integer beyond ±(2^53−1), a
 * binary or POJO node). Carries the path of the value so a caller can tell the sender where to look.
 */
public final class CanonicalJsonException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final transient NodePath path;
    private final String problem;

    public CanonicalJsonException(NodePath path, String problem) {
        super(path + ": " + problem);
        this.path = path;
        this.problem = problem;
    }

    /** Where the value is. */
    public NodePath path() {
        return path;
    }

    /** What is wrong with it, without the path. */
    public String problem() {
        return problem;
    }
}
