package dev.countersign.infra;

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
 * An approval gate to drop anywhere in a Step Functions workflow: the workflow pauses until a person approves or
 * rejects the proposal found at {@code proposalPath}, the Decision is written at {@code resultPath}, an "Approval
 * Decided" event goes to the Countersign bus, and the workflow continues on the approved, rejected or timed-out
 * path. Absence of approval is never approval: without {@code whenRejected} a rejection fails the execution.
 *
 * <pre>{@code
 * ApprovalGate gate = ApprovalGate.Builder.create(this, "RefundApproval")
 *         .proposalPath("$.proposal").resultPath("$.decision").timeout(Duration.hours(24))
 *         .whenApproved(issueRefund).whenRejected(notifyCustomer)
 *         .build();
 * StateMachine refunds = StateMachine.Builder.create(this, "Refunds")
 *         .definitionBody(DefinitionBody.fromChainable(proposeRefund.next(gate))).build();
 * gate.service().allowGatesIn(refunds);
 * }</pre>
 *
 * <p>States (named {@code "<id>: ..."}): RequestApproval (Lambda {@code .waitForTaskToken}, TimeoutSeconds =
 * timeout) → on {@code States.Timeout} RecordTimeout → PublishDecision ({@code events:putEvents}) → Outcome
 * (Choice). The happy path is three transitions plus the continuation.
 */
public final class ApprovalGate extends StateMachineFragment {
    private static final Pattern PATH = Pattern.compile("\\$(\\.[A-Za-z_][A-Za-z0-9_]*)*");
    private static final Pattern EMAIL = Pattern.compile("[^\\s@<>,]+@[^\\s@<>,]+\\.[^\\s@<>,]+");

    private final ApprovalService service;
    private final String gateName;
    private final String resultPath;
    private final LambdaInvoke request;
    private final LambdaInvoke recordTimeout;
    private final EventBridgePutEvents publish;
    private final Choice outcome;
    private final List<INextable> endStates;

    private ApprovalGate(Builder b) {
        super(b.scope, b.id);
        this.service = b.service != null ? b.service : ApprovalService.of(this);
        this.gateName = b.gateName != null ? b.gateName : kebab(b.id);
        this.resultPath = b.resultPath;
        String label = b.id + ": ";
        long timeoutSeconds = b.timeout.toSeconds().longValue();

        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("taskToken", JsonPath.getTaskToken());
        payload.put("executionArn", JsonPath.getExecutionId());
        payload.put("enteredTime", JsonPath.getStateEnteredTime());
        payload.put("gate", gateName);
        payload.put("level", 1);
        payload.put("timeoutSeconds", timeoutSeconds);
        payload.put("proposal", JsonPath.stringAt(b.proposalPath));
        if (!b.approvers.isEmpty()) {
            payload.put("approvers", b.approvers);
        }
        this.request = LambdaInvoke.Builder.create(this, "RequestApproval")
                .stateName(label + "RequestApproval")
                .comment("Validates and routes the proposal, stores the approval with this task's token, emails each"
                        + " approver a review link, then waits for the decision.")
                .lambdaFunction(service.requestFunction().invocable())
                .integrationPattern(IntegrationPattern.WAIT_FOR_TASK_TOKEN)
                .payload(TaskInput.fromObject(payload))
                .taskTimeout(Timeout.duration(b.timeout))
                .resultPath(resultPath)
                .build();

        Map<String, Object> timeoutPayload = new LinkedHashMap<>();
        timeoutPayload.put("executionArn", JsonPath.getExecutionId());
        timeoutPayload.put("gate", gateName);
        timeoutPayload.put("level", 1);
        this.recordTimeout = LambdaInvoke.Builder.create(this, "RecordTimeout")
                .stateName(label + "RecordTimeout")
                .comment("Nobody decided in time: records TIMED_OUT, invalidates the links, returns the not-approved"
                        + " Decision.")
                .lambdaFunction(service.timeoutFunction().invocable())
                .payload(TaskInput.fromObject(timeoutPayload))
                .payloadResponseOnly(true)
                .resultPath(resultPath)
                .build();
        request.addCatch(recordTimeout, CatchProps.builder()
                .errors(List.of("States.Timeout")).resultPath(JsonPath.DISCARD).build());

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
        request.next(publish);
        recordTimeout.next(publish);

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
        return request;
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

    public LambdaInvoke requestState() {
        return request;
    }

    public LambdaInvoke timeoutState() {
        return recordTimeout;
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
         * Who approves at this gate (default: none here — the proposal's routing hints, else the stack's
         * defaultApprovers). The requester and the proposing agent are always left out.
         */
        public Builder approvers(List<String> approvers) {
            for (String approver : approvers) {
                if (approver == null || !EMAIL.matcher(approver).matches()) {
                    throw new IllegalArgumentException("ApprovalGate approvers: '" + approver + "' is not an email"
                            + " address; list addresses such as lee@example.com");
                }
            }
            this.approvers = List.copyOf(approvers);
            return this;
        }

        /** How long approvers have (default 24 hours; at most a year, Standard workflows' limit). */
        public Builder timeout(Duration timeout) {
            double seconds = timeout.toSeconds().doubleValue();
            if (seconds < 60 || seconds > 366L * 24 * 3600) {
                throw new IllegalArgumentException("ApprovalGate timeout " + timeout.toHumanString() + " is outside"
                        + " 1 minute to 366 days: e.g. Duration.hours(24)");
            }
            this.timeout = timeout;
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
