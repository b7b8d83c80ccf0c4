package Countersign;

import dev.countersign.routing.RouteRefusedException;

/**
 * The proposal breaks its contract: the message is the JSON list of every violation with its path
 * ({@code {"violations":[{"path","message"}],"omitted":n}}).
 */
// The class's fully qualified name is the public error name (see package-info): never rename or move it.
public final class InvalidProposal extends RouteRefusedException {
    private static final long serialVersionUID = 1L;

    /** @param cause what is wrong and what to do, for a person (Step Functions shows it in the execution's Cause) */
    public InvalidProposal(String cause) {
        super(cause);
    }
}
