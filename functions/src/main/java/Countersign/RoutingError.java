package Countersign;

import dev.countersign.routing.RouteRefusedException;

/**
 * A routing rule's {@code when} failed or gave something other than true or false: the rules file has a bug,
 * and the gate stops rather than try later rules. The message names the rule, its path and what it gave.
 */
// The class's fully qualified name is the public error name (see package-info): never rename or move it.
public final class RoutingError extends RouteRefusedException {
    private static final long serialVersionUID = 1L;

    /** @param cause what is wrong and what to do, for a person (Step Functions shows it in the execution's Cause) */
    public RoutingError(String cause) {
        super(cause);
    }
}
