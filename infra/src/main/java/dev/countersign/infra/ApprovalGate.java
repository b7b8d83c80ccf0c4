package dev.countersign.infra;

import dev.countersign.approval.ApprovalLimits;
import dev.countersign.core.EmailAddress;
import dev.countersign.routing.RuleLevel;
import dev.countersign.workflow.GateProtocol;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 *         .proposalPath("$.proposal").resultPath("$.decision")          // default: the execution's input, $.decision
 *         .approvers(List.of("lee@example.com")).timeout(Duration.hours(24))   // or neither: the routing rules
 *         .whenApproved(issueRefund).whenRejected(notifyCustomer)
 *         .build();
 * StateMachine refunds = StateMachine.Builder.create(this, "Refunds")
 *         .definitionBody(DefinitionBody.fromChainable(proposeRefund.next(gate))).build();
 * gate.service().allowGatesIn(refunds);
 * }</pre>
 *
 * <p>This class is the only author of gate states: the stack's workflows are built with it, the nested gate workflow
 * ({@link ApprovalGateWorkflow}) is one of it, and {@code statemachines/*.asl.json} are generated from what it
 * synthesises ({@link GeneratedDefinitions}). The field names it passes are {@link GateProtocol}'s, which the
 * functions read. The states (docs/escalation.md), named {@code "<id>: ..."} unless {@code stateNamePrefix} says
 * otherwise:
 * Route (the route function: the rules file, or this gate's own {@code approvers} and {@code timeout} as a one-level
 * route) → RequestApproval (Lambda {@code .waitForTaskToken}, {@code TimeoutSecondsPath} = the route's current phase)
 * → PublishDecision ({@code events:putEvents}) → Outcome (only an explicit {@code APPROVED} takes {@code
 * whenApproved}). On {@code States.Timeout}, Escalate (reminder, next level, or the fallback's Decision) → Escalated:
 * RequestApproval again, NoDecision (a Fail, fallback FAILED), or PublishDecision with the fallback's Decision. The
 * happy path is three transitions (Route, RequestApproval, PublishDecision) plus Outcome.
 * Every Lambda task retries {@link #RETRIED_ERRORS} (Lambda's transient errors) the same way, and never a refusal;
 * RequestApproval and Escalate also wait out a store or Step Functions outage ({@link #OUTAGE_ERRORS}).
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
    /** The error of the default rejected path: the gate did not approve and the workflow said nothing else. */
    public static final String NOT_APPROVED = "Countersign.NotApproved";
    /** {@link Builder#proposalPath} for a proposal that is the execution's own input, wherever the gate stands. */
    public static final String EXECUTION_INPUT = "$$.Execution.Input";
    /** The errors every gate Task retries: Lambda's transient invocation errors ({@link GateProtocol}). */
    public static final List<String> RETRIED_ERRORS = GateProtocol.TRANSIENT_LAMBDA_ERRORS;
    /**
     * The errors RequestApproval and Escalate retry for minutes: the functions' own names for a passing outage of
     * the approval store or of Step Functions ({@code Countersign.StoreUnavailable},
     * {@code Countersign.WorkflowUnavailable}).
     */
    public static final List<String> OUTAGE_ERRORS = GateProtocol.TRANSIENT_ERRORS;

    /**
     * One retry policy for the gate's Lambda tasks: 2 s, doubling, full jitter, six attempts (about two minutes in
     * all). A refusal is never retried (it would be refused again).
     */
    private static final RetryProps LAMBDA_RETRY = RetryProps.builder().errors(RETRIED_ERRORS)
            .interval(Duration.seconds(2)).maxAttempts(6).backoffRate(2).jitterStrategy(JitterType.FULL).build();
    /**
     * A passing outage of the approval store or of Step Functions, as the request and escalate functions report it
     * ({@link GateProtocol#TRANSIENT_ERRORS}, after their own few seconds of retries): 5 s, doubling up to a minute
     * apart, full jitter, 30 attempts — up to about 27 minutes (half that on average) is waited out, so an outage never
     * becomes a failed gate. Only an error that would repeat (a bug, a missing table, a refusal) fails it.
     */
    private static final RetryProps OUTAGE_RETRY = RetryProps.builder().errors(GateProtocol.TRANSIENT_ERRORS)
            .interval(Duration.seconds(5)).maxAttempts(30).backoffRate(2).maxDelay(Duration.seconds(60))
            .jitterStrategy(JitterType.FULL).build();
    /** A decision that cannot be announced fails the execution loudly (it can be redriven), after these retries. */
    private static final RetryProps PUBLISH_RETRY = RetryProps.builder().errors(List.of("States.TaskFailed"))
            .interval(Duration.seconds(1)).maxAttempts(4).backoffRate(2).jitterStrategy(JitterType.FULL).build();


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
        if (GatePaths.overlaps(b.proposalPath, b.resultPath)) {
            // The route (then the Decision) written at resultPath would become part of the proposal, or replace it:
            // the request step would see a different proposal than the one routed, and refuse it.
            throw new IllegalArgumentException("ApprovalGate " + b.id + ": proposalPath '" + b.proposalPath
                    + "' and resultPath '" + b.resultPath + "' overlap, so the gate's own result would change the"
                    + " proposal: put the proposal in a field of its own (proposalPath(\"$.proposal\")), or read it"
                    + " from the execution's input (proposalPath(ApprovalGate.EXECUTION_INPUT))");
        }
        this.service = b.service != null ? b.service : ApprovalService.of(this);
        this.gateName = b.gateName != null ? b.gateName : GatePaths.gateName(b.id);
        this.resultPath = b.resultPath;
        String label = b.stateNamePrefix != null ? b.stateNamePrefix : b.id + ": ";
        String slot = resultPath;

        Map<String, Object> routeInput = new LinkedHashMap<>();
        routeInput.put(GateProtocol.EXECUTION_ARN, JsonPath.getExecutionId());
        routeInput.put(GateProtocol.GATE, gateName);
        routeInput.put(GateProtocol.PROPOSAL, GatePaths.proposalAt(b.proposalPath));
        if (!b.approvers.isEmpty()) {
            // The gate's own approvers make a one-level route of this timeout instead of the rules file.
            routeInput.put(GateProtocol.APPROVERS, b.approvers);
            routeInput.put(GateProtocol.TIMEOUT_SECONDS, b.timeout.toSeconds().longValue());
        }
        this.route = LambdaInvoke.Builder.create(this, "Route")
                .stateName(label + "Route")
                .comment("Validates the proposal and picks its route (" + (b.approvers.isEmpty()
                        ? "the routing rules file" : "this gate's own approvers") + "): who is asked at each"
                        + " escalation level, the quorum, the parameters an approver may change, the fallback, and the"
                        + " first wait. An invalid or unroutable proposal fails this state, before anything is stored"
                        + " or emailed, with Countersign.InvalidProposal, Countersign.NoRoute or"
                        + " Countersign.RoutingError; the happy path needs no Choice to look for it.")
                .lambdaFunction(service.routeFunction().invocable())
                .payload(TaskInput.fromObject(routeInput))
                .payloadResponseOnly(true)
                .retryOnServiceExceptions(false)
                .resultPath(slot)
                .build();
        route.addRetry(LAMBDA_RETRY);

        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put(GateProtocol.TASK_TOKEN, JsonPath.getTaskToken());
        payload.put(GateProtocol.EXECUTION_ARN, JsonPath.getExecutionId());
        payload.put(GateProtocol.GATE, gateName);
        payload.put(GateProtocol.PROPOSAL, GatePaths.proposalAt(b.proposalPath));
        payload.put(GateProtocol.APPROVAL, JsonPath.objectAt(slot));
        payload.put(GateProtocol.ENTERED_TIME, JsonPath.getStateEnteredTime());
        this.request = LambdaInvoke.Builder.create(this, "RequestApproval")
                .stateName(label + "RequestApproval")
                .comment("Stores the approval with this task's token and emails the current level's recipients a"
                        + " review link (level 1: the request; a later level: the escalation; the same level again"
                        + " after a reminder: nothing), then waits for the decision for as long as the route's"
                        + " current phase lasts.")
                .lambdaFunction(service.requestFunction().invocable())
                .integrationPattern(IntegrationPattern.WAIT_FOR_TASK_TOKEN)
                .payload(TaskInput.fromObject(payload))
                .taskTimeout(Timeout.at(slot + "." + GateProtocol.PHASE + "." + GateProtocol.PHASE_SECONDS))
                .retryOnServiceExceptions(false)
                .resultPath(slot)
                .build();
        request.addRetry(LAMBDA_RETRY);
        request.addRetry(OUTAGE_RETRY);

        Map<String, Object> escalateInput = new LinkedHashMap<>();
        escalateInput.put(GateProtocol.EXECUTION_ARN, JsonPath.getExecutionId());
        escalateInput.put(GateProtocol.GATE, gateName);
        escalateInput.put(GateProtocol.APPROVAL, JsonPath.objectAt(slot));
        this.escalate = LambdaInvoke.Builder.create(this, "Escalate")
                .stateName(label + "Escalate")
                .comment("The current phase ran out. REMIND: the level's recipients are reminded once, and the gate"
                        + " waits for the rest of the level. DEADLINE: the level is TIMED_OUT and its links stop"
                        + " working; the next level is asked, or, when none is left, the rule's fallback decides.")
                .lambdaFunction(service.escalateFunction().invocable())
                .payload(TaskInput.fromObject(escalateInput))
                .payloadResponseOnly(true)
                .retryOnServiceExceptions(false)
                .resultPath(slot)
                .build();
        escalate.addRetry(LAMBDA_RETRY);
        escalate.addRetry(OUTAGE_RETRY);
        request.addCatch(escalate, CatchProps.builder()
                .errors(List.of("States.Timeout")).resultPath(JsonPath.DISCARD).build());

        Fail noDecision = Fail.Builder.create(this, "NoDecision").stateName(label + "NoDecision")
                .comment("Nobody decided at any level and the rule's fallback is FAILED.")
                .errorPath(slot + "." + GateProtocol.FAILED + "." + GateProtocol.FAILED_ERROR)
                .causePath(slot + "." + GateProtocol.FAILED + "." + GateProtocol.FAILED_CAUSE).build();
        this.escalated = Choice.Builder.create(this, "Escalated").stateName(label + "Escalated")
                .comment("A route with a phase waits again; a failure ends the gate (fallback FAILED); anything else"
                        + " is the Decision the fallback (or a decision that raced the timer) produced, published"
                        + " like a person's.")
                .build();

        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put(GateProtocol.GATE, gateName);
        detail.put(GateProtocol.EXECUTION_ARN, JsonPath.getExecutionId());
        detail.put("decision", JsonPath.objectAt(slot));
        EventBridgePutEvents.Builder publishing = EventBridgePutEvents.Builder.create(this, "PublishDecision")
                .stateName(label + "PublishDecision")
                .comment("Tells other services the outcome: an \"" + ApprovalService.DECIDED_DETAIL_TYPE + "\" event"
                        + " on the Countersign bus with the Decision (never the proposal or the task token). If it"
                        + " still fails after the retries the execution fails, and can be redriven from here.")
                .entries(List.of(EventBridgePutEventsEntry.builder()
                        .eventBus(service.eventBus())
                        .source(ApprovalService.EVENT_SOURCE)
                        .detailType(ApprovalService.DECIDED_DETAIL_TYPE)
                        .detail(TaskInput.fromObject(detail))
                        .build()))
                .resultPath(JsonPath.DISCARD);
        if (b.decisionIsOutput) {
            publishing.outputPath(slot);
        }
        this.publish = publishing.build();
        publish.addRetry(PUBLISH_RETRY);

        // No Choice after Route: a refusal is the Route state's own error, so the happy path saves a transition.
        route.next(request);
        request.next(publish);
        escalate.next(escalated);
        escalated.when(Condition.isPresent(slot + "." + GateProtocol.PHASE), request)
                .when(Condition.isPresent(slot + "." + GateProtocol.FAILED), noDecision)
                .otherwise(publish);

        if (b.decisionIsOutput) {
            // The nested gate workflow: the Decision is the execution's output; the caller branches on it.
            this.outcome = null;
            this.endStates = List.of(publish);
            return;
        }
        IChainable approved = b.whenApproved != null ? b.whenApproved
                : Pass.Builder.create(this, "Approved").stateName(label + "Approved").build();
        IChainable rejected = b.whenRejected != null ? b.whenRejected
                : Fail.Builder.create(this, "NotApproved").stateName(label + "NotApproved")
                        .error(NOT_APPROVED)
                        .cause("approval gate '" + gateName + "' did not approve the proposal").build();
        this.outcome = Choice.Builder.create(this, "Outcome").stateName(label + "Outcome")
                .comment("Only an explicit APPROVED continues on the approved path; REJECTED, TIMED_OUT, CANCELLED and"
                        + " anything unknown do not.")
                .build();
        String outcomeField = slot + "." + GateProtocol.OUTCOME;
        outcome.when(Condition.stringEquals(outcomeField, "APPROVED"), approved);
        if (b.whenTimedOut != null) {
            outcome.when(Condition.stringEquals(outcomeField, "TIMED_OUT"), b.whenTimedOut);
        }
        outcome.otherwise(rejected);
        publish.next(outcome);
        this.endStates = new ArrayList<>(outcome.afterwards().getEndStates());
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

    /** The Outcome choice (null for the nested gate workflow, whose output is the Decision). */
    public Choice outcomeState() {
        return outcome;
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
        private String proposalPath = EXECUTION_INPUT;
        private String resultPath = "$.decision";
        private String stateNamePrefix;
        private boolean decisionIsOutput;
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

        /** The shared service (default: the stack's, {@link ApprovalService#of(Construct)}). */
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

        /**
         * Where the proposal is: a JSONPath to a field of the state's input (e.g. {@code $.proposal}, the agent step's
         * result), or {@link #EXECUTION_INPUT} (the default) when the proposal is what the execution was started with.
         * Not {@code $} and not a field that contains {@link #resultPath}: the gate writes its route and Decision
         * there, which would change the proposal.
         */
        public Builder proposalPath(String proposalPath) {
            this.proposalPath = EXECUTION_INPUT.equals(proposalPath) ? proposalPath
                    : path("proposalPath", proposalPath, "$.proposal");
            return this;
        }

        /**
         * The prefix of the gate's state names (default {@code "<id>: "}, e.g. {@code "RefundApproval: Route"}), so
         * that several gates in one workflow have distinct states; a workflow with one gate may use {@code ""}.
         */
        public Builder stateNamePrefix(String stateNamePrefix) {
            if (stateNamePrefix == null || stateNamePrefix.length() > 40) {
                throw new IllegalArgumentException("ApprovalGate stateNamePrefix must be at most 40 characters"
                        + " (state names are at most 80), e.g. \"RefundApproval: \" or \"\"");
            }
            this.stateNamePrefix = stateNamePrefix;
            return this;
        }

        /**
         * For the nested gate workflow ({@link ApprovalGateWorkflow}): the gate ends at PublishDecision with the
         * Decision as its output, without an Outcome choice; the calling workflow branches on it.
         */
        Builder decisionIsOutput() {
            if (whenApproved != null || whenRejected != null || whenTimedOut != null) {
                throw new IllegalStateException("a gate whose output is the Decision has no continuations");
            }
            this.decisionIsOutput = true;
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
            if (value == null || !GatePaths.isPath(value)) {
                throw new IllegalArgumentException("ApprovalGate " + property + " '" + value + "' is not a plain"
                        + " JSONPath to a field: write it like " + example);
            }
            return value;
        }
    }
}
