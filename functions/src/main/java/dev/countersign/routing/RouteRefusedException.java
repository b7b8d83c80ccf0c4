package dev.countersign.routing;

import java.util.Objects;

/**
 * The Route function refuses a proposal by throwing one of {@link Countersign.InvalidProposal},
 * {@link Countersign.NoRoute} or {@link Countersign.RoutingError}: the Java Lambda runtime reports the thrown class's
 * fully qualified name as {@code errorType}, Step Functions makes it the Task's Error, and the gate fails with it (or a
 * team's Catch on the Route state takes it) before anything is stored or emailed. The message is the cause.
 *
 * <p>Not sealed: a sealed class in the unnamed module may only permit subclasses of its own package, and the
 * subclasses' package is their error name. {@link Refusal#exception()} is the only place that creates them.
 */
public abstract class RouteRefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** No stack trace: the Cause Step Functions shows stays the message, not a page of frames. */
    protected RouteRefusedException(String cause) {
        super(Objects.requireNonNull(cause, "cause"), null, false, false);
    }

    /** The States error name a workflow Catches: this exception's fully qualified class name. */
    public final String error() {
        return getClass().getName();
    }

    /** The refusal this exception carries. */
    public final Refusal refusal() {
        return new Refusal(error(), getMessage());
    }
}
