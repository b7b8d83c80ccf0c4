package dev.countersign.routing;

import dev.countersign.approval.ApprovalLimits;
import dev.countersign.core.Proposal;
import java.time.Instant;
import java.util.List;

/**
 * Routing without a rules file, as Countersign routed before rules existed, so deployments without one keep working:
 * the proposal's {@code routing.approvers}, else the configured default approvers ({@code
 * COUNTERSIGN_DEFAULT_APPROVERS}); one level of at most {@value ApprovalLimits#MAX_RECIPIENTS_PER_LEVEL} people
 * (the first ones named), quorum one, fallback REJECTED, the level's timeout as configured ({@code
 * COUNTERSIGN_DEFAULT_TIMEOUT_SECONDS}, default one day) with a reminder at 75 %. The requester and the proposing
 * agent are never asked.
 */
public final class HintRouting implements RoutePolicy {
    /** The rule name in the route when the proposal named its approvers. */
    public static final String RULE_HINTS = "routing-hints";
    /** The rule name in the route when the default approvers were asked. */
    public static final String RULE_DEFAULT = "default";

    private final List<String> defaultApprovers;
    private final long timeoutSeconds;

    /**
     * @param defaultApprovers asked when the proposal names nobody (may be empty: such proposals are then refused)
     * @param timeoutSeconds   how long the one level waits, 60 to 31,536,000 seconds
     */
    public HintRouting(List<String> defaultApprovers, long timeoutSeconds) {
        this.defaultApprovers = List.copyOf(defaultApprovers);
        if (timeoutSeconds < RuleLevel.MIN_TIMEOUT_SECONDS || timeoutSeconds > RuleLevel.MAX_TIMEOUT_SECONDS) {
            throw new IllegalArgumentException("the approval timeout must be " + RuleLevel.MIN_TIMEOUT_SECONDS + " to "
                    + RuleLevel.MAX_TIMEOUT_SECONDS + " seconds; got " + timeoutSeconds);
        }
        this.timeoutSeconds = timeoutSeconds;
    }

    @Override
    public RouteOutcome route(Proposal proposal, Instant now) {
        boolean hinted = !proposal.routing().approvers().isEmpty();
        List<String> candidates = hinted ? proposal.routing().approvers() : defaultApprovers;
        Recipients recipients = Recipients.resolve(candidates, person -> null, proposal);
        List<String> asked = recipients.recipients();
        if (asked.size() > ApprovalLimits.MAX_RECIPIENTS_PER_LEVEL) {
            asked = asked.subList(0, ApprovalLimits.MAX_RECIPIENTS_PER_LEVEL);
        }
        if (asked.isEmpty()) {
            String why = candidates.isEmpty()
                    ? "the proposal names no approvers and COUNTERSIGN_DEFAULT_APPROVERS is empty"
                    : "every " + (hinted ? "approver the proposal names" : "default approver") + " is the requester"
                            + " or the proposing agent, who may not approve their own proposal";
            return new Refusal(Refusal.NO_ROUTE, "no approver for workflow '" + proposal.workflow() + "': " + why
                    + " — name approvers in the proposal's routing.approvers, set COUNTERSIGN_DEFAULT_APPROVERS, or"
                    + " configure routing rules with COUNTERSIGN_ROUTING_FILE");
        }
        long remindAfter = (long) Math.floor(timeoutSeconds * RoutingRule.DEFAULT_REMINDER_FRACTION);
        return Route.start(hinted ? RULE_HINTS : RULE_DEFAULT, Quorum.ONE, List.of(), Fallback.REJECTED,
                recipients.excluded(), List.of(new RouteLevel(1, asked, List.of(), timeoutSeconds, remindAfter)));
    }

    @Override
    public String describe() {
        return "no routing rules: the proposal's routing hints, else " + defaultApprovers.size()
                + " default approver(s); one level of " + timeoutSeconds + " s";
    }
}
