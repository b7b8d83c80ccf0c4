package dev.countersign.functions.review;

import dev.countersign.approval.ApprovalRecord;
import dev.countersign.approval.EscalationLevel;
import dev.countersign.audit.AuditEvent;
import dev.countersign.audit.AuditEventType;
import dev.countersign.core.Proposal;
import dev.countersign.functions.internal.ParameterChanges;
import dev.countersign.routing.Refusal;
import dev.countersign.routing.Route;
import dev.countersign.routing.RouteOutcome;
import dev.countersign.routing.RoutePolicy;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Routes a changed proposal again with the deployment's rules: an approver's change may not move a request to
 * another rule or make it need more approvals than the level they were asked at, because the rule decides who may
 * approve what. The rules are loaded on the first change (never for a page view).
 */
final class RouteCheck {
    private final Supplier<Optional<RoutePolicy>> rules;
    private final Clock clock;

    /** @param rules the routing rules file's rules, or empty when the function has none */
    RouteCheck(Supplier<Optional<RoutePolicy>> rules, Clock clock) {
        this.rules = rules;
        this.clock = clock;
    }

    /** The check for changes to {@code approval} at {@code level}. */
    ParameterChanges.Rerouting of(ApprovalRecord approval, int level) {
        return changed -> refusal(changed, routedRule(approval), approval.level(level));
    }

    private ParameterChanges.Refused refusal(Proposal changed, String rule, EscalationLevel level) {
        Optional<RoutePolicy> policy = rules.get();
        if (policy.isEmpty() || rule == null) {
            // Fail closed: a change nobody can route again is not approved.
            return new ParameterChanges.Refused(ParameterChanges.Refusal.UNCHECKED, "the changed request cannot be"
                    + " checked against the routing rules (" + (policy.isEmpty() ? "this function has no rules"
                    + " file: COUNTERSIGN_ROUTING_FILE is not set" : "the request's route is not recorded") + ")");
        }
        RouteOutcome outcome = policy.get().route(changed, clock.instant());
        if (outcome instanceof Refusal refused) {
            return rerouted("with your change the request could not be routed at all (" + refused.error() + ": "
                    + refused.cause() + ")");
        }
        Route route = (Route) outcome;
        if (!route.rule().equals(rule)) {
            return rerouted("with your change the request would fall under the routing rule '" + route.rule()
                    + "' (asking " + String.join(", ", route.level(1).recipients()) + "), not '" + rule + "', under"
                    + " which you were asked; a change may not move a request to other approvers");
        }
        if (route.quorum().required() > level.quorum()) {
            return rerouted("with your change the request would need " + route.quorum().required() + " approvals,"
                    + " not the " + level.quorum() + " of the level you were asked at");
        }
        return null;
    }

    private static ParameterChanges.Refused rerouted(String detail) {
        return new ParameterChanges.Refused(ParameterChanges.Refusal.REROUTED, detail);
    }

    /** The rule the request was routed by, from its first ROUTED event. */
    private static String routedRule(ApprovalRecord approval) {
        for (AuditEvent event : approval.auditTrail()) {
            if (event.type().equals(AuditEventType.ROUTED.name())) {
                String rule = event.details().path("rule").asText("");
                return rule.isEmpty() ? null : rule;
            }
        }
        return null;
    }
}
