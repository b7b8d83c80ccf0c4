package dev.countersign.routing;

import Countersign.InvalidProposal;
import Countersign.NoRoute;
import Countersign.RoutingError;
import java.util.Objects;

/**
 * The proposal cannot be routed: the Route function throws {@link #exception()}, so the gate fails with {@code error}
 * and {@code cause} before anything is stored or emailed.
 *
 * @param error a States error name: {@link #INVALID_PROPOSAL}, {@link #NO_ROUTE} or {@link #ROUTING_ERROR}
 * @param cause what is wrong and what to do, for a person; cut to {@value #MAX_CAUSE_CHARS} characters once
 *              JSON-escaped
 */
public record Refusal(String error, String cause) implements RouteOutcome {
    /** The proposal breaks its contract; the cause is the JSON list of every violation. */
    public static final String INVALID_PROPOSAL = InvalidProposal.class.getName();
    /** No rule matched and there is no default, or too few people are left to decide; the cause names the workflow. */
    public static final String NO_ROUTE = NoRoute.class.getName();
    /**
     * A rule's {@code when} failed or gave something other than true or false: the rules file has a bug. The gate stops
     * rather than try later rules, which could send the proposal to the wrong people.
     */
    public static final String ROUTING_ERROR = RoutingError.class.getName();
    /**
     * Step Functions keeps a Cause of at most 32,768 characters, and the Cause of a thrown refusal is Lambda's error
     * document {@code {"errorMessage":"<cause, JSON-escaped>","errorType":"Countersign.…","stackTrace":[]}}: the
     * escaped cause gets all of it but room for the rest of the document.
     */
    public static final int MAX_CAUSE_CHARS = 32_768 - 256;
    /**
     * The most characters of an {@link #INVALID_PROPOSAL} cause ({@code ProposalCheck.Rejected.cause(int)}): JSON text
     * at most doubles when escaped (each quote and backslash gains one), so the list of violations always fits whole.
     */
    public static final int MAX_VIOLATIONS_CHARS = MAX_CAUSE_CHARS / 2;

    public Refusal {
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(cause, "cause");
        if (!error.equals(INVALID_PROPOSAL) && !error.equals(NO_ROUTE) && !error.equals(ROUTING_ERROR)) {
            throw new IllegalArgumentException("a refusal's error must be " + INVALID_PROPOSAL + ", " + NO_ROUTE
                    + " or " + ROUTING_ERROR + " (the Countersign.* exception the Route function throws); got \""
                    + error + "\"");
        }
        cause = clip(cause);
    }

    /** What the Route function throws: the exception whose class name is {@link #error()} and message the cause. */
    public RouteRefusedException exception() {
        if (error.equals(INVALID_PROPOSAL)) {
            return new InvalidProposal(cause);
        }
        if (error.equals(NO_ROUTE)) {
            return new NoRoute(cause);
        }
        if (error.equals(ROUTING_ERROR)) {
            return new RoutingError(cause);
        }
        throw new IllegalStateException("unreachable: the constructor checked " + error);
    }

    /** The longest head of {@code cause} whose JSON-escaped form, with an ellipsis, fits {@link #MAX_CAUSE_CHARS}. */
    private static String clip(String cause) {
        int escaped = 0;
        for (int i = 0; i < cause.length(); i++) {
            escaped += escapedLength(cause.charAt(i));
            if (escaped > MAX_CAUSE_CHARS - 1) {
                int end = i;
                if (end > 0 && Character.isHighSurrogate(cause.charAt(end - 1))) {
                    end--; // never split a surrogate pair
                }
                return cause.substring(0, end) + "…";
            }
        }
        return cause;
    }

    /** How many characters {@code c} takes inside a JSON string: quote and backslash 2, control characters 2 or 6. */
    private static int escapedLength(char c) {
        if (c == '"' || c == '\\') {
            return 2;
        }
        if (c < 0x20) {
            return c == '\n' || c == '\r' || c == '\t' || c == '\b' || c == '\f' ? 2 : 6;
        }
        return 1;
    }
}
