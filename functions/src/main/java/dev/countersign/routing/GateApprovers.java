package dev.countersign.routing;

import dev.countersign.approval.ApprovalLimits;
import dev.countersign.core.EmailAddress;
import dev.countersign.core.Proposal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The approvers a gate names itself (CDK's {@code ApprovalGate.approvers(...)}, passed as {@code "approvers"} in the
 * Route state's Parameters): they make a one-level route of their own instead of the rules file. The workflow's owner
 * named these people for this gate, so no rule is consulted; separation of duties still applies, and out-of-office
 * delegates declared in the rules file still stand in.
 *
 * <p>A proposal's {@code routing.approvers} may pick among the gate's approvers (rule {@value #RULE_NARROWED}) but
 * never add anyone (a hint naming none of them leaves all of them asked, rule {@value #RULE}). One level, quorum one,
 * no editable parameters, fallback REJECTED, a reminder at 75 % of the timeout.
 *
 * @param approvers      distinct lower-case addresses in the order named, 1 to
 *                       {@value ApprovalLimits#MAX_RECIPIENTS_PER_LEVEL}
 * @param timeoutSeconds how long the one level waits, {@value RuleLevel#MIN_TIMEOUT_SECONDS} to
 *                       {@value RuleLevel#MAX_TIMEOUT_SECONDS} seconds
 */
public record GateApprovers(List<String> approvers, long timeoutSeconds) {
    /** The route's rule when the gate's approvers are asked. */
    public static final String RULE = "gate";
    /** The route's rule when the proposal's hints picked some of the gate's approvers. */
    public static final String RULE_NARROWED = "gate+" + HintRouting.RULE_HINTS;

    public GateApprovers {
        Set<String> distinct = new LinkedHashSet<>();
        for (String approver : approvers) {
            if (!EmailAddress.isValid(approver)) {
                throw new IllegalArgumentException("'" + approver + "' is not an email address");
            }
            distinct.add(EmailAddress.normalize(approver));
        }
        if (distinct.isEmpty() || distinct.size() > ApprovalLimits.MAX_RECIPIENTS_PER_LEVEL) {
            throw new IllegalArgumentException("a gate names 1 to " + ApprovalLimits.MAX_RECIPIENTS_PER_LEVEL
                    + " approvers; got " + distinct.size());
        }
        approvers = List.copyOf(distinct);
        if (timeoutSeconds < RuleLevel.MIN_TIMEOUT_SECONDS || timeoutSeconds > RuleLevel.MAX_TIMEOUT_SECONDS) {
            throw new IllegalArgumentException("a gate's timeout is " + RuleLevel.MIN_TIMEOUT_SECONDS + " to "
                    + RuleLevel.MAX_TIMEOUT_SECONDS + " seconds; got " + timeoutSeconds);
        }
    }

    /**
     * The one-level route for {@code proposal} (already checked against its contract), or {@link Refusal#NO_ROUTE}
     * when separation of duties leaves nobody.
     *
     * @param gate   the gate's name, for the refusal's cause
     * @param policy the deployment's policy, consulted only for out-of-office delegates
     */
    public RouteOutcome route(Proposal proposal, String gate, Instant now, RoutePolicy policy) {
        Set<String> hints = new HashSet<>();
        proposal.routing().approvers().forEach(a -> hints.add(EmailAddress.normalize(a)));
        List<String> picked = approvers.stream().filter(hints::contains).toList();
        List<String> candidates = picked.isEmpty() ? approvers : picked;
        Recipients recipients = Recipients.resolve(candidates, person -> policy.delegateOf(person, now), proposal);
        if (recipients.recipients().isEmpty()) {
            return new Refusal(Refusal.NO_ROUTE, "no approver for workflow '" + proposal.workflow() + "' at gate '"
                    + gate + "': every approver " + (picked.isEmpty() ? "the gate names" : "the proposal picked from"
                    + " the gate's approvers") + " (" + String.join(", ", candidates) + ") is the requester or the"
                    + " proposing agent, who may not approve their own proposal — name other approvers on the gate"
                    + " (ApprovalGate approvers(...), or \"approvers\" in its Route state's Parameters)");
        }
        long remindAfter = (long) Math.floor(timeoutSeconds * RoutingRule.DEFAULT_REMINDER_FRACTION);
        List<RouteLevel> levels = new ArrayList<>();
        levels.add(new RouteLevel(1, recipients.recipients(), recipients.delegations(), timeoutSeconds, remindAfter));
        return Route.start(picked.isEmpty() ? RULE : RULE_NARROWED, Quorum.ONE, List.of(), Fallback.REJECTED,
                recipients.excluded(), levels);
    }
}
