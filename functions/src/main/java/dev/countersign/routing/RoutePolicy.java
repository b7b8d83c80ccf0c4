package dev.countersign.routing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.contract.ProposalCheck;
import dev.countersign.contract.ProposalValidator;
import dev.countersign.core.Proposal;
import java.time.Instant;

/**
 * How the Route step decides who approves a proposal: {@link RoutingRules} (a rules file) or {@link HintRouting}
 * (no rules file: the proposal's routing hints, else the configured default approvers).
 */
public interface RoutePolicy {

    /** The route for a valid proposal at {@code now} (out-of-office periods depend on it), or why there is none. */
    RouteOutcome route(Proposal proposal, Instant now);

    /**
     * Checks the proposal against its contract first: an invalid one is refused with {@link Refusal#INVALID_PROPOSAL}
     * and every violation ({@link ProposalCheck.Rejected#cause(int)}, sized to fit the error's Cause whole).
     */
    default RouteOutcome route(JsonNode proposal, Instant now) {
        ProposalCheck check = ProposalValidator.instance().check(proposal);
        if (check instanceof ProposalCheck.Rejected rejected) {
            return new Refusal(Refusal.INVALID_PROPOSAL, rejected.cause(Refusal.MAX_VIOLATIONS_CHARS));
        }
        return route(((ProposalCheck.Accepted) check).proposal(), now);
    }

    /**
     * Who stands in for {@code person} at {@code now} (an out-of-office delegate the policy declares), or null. Gate
     * approvers ({@link GateApprovers}) honour the deployment's absences too.
     */
    default String delegateOf(String person, Instant now) {
        return null;
    }

    /** One line for logs: where the policy comes from. */
    String describe();
}
