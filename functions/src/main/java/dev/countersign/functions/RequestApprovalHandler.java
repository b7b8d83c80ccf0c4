package dev.countersign.functions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.approval.ApprovalId;
import dev.countersign.approval.ApprovalKey;
import dev.countersign.approval.ApprovalLimits;
import dev.countersign.approval.ApprovalRecord;
import dev.countersign.approval.ChangeResult;
import dev.countersign.approval.CreateResult;
import dev.countersign.approval.EscalationLevel;
import dev.countersign.approval.LevelTerms;
import dev.countersign.approval.NewApproval;
import dev.countersign.approval.Recipient;
import dev.countersign.approval.TaskToken;
import dev.countersign.audit.AuditEntry;
import dev.countersign.audit.AuditEvent;
import dev.countersign.audit.AuditEventType;
import dev.countersign.contract.ProposalCheck;
import dev.countersign.contract.ProposalValidator;
import dev.countersign.core.EmailAddress;
import dev.countersign.core.Proposal;
import dev.countersign.core.json.Json;
import dev.countersign.functions.internal.ApprovalPresentation;
import dev.countersign.functions.internal.GateInvocation;
import dev.countersign.functions.internal.Priming;
import dev.countersign.functions.internal.SnapStartHooks;
import dev.countersign.functions.internal.ReviewLinkDelivery;
import dev.countersign.routing.Refusal;
import dev.countersign.routing.Route;
import dev.countersign.routing.RouteLevel;
import dev.countersign.views.ProposalView;
import dev.countersign.workflow.CallbackResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The approval gate's request function ({@code arn:aws:states:::lambda:invoke.waitForTaskToken}): validates the
 * proposal, routes it, stores the approval with the task token, and emails each recipient a review link. The
 * workflow then waits until the decision function (or the timeout) hands it the Decision.
 *
 * <p>Input (the Task state's {@code Payload}): {@code {"taskToken", "executionArn", "gate", "level",
 * "timeoutSeconds", "proposal", "enteredTime"?}}. Output: a small summary (Step Functions ignores it: the task's
 * result is what the decision function sends). Failures the workflow can Catch are sent with {@code SendTaskFailure}:
 * {@link #INVALID_PROPOSAL}, {@link #NO_ROUTE}, {@value #NOTIFICATION_FAILED}; a malformed payload (a bug in the
 * workflow definition) fails the invocation with a message naming the field.
 *
 * <p>Idempotent per (execution, gate, level): a retried invocation finds the approval, stores the retry's token, and
 * emails only recipients without a NOTIFIED event at that level.
 */
public final class RequestApprovalHandler implements GateStepHandler {
    /** The actor of the events this function writes. */
    public static final String ACTOR = "countersign:request";
    public static final String INVALID_PROPOSAL = Refusal.INVALID_PROPOSAL;
    public static final String NO_ROUTE = Refusal.NO_ROUTE;
    public static final String NOTIFICATION_FAILED = "Countersign.NotificationFailed";
    /** Routing rule names recorded in ROUTED. */
    public static final String RULE_HINTS = "routing-hints";
    public static final String RULE_DEFAULT = "default";

    private final FunctionDependencies deps;
    private final ReviewLinkDelivery delivery;

    /** What Lambda calls: everything from the process environment, once per container. */
    public RequestApprovalHandler() {
        this(System.getenv());
    }

    /** Everything from an explicit environment (the local runtime passes its endpoints here). */
    public RequestApprovalHandler(Map<String, String> environment) {
        this(FunctionDependencies.fromEnvironment(environment, "countersign-request"));
        SnapStartHooks.register(environment, Priming::gateStep);
    }

    public RequestApprovalHandler(FunctionDependencies dependencies) {
        this.deps = dependencies;
        this.delivery = new ReviewLinkDelivery(dependencies, ACTOR);
    }

    /** One invocation on a parsed payload; what {@link #handleRequest} does without the streams. */
    @Override
    public ObjectNode handle(JsonNode payload, String requestId) {
        GateInvocation call = GateInvocation.parse(payload);
        JsonLog log = deps.log().forRequest(requestId).redacting(call.taskToken().value());
        ApprovalId approvalId = ApprovalId.forKey(new ApprovalKey(call.executionArn(), call.gate()));
        ObjectNode summary = Json.object().put("approvalId", approvalId.value()).put("level", call.level());

        ProposalCheck check = ProposalValidator.instance().check(call.proposal());
        if (check instanceof ProposalCheck.Rejected rejected) {
            log.warn("proposal refused", "approvalId", approvalId, "gate", call.gate(), "violations",
                    rejected.violations().size());
            failTask(call.taskToken(), INVALID_PROPOSAL, rejected.cause(), log);
            return summary.put("status", "invalid-proposal").put("violations", rejected.violations().size());
        }
        Proposal proposal = ((ProposalCheck.Accepted) check).proposal();
        HintedRoute route = call.routed() != null ? HintedRoute.of(call.routed()) : route(proposal);
        if (route.recipients().isEmpty()) {
            String cause = "no approver for workflow '" + proposal.workflow() + "' (gate " + call.gate() + "): "
                    + route.why() + " — name approvers in the proposal's routing.approvers or set "
                    + CountersignSettings.DEFAULT_APPROVERS;
            log.warn("no route", "approvalId", approvalId, "workflow", proposal.workflow(), "rule", route.rule());
            failTask(call.taskToken(), NO_ROUTE, cause, log);
            return summary.put("status", "no-route");
        }

        Instant now = deps.clock().instant();
        Instant deadline = call.deadline(now);
        if (!deadline.isAfter(now.plusSeconds(1))) {
            // Step Functions times the task out at the same moment: nothing could be decided in time.
            log.warn("deadline already passed", "approvalId", approvalId, "deadline", deadline);
            return summary.put("status", "deadline-passed");
        }
        NewApproval request = NewApproval.forProposal(proposal, new ApprovalKey(call.executionArn(), call.gate()),
                call.level(), route.recipients(), route.quorum(), deadline, call.taskToken(), ACTOR,
                route.terms().writeInto(route.details(null)));
        CreateResult created = deps.store().create(request);
        ApprovalRecord approval = created.approval();
        log.info(created instanceof CreateResult.Created ? "approval created" : "approval already existed (retry)",
                "approvalId", approvalId, "workflow", proposal.workflow(), "gate", call.gate(), "approvalLevel",
                call.level(), "recipients", route.recipients().size());
        if (created instanceof CreateResult.Created && call.level() == 1) {
            log.metric(Metric.APPROVALS_OPENED, 1);
        }

        if (approval.status().isFinal()) {
            // A retry after the approval ended: hand the recorded result to this attempt's token, never decide again.
            approval.decisionOutput().ifPresent(decision -> {
                CallbackResult result = deps.callback().succeed(call.taskToken(), decision.toJson());
                log.info("approval already ended; recorded decision handed over", "approvalId", approvalId,
                        "outcome", decision.outcome().wireName(), "callback", kind(result));
            });
            return summary.put("status", "already-" + approval.status().name().toLowerCase(Locale.ROOT));
        }
        if (approval.currentLevel() != call.level()) {
            log.warn("approval is at another level", "approvalId", approvalId, "currentLevel",
                    approval.currentLevel());
            return summary.put("status", "other-level").put("currentLevel", approval.currentLevel());
        }

        EscalationLevel level = approval.level(call.level());
        List<String> recipients = level.recipients().stream().map(Recipient::approver).toList();
        deps.store().appendOnce(approvalId, new AuditEntry(AuditEventType.ROUTED, ACTOR,
                route.routedDetails(recipients, call.level())));

        Set<String> alreadyNotified = notified(approval.auditTrail(), call.level());
        ProposalView proposalView = ApprovalPresentation.proposal(proposal);
        int sent = 0;
        int failed = 0;
        List<String> problems = new ArrayList<>();
        for (String recipient : recipients) {
            if (alreadyNotified.contains(recipient)) {
                continue;
            }
            ReviewLinkDelivery.Delivery sentTo = delivery.deliver(approval, level, recipient, proposalView,
                    ReviewLinkDelivery.Kind.REQUEST, null, log);
            if (sentTo.sent()) {
                sent++;
            } else {
                failed++;
                problems.add(recipient + ": " + sentTo.problem());
            }
        }
        int notified = sent + alreadyNotified.size();
        summary.put("recipients", recipients.size()).put("notified", sent)
                .put("alreadyNotified", alreadyNotified.size()).put("failed", failed);
        if (notified > 0) {
            return summary.put("status", "waiting");
        }

        String reason = clip("notification failed: no approver could be emailed (" + String.join("; ", problems)
                + ")", ApprovalLimits.MAX_REASON_CHARS);
        ChangeResult cancelled = deps.store().cancel(approvalId, ACTOR, reason);
        log.error("no approver could be notified; approval cancelled", null, "approvalId", approvalId,
                "failed", failed, "cancel", cancelled.getClass().getSimpleName());
        log.metric(Metric.NOTIFICATION_FAILURES, 1);
        log.metric(Metric.APPROVALS_CLOSED, 1);
        failTask(call.taskToken(), NOTIFICATION_FAILED, "Countersign could not email any approver of approval "
                + approvalId + " after " + deps.settings().emailRetry().maxAttempts() + " attempts each: "
                + String.join("; ", problems) + ". The approval is CANCELLED (reason: notification failed). Check"
                + " that " + CountersignSettings.SENDER + " is a verified SES identity and the account may send to"
                + " these addresses, then run the workflow again.", log);
        return summary.put("status", "notification-failed");
    }

    // ------------------------------------------------------------------ routing

    /**
     * Who is asked: the proposal's routing hints, else the configured default approvers; never the requester or the
     * proposing agent (separation of duties), at most {@link ApprovalLimits#MAX_RECIPIENTS_PER_LEVEL}.
     */
    HintedRoute route(Proposal proposal) {
        boolean hinted = !proposal.routing().approvers().isEmpty();
        List<String> candidates = hinted ? proposal.routing().approvers() : deps.settings().defaultApprovers();
        String rule = hinted ? RULE_HINTS : RULE_DEFAULT;
        LinkedHashSet<String> chosen = new LinkedHashSet<>();
        List<String> excluded = new ArrayList<>();
        List<String> omitted = new ArrayList<>();
        for (String candidate : candidates) {
            String address = EmailAddress.normalize(candidate);
            if (proposal.requester().isSamePersonAs(address)
                    || address.equalsIgnoreCase(proposal.proposedBy().agent().strip())) {
                excluded.add(address);
            } else if (chosen.size() >= ApprovalLimits.MAX_RECIPIENTS_PER_LEVEL && !chosen.contains(address)) {
                omitted.add(address);
            } else {
                chosen.add(address);
            }
        }
        String why;
        if (candidates.isEmpty()) {
            why = hinted ? "" : "the proposal names no approvers and " + CountersignSettings.DEFAULT_APPROVERS
                    + " is empty";
        } else {
            why = "every " + (hinted ? "approver the proposal names" : "default approver") + " is the requester or"
                    + " the proposing agent, who may not approve their own proposal";
        }
        return new HintedRoute(List.copyOf(chosen), rule, excluded, omitted, why, 1, LevelTerms.NONE, null);
    }

    /**
     * Who is asked at this level and on what terms: from the Route step's route ({@code route} set), or from the
     * proposal's hints when the gate has no Route step. {@code why} explains an empty route.
     */
    record HintedRoute(List<String> recipients, String rule, List<String> excluded, List<String> omitted,
                       String why, int quorum, LevelTerms terms, Route route) {

        /** The current level of a route from the Route step. */
        static HintedRoute of(Route route) {
            RouteLevel level = route.currentLevel();
            LevelTerms terms = new LevelTerms(route.quorum().majority(), route.modifiable(), true);
            return new HintedRoute(level.recipients(), route.rule(), route.excluded(), List.of(),
                    "the route names nobody at level " + level.level(), route.quorum().required(), terms, route);
        }

        /** ROUTED: the rule, who is asked, the quorum, the out-of-office delegations, and who was left out. */
        ObjectNode routedDetails(List<String> asked, int level) {
            ObjectNode details = details(asked).put("level", level).put("quorum", quorum);
            if (route != null) {
                details.put("majority", route.quorum().majority()).put("fallback", route.fallback().name());
                details.set("modifiable", dev.countersign.approval.ParamBounds.listToJson(route.modifiable()));
                ArrayNode delegated = details.putArray("delegations");
                route.level(level).delegations().forEach(d -> delegated.add(d.toJson()));
            }
            return details;
        }

        ObjectNode details(List<String> asked) {
            ObjectNode details = Json.object().put("rule", rule);
            if (asked != null) {
                ArrayNode list = details.putArray("recipients");
                asked.forEach(list::add);
            }
            if (!excluded.isEmpty()) {
                // Named so an auditor sees that separation of duties removed them, not an accident.
                ArrayNode list = details.putArray("excluded");
                excluded.forEach(list::add);
            }
            if (!omitted.isEmpty()) {
                ArrayNode list = details.putArray("omitted");
                omitted.forEach(list::add);
            }
            return details;
        }
    }

    // ------------------------------------------------------------------ email

    private static Set<String> notified(List<AuditEvent> trail, int level) {
        Set<String> done = new HashSet<>();
        for (AuditEvent event : trail) {
            if (event.type().equals(AuditEventType.NOTIFIED.name())) {
                ObjectNode details = event.details();
                if (details.path("level").asInt(-1) == level) {
                    done.add(details.path("recipient").asText());
                }
            }
        }
        return done;
    }

    // ------------------------------------------------------------------ plumbing

    /** Fails the waiting task; if even that cannot be delivered, the invocation fails (which also ends the wait). */
    private void failTask(TaskToken token, String error, String cause, JsonLog log) {
        CallbackResult result = deps.callback().fail(token, error, cause);
        log.info("task failed", "error", error, "callback", kind(result));
        if (result instanceof CallbackResult.Unavailable unavailable) {
            throw new IllegalStateException("could not send " + error + " to the workflow after "
                    + unavailable.attempts() + " attempts (" + unavailable.error() + ": " + unavailable.message()
                    + "); failing the invocation instead so the task does not wait for nothing");
        }
    }

    static String kind(CallbackResult result) {
        return result.getClass().getSimpleName();
    }

    static String clip(String text, int max) {
        if (text == null) {
            return "";
        }
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
