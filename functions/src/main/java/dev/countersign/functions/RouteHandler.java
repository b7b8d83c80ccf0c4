package dev.countersign.functions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.approval.ApprovalLimits;
import dev.countersign.contract.ProposalCheck;
import dev.countersign.contract.ProposalValidator;
import dev.countersign.core.EmailAddress;
import dev.countersign.functions.internal.Priming;
import dev.countersign.functions.internal.SnapStartHooks;
import dev.countersign.routing.GateApprovers;
import dev.countersign.routing.Refusal;
import dev.countersign.routing.Route;
import dev.countersign.routing.RouteOutcome;
import dev.countersign.routing.RouteRefusedException;
import dev.countersign.routing.RuleLevel;
import dev.countersign.workflow.GateProtocol;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The gate's Route step (a bare Lambda ARN, or {@code arn:aws:states:::lambda:invoke} with the payload as result):
 * decides who approves the proposal before anything is stored or emailed, and how long each level waits, so that
 * RequestApproval can take its timeout from the route ({@code TimeoutSecondsPath: $.approval.phase.seconds}).
 *
 * <p>Input {@code {"executionArn", "gate", "proposal", "approvers"?, "timeoutSeconds"?}}. When the gate names its own
 * {@code approvers} (CDK's {@code ApprovalGate.approvers(...)}), they make a one-level route of {@code timeoutSeconds}
 * (default one day) instead of the rules ({@link GateApprovers}). Output: the {@link Route} JSON waiting in its first
 * phase. A proposal that cannot be routed is refused by <em>throwing</em> {@link Countersign.InvalidProposal},
 * {@link Countersign.NoRoute} or {@link Countersign.RoutingError} ({@link Refusal#exception()}): the Java runtime
 * reports the class name as the error type, so the Route Task itself fails with that public error name and the
 * message as cause, and the happy path needs no Choice state to look for a refusal. A malformed input (a bug in the
 * workflow definition) fails the invocation with an IllegalArgumentException naming the field.
 *
 * <p>The rules come from {@value RouteDependencies#ROUTING_FILE}, loaded and checked once at init: an invalid file
 * fails init with every problem. Without one, the proposal's routing hints or {@code COUNTERSIGN_DEFAULT_APPROVERS}
 * are asked, as before rules existed. Pure: no store, no email, the same input always gives the same route (except
 * across an out-of-office period's start or end).
 */
public final class RouteHandler implements GateStepHandler {
    public static final String FUNCTION = "countersign-route";

    private final RouteDependencies deps;

    /** What Lambda calls: everything from the process environment, once per container. */
    public RouteHandler() {
        this(System.getenv());
    }

    /** From an explicit environment (the local runtime passes its own). */
    public RouteHandler(Map<String, String> environment) {
        this(RouteDependencies.fromEnvironment(environment, FUNCTION));
        // Routing is pure, so priming runs the real thing on a sample proposal.
        SnapStartHooks.register(environment, () -> handle(Priming.routeInput(), "snapstart-priming"));
    }

    public RouteHandler(RouteDependencies dependencies) {
        this.deps = Objects.requireNonNull(dependencies, "dependencies");
    }

    /**
     * One invocation on a parsed input: the route's JSON.
     *
     * @throws RouteRefusedException (a {@code Countersign.*} error) when the proposal cannot be routed
     */
    @Override
    public ObjectNode handle(JsonNode input, String requestId) {
        JsonLog log = deps.log().forRequest(requestId);
        if (input == null || !input.isObject()) {
            throw problem("$", "is not a JSON object", "pass {\"executionArn.$\": \"$$.Execution.Id\", \"gate\": …,"
                    + " \"proposal.$\": …}");
        }
        String executionArn = text(input, GateProtocol.EXECUTION_ARN, "set \"executionArn.$\": \"$$.Execution.Id\"");
        String gate = text(input, GateProtocol.GATE, "name the gate, e.g. \"gate\": \"refund-approval\"");
        JsonNode proposal = GateProtocol.proposal(input.get(GateProtocol.PROPOSAL));
        if (proposal == null || proposal.isNull()) {
            throw problem(GateProtocol.PROPOSAL, "is missing", "set \"proposal.$\" to the path of the proposal,"
                    + " e.g. \"$.proposal\"");
        }
        GateApprovers gateApprovers = gateApprovers(input);
        RouteOutcome outcome = route(proposal, gate, gateApprovers);
        if (outcome instanceof Refusal refusal) {
            log.warn("refused", "executionArn", executionArn, "gate", gate, "error", refusal.error());
            throw refusal.exception();
        }
        Route route = (Route) outcome;
        log.info("routed", "executionArn", executionArn, "gate", gate, "rule", route.rule(), "source",
                gateApprovers != null ? "gate" : "policy", "levels", route.levels().size(), "recipients",
                route.level(1).recipients().size(), "quorum", route.quorum().required(), "delegations",
                route.level(1).delegations().size(), "excluded", route.excluded().size());
        return route.toJson();
    }

    private RouteOutcome route(JsonNode proposal, String gate, GateApprovers gateApprovers) {
        Instant now = deps.clock().instant();
        if (gateApprovers == null) {
            return deps.policy().route(proposal, now);
        }
        ProposalCheck check = ProposalValidator.instance().check(proposal);
        if (check instanceof ProposalCheck.Rejected rejected) {
            return new Refusal(Refusal.INVALID_PROPOSAL, rejected.cause(Refusal.MAX_VIOLATIONS_CHARS));
        }
        return gateApprovers.route(((ProposalCheck.Accepted) check).proposal(), gate, now, deps.policy());
    }

    /** The gate's own approvers and timeout ({@code "approvers"}, {@code "timeoutSeconds"}), or null when it names none. */
    private static GateApprovers gateApprovers(JsonNode input) {
        JsonNode approvers = input.get(GateProtocol.APPROVERS);
        JsonNode timeout = input.get(GateProtocol.TIMEOUT_SECONDS);
        boolean named = approvers != null && !approvers.isNull();
        if (!named) {
            if (timeout != null && !timeout.isNull()) {
                throw problem("timeoutSeconds", "is given without \"approvers\"", "the timeout belongs to the gate's"
                        + " own approvers (a one-level route); without them the routing rules set each level's"
                        + " timeout, so remove it or name the approvers");
            }
            return null;
        }
        String example = "write \"approvers\": [\"lee@example.com\"] or leave it out";
        if (!approvers.isArray() || approvers.isEmpty()
                || approvers.size() > ApprovalLimits.MAX_RECIPIENTS_PER_LEVEL) {
            throw problem("approvers", "is not a list of 1 to " + ApprovalLimits.MAX_RECIPIENTS_PER_LEVEL
                    + " email addresses", example);
        }
        List<String> addresses = new ArrayList<>();
        for (int i = 0; i < approvers.size(); i++) {
            JsonNode approver = approvers.get(i);
            if (!approver.isTextual() || !EmailAddress.isValid(approver.textValue())) {
                throw problem("approvers[" + i + "]", "is not an email address", example);
            }
            addresses.add(approver.textValue());
        }
        long seconds = RuleLevel.DEFAULT_TIMEOUT_SECONDS;
        if (timeout != null && !timeout.isNull()) {
            if (!timeout.isIntegralNumber() || !timeout.canConvertToLong()
                    || timeout.longValue() < RuleLevel.MIN_TIMEOUT_SECONDS
                    || timeout.longValue() > RuleLevel.MAX_TIMEOUT_SECONDS) {
                throw problem("timeoutSeconds", "is not a whole number of seconds from "
                        + RuleLevel.MIN_TIMEOUT_SECONDS + " to " + RuleLevel.MAX_TIMEOUT_SECONDS, "write e.g."
                        + " \"timeoutSeconds\": 86400 (one day), or leave it out for one day");
            }
            seconds = timeout.longValue();
        }
        return new GateApprovers(addresses, seconds);
    }

    private static String text(JsonNode input, String field, String fix) {
        JsonNode node = input.get(field);
        if (node == null || !node.isTextual() || node.textValue().isBlank()) {
            throw problem(field, node == null ? "is missing" : "is not a non-empty string", fix);
        }
        return node.textValue().strip();
    }

    private static IllegalArgumentException problem(String field, String problem, String fix) {
        return new IllegalArgumentException("the route function's input field '" + field + "' " + problem + ": "
                + fix + " in the gate's Route state Parameters");
    }
}
