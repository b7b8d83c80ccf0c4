package dev.countersign.functions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.approval.ApprovalId;
import dev.countersign.approval.ApprovalKey;
import dev.countersign.approval.ApprovalRecord;
import dev.countersign.approval.ApprovalStatus;
import dev.countersign.approval.ChangeResult;
import dev.countersign.approval.EscalationLevel;
import dev.countersign.approval.LevelTerms;
import dev.countersign.approval.NextLevel;
import dev.countersign.approval.Recipient;
import dev.countersign.audit.AuditEntry;
import dev.countersign.audit.AuditEventType;
import dev.countersign.core.Decision;
import dev.countersign.core.Outcome;
import dev.countersign.core.Proposal;
import dev.countersign.core.RiskLevel;
import dev.countersign.core.json.Json;
import dev.countersign.functions.internal.ApprovalPresentation;
import dev.countersign.functions.internal.Priming;
import dev.countersign.functions.internal.ReviewLinkDelivery;
import dev.countersign.functions.internal.SnapStartHooks;
import dev.countersign.routing.Fallback;
import dev.countersign.routing.Phase;
import dev.countersign.routing.PhaseKind;
import dev.countersign.routing.Route;
import dev.countersign.routing.RouteLevel;
import dev.countersign.views.ProposalView;
import dev.countersign.workflow.GateProtocol;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The gate's Escalate step (a Task after the Catch of {@code States.Timeout} on RequestApproval): the phase the gate
 * waited in ran out, so the chain moves on.
 * <ul>
 *   <li>a <b>REMIND</b> phase: the level's recipients who have not decided yet get a reminder, at most once per level
 *       (a REMINDED event, appended only if absent, claims it before any email goes out), and the gate waits again
 *       in the level's DEADLINE phase (same links, no new request email);</li>
 *   <li>a <b>DEADLINE</b> phase: the level is TIMED_OUT and its links stop deciding; the next level is asked (the
 *       store's escalate with that level's recipients, quorum and deadline), and the gate waits in its first phase
 *       (RequestApproval then emails it "escalated from … after …");</li>
 *   <li>a DEADLINE phase of the <b>last</b> level: the route's fallback applies and the gate ends — REJECTED (the
 *       Decision is TIMED_OUT, not approved), APPROVED (low-risk proposals whose rule says so: approved by policy), or
 *       FAILED ({@code {"failed": {"error": "Countersign.NoDecision", "cause"}}}, which the gate's Fail state
 *       raises).</li>
 * </ul>
 *
 * <p>Input {@code {"executionArn", "gate", "approval"}} ({@code approval} is the route with the phase that ran out).
 * Output (the gate's {@code $.approval}): the route with its next phase, or the Decision (with {@code fallback}), or
 * the failure. Idempotent: a retry returns the same answer and writes nothing twice. A level that was decided before
 * its time ran out (the callback lost the race with the timer) returns the recorded Decision: the record is the
 * authority. A decided task never times out, so no reminder follows a decision.
 */
public final class EscalateHandler implements GateStepHandler {
    /** The actor of the events this function writes, and the Decision's {@code decidedBy} after a fallback. */
    public static final String ACTOR = "countersign:escalate";
    /** The gate's error when nobody decided and the rule's fallback is FAILED. */
    public static final String NO_DECISION = "Countersign.NoDecision";
    /** The member of the output that makes the gate fail (the ASL's Choice tests for it). */
    public static final String FAILED = GateProtocol.FAILED;

    private final FunctionDependencies deps;
    private final ReviewLinkDelivery delivery;

    /** What Lambda calls: everything from the process environment, once per container. */
    public EscalateHandler() {
        this(System.getenv());
    }

    /** Everything from an explicit environment (the local runtime passes its endpoints here). */
    public EscalateHandler(Map<String, String> environment) {
        this(FunctionDependencies.fromEnvironment(environment, "countersign-escalate"));
        SnapStartHooks.register(environment, Priming::gateStep);
    }

    public EscalateHandler(FunctionDependencies dependencies) {
        this.deps = dependencies;
        this.delivery = new ReviewLinkDelivery(dependencies, ACTOR);
    }

    /** One invocation on a parsed input: the next route, the Decision, or the failure. */
    @Override
    public ObjectNode handle(JsonNode input, String requestId) {
        JsonLog log = deps.log().forRequest(requestId);
        String executionArn = text(input, GateProtocol.EXECUTION_ARN, "\"executionArn.$\": \"$$.Execution.Id\"");
        String gate = text(input, GateProtocol.GATE, "the gate's name, as in the request step, e.g. \"gate\": \"refund-approval\"");
        Route route = route(input);
        Phase phase = route.phase();
        int level = phase.level();
        ApprovalId id = ApprovalId.forKey(new ApprovalKey(executionArn, gate));
        ApprovalRecord approval = deps.store().get(id).orElseThrow(() -> new IllegalStateException("no approval"
                + " exists for execution " + executionArn + " and gate '" + gate + "' (approval id " + id + "): the"
                + " request step never created it — check the gate name matches the request step's and see the"
                + " request function's log"));

        if (approval.status().isFinal()) {
            return ended(approval, route, log);
        }
        if (approval.currentLevel() > level) {
            // A retry after this step already moved the approval on: answer as the first attempt did.
            log.info("level already escalated (retry)", "approvalId", id, "approvalLevel", level, "currentLevel",
                    approval.currentLevel());
            return route.withPhase(route.level(approval.currentLevel()).phases().get(0)).toJson();
        }
        if (approval.currentLevel() < level) {
            throw new IllegalStateException("approval " + id + " is at level " + approval.currentLevel() + " but the"
                    + " gate waited at level " + level + ": the route does not belong to this approval");
        }
        if (phase.kind() == PhaseKind.REMIND) {
            Route atDeadline = route.withPhase(route.nextPhase().orElseThrow());
            if (deps.clock().instant().isBefore(approval.current().deadline())) {
                remind(approval, log);
                return atDeadline.toJson();
            }
            // The reminder fell due after the level's deadline (the runtime was stopped meanwhile): a reminder would
            // be for a level nobody can decide any more, so the level times out now instead of waiting again.
            log.info("reminder due after the level's deadline; timing the level out", "approvalId", id,
                    "approvalLevel", level);
            route = atDeadline;
        }
        Optional<Phase> next = route.nextPhase();
        if (next.isPresent()) {
            return escalate(approval, route, next.get(), log);
        }
        return applyFallback(approval, route, log);
    }

    // ------------------------------------------------------------------ REMIND

    /** The reminder of the current level, at most once: the REMINDED event is the claim, written before any email. */
    private void remind(ApprovalRecord approval, JsonLog log) {
        EscalationLevel level = approval.current();
        List<String> awaiting = level.awaiting().stream().map(Recipient::approver).toList();
        ArrayNode recipients = Json.array();
        awaiting.forEach(recipients::add);
        ChangeResult claimed = deps.store().appendOnce(approval.approvalId(), new AuditEntry(AuditEventType.REMINDED,
                ACTOR, Json.object().put("level", level.number()).set("recipients", recipients)));
        if (!(claimed instanceof ChangeResult.Applied applied)) {
            log.info("reminder already sent or not recordable", "approvalId", approval.approvalId(), "approvalLevel",
                    level.number(), "result", claimed.getClass().getSimpleName());
            return;
        }
        ProposalView proposal = ApprovalPresentation.proposal(proposal(approval));
        int sent = 0;
        for (String recipient : awaiting) {
            if (delivery.deliver(applied.approval(), level, recipient, proposal, ReviewLinkDelivery.Kind.REMINDER,
                    null, log).sent()) {
                sent++;
            }
        }
        log.info("reminder sent", "approvalId", approval.approvalId(), "approvalLevel", level.number(), "recipients",
                awaiting.size(), "sent", sent);
    }

    // ------------------------------------------------------------------ DEADLINE

    /** The level timed out and the chain goes on: the next level is recorded; the request step emails it. */
    private ObjectNode escalate(ApprovalRecord approval, Route route, Phase next, JsonLog log) {
        int from = approval.currentLevel();
        RouteLevel to = route.level(next.level());
        Instant deadline = deps.clock().instant().plusSeconds(to.timeoutSeconds());
        ObjectNode routing = new LevelTerms(route.quorum().majority(), route.modifiable(), true)
                .writeInto(Json.object().put("rule", route.rule()));
        ArrayNode delegations = routing.putArray("delegations");
        to.delegations().forEach(d -> delegations.add(d.toJson()));
        ChangeResult result = deps.store().escalate(approval.approvalId(), from, new NextLevel(to.recipients(),
                route.quorum().required(), deadline, null, routing), ACTOR);
        if (result instanceof ChangeResult.Applied || result instanceof ChangeResult.AlreadyApplied) {
            log.info("level timed out; escalated", "approvalId", approval.approvalId(), "fromLevel", from,
                    "toLevel", to.level(), "recipients", to.recipients().size(),
                    "result", result.getClass().getSimpleName());
            if (result instanceof ChangeResult.Applied) {
                log.metric(Metric.ESCALATIONS, 1);
            }
            return route.withPhase(next).toJson();
        }
        return afterRefusal(approval.approvalId(), route, result, from, log);
    }

    /** The last level timed out: the route's fallback decides, never a silent approval of a risky proposal. */
    private ObjectNode applyFallback(ApprovalRecord approval, Route route, JsonLog log) {
        int level = approval.currentLevel();
        Fallback fallback = route.fallback();
        if (fallback == Fallback.APPROVED && approval.riskLevel() != RiskLevel.LOW) {
            // The rules file refuses this combination; if it happens anyway, silence must not approve.
            log.error("fallback APPROVED refused for a proposal that is not low risk; applying REJECTED", null,
                    "approvalId", approval.approvalId(), "rule", route.rule(), "risk", approval.riskLevel());
            fallback = Fallback.REJECTED;
        }
        Outcome outcome = switch (fallback) {
            case APPROVED -> Outcome.APPROVED;
            case REJECTED -> Outcome.REJECTED;
            // The gate fails; the record says nobody decided and no outcome was substituted.
            case FAILED -> Outcome.TIMED_OUT;
        };
        ObjectNode policy = Json.object().put("rule", route.rule()).put("policy", fallback.name());
        ChangeResult result = deps.store().timeOut(approval.approvalId(), level, outcome, ACTOR, policy);
        if (result instanceof ChangeResult.Applied applied) {
            log.info("chain exhausted; fallback applied", "approvalId", approval.approvalId(), "approvalLevel", level,
                    "fallback", fallback.name());
            log.metric(Metric.APPROVALS_CLOSED, 1);
            return ended(applied.approval(), route, log);
        }
        if (result instanceof ChangeResult.AlreadyApplied again) {
            return ended(again.approval(), route, log);
        }
        return afterRefusal(approval.approvalId(), route, result, level, log);
    }

    /** The store refused the change: decided meanwhile (return the record's word), or something is wrong. */
    private ObjectNode afterRefusal(ApprovalId id, Route route, ChangeResult result, int level, JsonLog log) {
        if (result instanceof ChangeResult.NotApplicable refused) {
            if (refused.approval().status().isFinal()) {
                return ended(refused.approval(), route, log);
            }
            throw new IllegalStateException("cannot move approval " + id + " on from level " + level + ": "
                    + refused.reason());
        }
        throw new IllegalStateException("approval " + id + " vanished while level " + level + " timed out");
    }

    // ------------------------------------------------------------------ ended

    /** What the gate returns for an approval that has ended: the Decision, or the failure its rule asks for. */
    private ObjectNode ended(ApprovalRecord approval, Route route, JsonLog log) {
        Decision decision = approval.decisionOutput().orElseThrow(() -> new IllegalStateException("approval "
                + approval.approvalId() + " is " + approval.status() + " but has no decision"));
        var recorded = approval.decision();
        boolean timedOut = approval.status() == ApprovalStatus.TIMED_OUT;
        if (timedOut && route.fallback() == Fallback.FAILED && recorded.fallback() == Outcome.TIMED_OUT) {
            ObjectNode failure = Json.object();
            failure.putObject(FAILED).put(GateProtocol.FAILED_ERROR, NO_DECISION).put(GateProtocol.FAILED_CAUSE, "nobody decided approval "
                    + approval.approvalId() + " (workflow '" + approval.workflow() + "', gate " + approval.gate()
                    + ") at any of its " + route.levels().size() + " level(s) before the last deadline, and rule '"
                    + route.rule() + "' says the gate then fails (fallback FAILED). The approval is TIMED_OUT; start"
                    + " the workflow again to ask again.");
            return failure;
        }
        if (!timedOut) {
            log.warn("level was decided before the timeout; returning the recorded decision", "approvalId",
                    approval.approvalId(), "outcome", decision.outcome().wireName());
        }
        return approval.decisionJson().orElseThrow();
    }

    // ------------------------------------------------------------------ plumbing

    private Proposal proposal(ApprovalRecord approval) {
        JsonNode json = deps.store().proposal(approval.approvalId(), approval.proposalHash())
                .orElseThrow(() -> new IllegalStateException("approval " + approval.approvalId()
                        + " has no stored proposal " + approval.proposalHash()));
        return Proposal.fromJson(json);
    }

    private static Route route(JsonNode input) {
        JsonNode approval = input == null ? null : input.get(GateProtocol.APPROVAL);
        if (approval == null || !approval.isObject()) {
            throw new IllegalArgumentException("the escalate function's input field 'approval' is "
                    + (approval == null ? "missing" : "not an object") + ": set \"approval.$\": \"$.approval\" (the"
                    + " route the gate waits on) in the Escalate state's Parameters");
        }
        try {
            return Route.fromJson(approval);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the escalate function's input field 'approval' is not a route ("
                    + e.getMessage() + "): pass the Route step's output, \"approval.$\": \"$.approval\"", e);
        }
    }

    private static String text(JsonNode input, String field, String example) {
        JsonNode node = input == null ? null : input.get(field);
        if (node == null || !node.isTextual() || node.textValue().isBlank()) {
            throw new IllegalArgumentException("the escalate function's input field '" + field + "' is "
                    + (node == null ? "missing" : "not a non-empty string") + ": set " + example
                    + " in the Escalate state's Parameters");
        }
        return node.textValue().strip();
    }
}
