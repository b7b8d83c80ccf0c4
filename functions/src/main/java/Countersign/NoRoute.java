package Countersign;

import dev.countersign.routing.RouteRefusedException;

/**
 * Nobody can be asked: no routing rule matches and there is no default, or a level keeps fewer people than its
 * quorum after separation of duties. The message names the workflow (and the rule and level) and what to change.
 */
// The class's fully qualified name is the public error name (see package-info): never rename or move it.
public final class NoRoute extends RouteRefusedException {
    private static final long serialVersionUID = 1L;

    /** @param cause what is wrong and what to do, for a person (Step Functions shows it in the execution's Cause) */
    public NoRoute(String cause) {
        super(cause);
    }
}
