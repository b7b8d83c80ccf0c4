package dev.countersign.infra;

import dev.countersign.approval.ApprovalLimits;
import dev.countersign.core.EmailAddress;
import dev.countersign.routing.RuleLevel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.stepfunctions.CatchProps;
import software.amazon.awscdk.services.stepfunctions.Choice;
import software.amazon.awscdk.services.stepfunctions.Condition;
import software.amazon.awscdk.services.stepfunctions.Fail;
import software.amazon.awscdk.services.stepfunctions.IChainable;
import software.amazon.awscdk.services.stepfunctions.INextable;
import software.amazon.awscdk.services.stepfunctions.IntegrationPattern;
import software.amazon.awscdk.services.stepfunctions.JitterType;
import software.amazon.awscdk.services.stepfunctions.JsonPath;
import software.amazon.awscdk.services.stepfunctions.Pass;
import software.amazon.awscdk.services.stepfunctions.RetryProps;
import software.amazon.awscdk.services.stepfunctions.State;
import software.amazon.awscdk.services.stepfunctions.StateMachineFragment;
import software.amazon.awscdk.services.stepfunctions.TaskInput;
import software.amazon.awscdk.services.stepfunctions.Timeout;
import software.amazon.awscdk.services.stepfunctions.tasks.EventBridgePutEvents;
import software.amazon.awscdk.services.stepfunctions.tasks.EventBridgePutEventsEntry;
import software.amazon.awscdk.services.stepfunctions.tasks.LambdaInvoke;
import software.constructs.Construct;

/**
 * An approval gate to drop anywhere in a Step Functions workflow: the workflow pauses until the people the proposal
 * is routed to approve or reject the proposal found at {@code proposalPath}, the Decision is written at {@code
 * resultPath}, an "Approval Decided" event goes to the Countersign bus, and the workflow continues on the approved,
 * rejected or timed-out path. Absence of approval is never approval: without {@code whenRejected} a rejection (or a
 * timeout) fails the execution.
 *
 * <pre>{@code
 * ApprovalGate gate = ApprovalGate.Builder.create(this, "RefundApproval")
 *         .proposalPath("$.proposal").resultPath("$.decision")
 *         .approvers(List.of("lee@example.com")).timeout(Duration.hours(24))   // or neither: the routing rules
 *         .whenApproved(issueRefund).whenRejected(notifyCustomer)
 *         .build();
 * StateMachine refunds = StateMachine.Builder.create(this, "Refunds")
 *         .definitionBody(DefinitionBody.fromChainable(proposeRefund.next(gate))).build();
 * gate.service().allowGatesIn(refunds);
 * }</pre>
 *
 * <p>The routed gate of {@code statemachines/*.asl.json} (docs/escalation.md), with states named {@code "<id>: ..."}:
 * Route (the route function: the rules file, or this gate's own {@code approvers} and {@code timeout} as a one-level
 * route) → RequestApproval (Lambda {@code .waitForTaskToken}, {@code TimeoutSecondsPath} = the route's current phase)
 * → PublishDecision ({@code events:putEvents}) → Outcome (only an explicit {@code APPROVED} takes {@code
 * whenApproved}). On {@code States.Timeout}, Escalate (reminder, next level, or the fallback's Decision) → Escalated:
 * RequestApproval again, NoDecision (a Fail, fallback FAILED), or PublishDecision with the fallback's Decision. The
 * happy path is three transitions (Route, RequestApproval, PublishDecision) plus Outcome.
 *
 * <p>A proposal that cannot be routed fails the Route state itself, before anything is stored or emailed: the route
 * function throws {@link #INVALID_PROPOSAL}, {@link #NO_ROUTE} or {@link #ROUTING_ERROR} (exception classes of those
 * names), which Step Functions makes the error, with Lambda's error document as the cause ({@code errorMessage}: what
 * is wrong and what to do). Without a Catch the execution fails with it; to handle it, catch it on the Route state:
 * {@code gate.routeState().addCatch(handler, CatchProps.builder().errors(ApprovalGate.REFUSALS).build())}.
 *
 * <p>{@code resultPath} holds the route while the gate waits and the Decision once it is decided: the gate adds no
 * other field to the workflow's state.
 */
public final class ApprovalGate extends StateMachineFragment {
    /** The proposal breaks its contract; the cause's errorMessage is the JSON list of every violation. */
    public static final String INVALID_PROPOSAL = Countersign.InvalidProposal.class.getName();
    /** Nobody can be asked (no rule matches, or too few people are left after separation of duties). */
    public static final String NO_ROUTE = Countersign.NoRoute.class.getName();
    /** A routing rule's condition failed: the rules file has a bug. */
    public static final String ROUTING_ERROR = Countersign.RoutingError.class.getName();
    /** Every error the Route state fails with when it refuses a proposal, for a Catch. */
    public static final List<String> REFUSALS = List.of(INVALID_PROPOSAL, NO_ROUTE, ROUTING_ERROR);

    private static final Pattern PATH = Pattern.compile("\\$(\\.[A-Za-z_][A-Za-z0-9_]*)*");

    private final ApprovalService service;
    private final String gateName;
    private final String resultPath;
    private final LambdaInvoke route;
    private final LambdaInvoke request;
    private final LambdaInvoke escalate;
    private final Choice escalated;
    private final EventBridgePutEvents publish;
    private final Choice outcome;
    private final List<INextable> endStates;

    private ApprovalGate(Builder b) {
        super(b.scope, b.id);
        if (b.timeoutSet && b.approvers.isEmpty()) {
            throw new IllegalArgumentException("ApprovalGate " + b.id + ": timeout(...) applies to the gate's own"
                    + " approvers, and none are named: without approvers(...) the routing rules file sets each level's"
                    + " timeout. Name the approvers, or set the timeout in the rules file (docs/routing.md)");
        }
        this.service = b.service != null ? b.service : ApprovalService.of(this);
        this.gateName = b.gateName != null ? b.gateName : kebab(b.id);
        this.resultPath = b.resultPath;
        String label = b.id + ": ";

        Map<String, Object> routeInput = new LinkedHashMap<>();
        routeInput.put("executionArn", JsonPath.getExecutionId());
        routeInput.put("gate", gateName);
        routeInput.put("proposal", JsonPath.stringAt(b.proposalPath));
        if (!b.approvers.isEmpty()) {
            // The gate's own approvers make a one-level route of this timeout instead of the rules file.
            routeInput.put("approvers", b.approvers);
            routeInput.put("timeoutSeconds", b.timeout.toSeconds().longValue());
        }
        this.route = LambdaInvoke.Builder.create(this, "Route")
                .stateName(label + "Route")
                .comment("Validates the proposal and picks who approves it (" + (b.approvers.isEmpty()
                        ? "the routing rules" : "this gate's approvers") + "), how long each level waits, and"
                        + " the fallback; an invalid or unroutable proposal fails this state with Countersign.InvalidProposal,"
                        + " NoRoute or RoutingError before anything is stored.")
                .lambdaFunction(service.routeFunction().invocable())
                .payload(TaskInput.fromObject(routeInput))
                .payloadResponseOnly(true)
                .resultPath(resultPath)
                .build();

        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("taskToken", JsonPath.getTaskToken());
        payload.put("executionArn", JsonPath.getExecutionId());
        payload.put("gate", gateName);
        payload.put("proposal", JsonPath.stringAt(b.proposalPath));
        payload.put("approval", JsonPath.objectAt(resultPath));
        payload.put("enteredTime", JsonPath.getStateEnteredTime());
        this.request = LambdaInvoke.Builder.create(this, "RequestApproval")
                .stateName(label + "RequestApproval")
                .comment("Stores the approval with this task's token and emails the current level's approvers a"
                        + " review link, then waits for the decision as long as the route's current phase lasts.")
                .lambdaFunction(service.requestFunction().invocable())
                .integrationPattern(IntegrationPattern.WAIT_FOR_TASK_TOKEN)
                .payload(TaskInput.fromObject(payload))
                .taskTimeout(Timeout.at(resultPath + ".phase.seconds"))
                .resultPath(resultPath)
                .build();

        Map<String, Object> escalateInput = new LinkedHashMap<>();
        escalateInput.put("executionArn", JsonPath.getExecutionId());
        escalateInput.put("gate", gateName);
        escalateInput.put("approval", JsonPath.objectAt(resultPath));
        this.escalate = LambdaInvoke.Builder.create(this, "Escalate")
                .stateName(label + "Escalate")
                .comment("The current phase ran out: remind the level once, or time it out and ask the next level,"
                        + " or apply the fallback after the last level.")
                .lambdaFunction(service.escalateFunction().invocable())
                .payload(TaskInput.fromObject(escalateInput))
                .payloadResponseOnly(true)
                .resultPath(resultPath)
                .build();
        request.addCatch(escalate, CatchProps.builder()
                .errors(List.of("States.Timeout")).resultPath(JsonPath.DISCARD).build());

        Fail noDecision = Fail.Builder.create(this, "NoDecision").stateName(label + "NoDecision")
                .comment("Nobody decided at any level and the rule's fallback is FAILED.")
                .errorPath(resultPath + ".failed.error").causePath(resultPath + ".failed.cause").build();
        this.escalated = Choice.Builder.create(this, "Escalated").stateName(label + "Escalated")
                .comment("A route with a phase waits again; a failure ends the gate; anything else is the Decision.")
                .build();

        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("gate", gateName);
        detail.put("executionArn", JsonPath.getExecutionId());
        detail.put("decision", JsonPath.objectAt(resultPath));
        this.publish = EventBridgePutEvents.Builder.create(this, "PublishDecision")
                .stateName(label + "PublishDecision")
                .comment("Tells other services the outcome: an \"" + ApprovalService.DECIDED_DETAIL_TYPE + "\" event"
                        + " with the Decision (never the proposal or the task token).")
                .entries(List.of(EventBridgePutEventsEntry.builder()
                        .eventBus(service.eventBus())
                        .source(ApprovalService.EVENT_SOURCE)
                        .detailType(ApprovalService.DECIDED_DETAIL_TYPE)
                        .detail(TaskInput.fromObject(detail))
                        .build()))
                .resultPath(JsonPath.DISCARD)
                .build();
        // A decision that cannot be announced fails the execution loudly (it can be redriven), after retries.
        publish.addRetry(RetryProps.builder().errors(List.of("States.TaskFailed"))
                .interval(Duration.seconds(1)).maxAttempts(4).backoffRate(2).jitterStrategy(JitterType.FULL).build());

        // No Choice after Route: a refusal is the Route state's own error, so the happy path saves a transition.
        route.next(request);
        request.next(publish);
        escalate.next(escalated);
        escalated.when(Condition.isPresent(resultPath + ".phase"), request)
                .when(Condition.isPresent(resultPath + ".failed"), noDecision)
                .otherwise(publish);

        IChainable approved = b.whenApproved != null ? b.whenApproved
                : Pass.Builder.create(this, "Approved").stateName(label + "Approved").build();
        IChainable rejected = b.whenRejected != null ? b.whenRejected
                : Fail.Builder.create(this, "NotApproved").stateName(label + "NotApproved")
                        .error("Countersign.NotApproved")
                        .cause("approval gate '" + gateName + "' did not approve the proposal").build();
        this.outcome = Choice.Builder.create(this, "Outcome").stateName(label + "Outcome")
                .comment("Only an explicit APPROVED continues on the approved path.")
                .build();
        outcome.when(Condition.stringEquals(resultPath + ".outcome", "APPROVED"), approved);
        if (b.whenTimedOut != null) {
            outcome.when(Condition.stringEquals(resultPath + ".outcome", "TIMED_OUT"), b.whenTimedOut);
        }
        outcome.otherwise(rejected);
        publish.next(outcome);
        this.endStates = new ArrayList<>(outcome.afterwards()
                .getEndStates());
    }

    @Override
    public State getStartState() {
        return route;
    }

    @Override
    public List<INextable> getEndStates() {
        return endStates;
    }

    /** The shared service this gate's functions and bus belong to. */
    public ApprovalService service() {
        return service;
    }

    /** The gate's name in approvals and events ({@code gate}). */
    public String gateName() {
        return gateName;
    }

    /** Where the Decision lands in the state's output. */
    public String resultPath() {
        return resultPath;
    }

    public LambdaInvoke routeState() {
        return route;
    }

    public LambdaInvoke requestState() {
        return request;
    }

    public LambdaInvoke escalateState() {
        return escalate;
    }

    public Choice escalatedState() {
        return escalated;
    }

    public EventBridgePutEvents publishState() {
        return publish;
    }

    public Choice outcomeState() {
        return outcome;
    }

    private static String kebab(String id) {
        String kebab = id.replaceAll("([a-z0-9])([A-Z])", "$1-$2").replaceAll("[^A-Za-z0-9]+", "-")
                .toLowerCase(Locale.ROOT).replaceAll("^-+|-+$", "");
        return kebab.isEmpty() ? "approval" : kebab;
    }

    /** Builds an {@link ApprovalGate}; every property is optional. */
    public static final class Builder {
        private final Construct scope;
        private final String id;
        private ApprovalService service;
        private String gateName;
        private List<String> approvers = List.of();
        private Duration timeout = Duration.hours(24);
        private boolean timeoutSet;
        private String proposalPath = "$";
        private String resultPath = "$.decision";
        private IChainable whenApproved;
        private IChainable whenRejected;
        private IChainable whenTimedOut;

        private Builder(Construct scope, String id) {
            this.scope = scope;
            this.id = id;
        }

        public static Builder create(Construct scope, String id) {
            return new Builder(scope, id);
        }

        /** The shared service (default: {@link ApprovalService#of(Construct)}, configured from context). */
        public Builder service(ApprovalService service) {
            this.service = service;
            return this;
        }

        /** The gate's name in approvals, emails and events (default: the id in kebab case, e.g. refund-approval). */
        public Builder gateName(String gateName) {
            if (gateName == null || !gateName.matches("[a-z0-9][a-z0-9._-]{0,127}")) {
                throw new IllegalArgumentException("ApprovalGate gateName '" + gateName + "' is not a gate name:"
                        + " use up to 128 lower-case letters, digits, '.', '_' or '-', e.g. refund-approval");
            }
            this.gateName = gateName;
            return this;
        }

        /**
         * Who approves at this gate: a one-level route of {@link #timeout} instead of the routing rules (default: none
         * here — the stack's routing rules decide, or without rules the proposal's hints, else defaultApprovers). A
         * proposal's routing hints may pick among these people, never add anyone; the requester and the proposing
         * agent are always left out; at most 10.
         */
        public Builder approvers(List<String> approvers) {
            if (approvers.size() > ApprovalLimits.MAX_RECIPIENTS_PER_LEVEL) {
                throw new IllegalArgumentException("ApprovalGate approvers: " + approvers.size() + " addresses; a gate"
                        + " asks at most " + ApprovalLimits.MAX_RECIPIENTS_PER_LEVEL + " people (use a team in the"
                        + " routing rules for more)");
            }
            for (String approver : approvers) {
                if (!EmailAddress.isValid(approver)) {
                    throw new IllegalArgumentException("ApprovalGate approvers: '" + approver + "' is not an email"
                            + " address; list addresses such as lee@example.com");
                }
            }
            this.approvers = List.copyOf(approvers);
            return this;
        }

        /**
         * How long the gate's own {@link #approvers} have (default 24 hours; 1 minute to 365 days), with a reminder
         * at 75 %. Only with approvers: without them the routing rules set each level's timeout, and build() refuses
         * a timeout that would be ignored.
         */
        public Builder timeout(Duration timeout) {
            double seconds = timeout.toSeconds().doubleValue();
            if (seconds < RuleLevel.MIN_TIMEOUT_SECONDS || seconds > RuleLevel.MAX_TIMEOUT_SECONDS) {
                throw new IllegalArgumentException("ApprovalGate timeout " + timeout.toHumanString() + " is outside"
                        + " 1 minute to 365 days: e.g. Duration.hours(24)");
            }
            this.timeout = timeout;
            this.timeoutSet = true;
            return this;
        }

        /** The JSONPath of the proposal in the state's input (default {@code $}: the whole input). */
        public Builder proposalPath(String proposalPath) {
            this.proposalPath = path("proposalPath", proposalPath, "$.proposal");
            return this;
        }

        /** Where the Decision goes in the state's output (default {@code $.decision}, beside the input). */
        public Builder resultPath(String resultPath) {
            String checked = path("resultPath", resultPath, "$.decision");
            if (checked.equals("$")) {
                throw new IllegalArgumentException("ApprovalGate resultPath '$' would replace the whole input with"
                        + " the Decision, and the proposal with it: give a field, e.g. $.decision");
            }
            this.resultPath = checked;
            return this;
        }

        /** Where an approved proposal continues (default: whatever follows the gate with {@code next}). */
        public Builder whenApproved(IChainable next) {
            this.whenApproved = next;
            return this;
        }

        /** Where a rejected (or timed-out, without whenTimedOut) one goes (default: fail with Countersign.NotApproved). */
        public Builder whenRejected(IChainable next) {
            this.whenRejected = next;
            return this;
        }

        /** Where a timed-out one goes (default: the rejected path). */
        public Builder whenTimedOut(IChainable next) {
            this.whenTimedOut = next;
            return this;
        }

        public ApprovalGate build() {
            return new ApprovalGate(this);
        }

        private static String path(String property, String value, String example) {
            if (value == null || !PATH.matcher(value).matches()) {
                throw new IllegalArgumentException("ApprovalGate " + property + " '" + value + "' is not a plain"
                        + " JSONPath to a field: write it like " + example);
            }
            return value;
        }
    }
}
