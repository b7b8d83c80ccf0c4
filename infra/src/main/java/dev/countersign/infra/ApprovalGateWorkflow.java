package dev.countersign.infra;

import dev.countersign.workflow.GateProtocol;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.stepfunctions.IStateMachine;
import software.amazon.awscdk.services.stepfunctions.IntegrationPattern;
import software.amazon.awscdk.services.stepfunctions.JsonPath;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.amazon.awscdk.services.stepfunctions.TaskInput;
import software.amazon.awscdk.services.stepfunctions.tasks.StepFunctionsStartExecution;
import software.constructs.Construct;

/**
 * The approval gate as a workflow of its own, for every workflow that does not use the {@link ApprovalGate} fragment
 * (plain ASL, SAM, Terraform, the console): one Task state calls it with
 * {@code arn:aws:states:::states:startExecution.sync:2} and gets the Decision back (docs/gate-forms.md). Its input is
 * the Proposal — or {@code {"proposal": <Proposal>, "AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID": <parent id>}} when
 * the caller links the child to itself — and its output the Decision. A refusal (invalid or unroutable proposal), or
 * the fallback FAILED, fails the execution, which fails the caller's task with {@code States.TaskFailed}.
 *
 * <p>The states are {@link ApprovalGate}'s, with plain names (Route, RequestApproval, Escalate, Escalated,
 * NoDecision, PublishDecision) and the gate name {@value #GATE_NAME}. It is also what {@code POST /proposals} and the
 * {@code Proposal Submitted} rule start.
 *
 * <p>A workflow that calls it must be allowed to: CDK's {@link StepFunctionsStartExecution} (e.g. {@link
 * #startTask}) grants what it needs itself; a definition written as text needs {@link #allowNestedIn}. Synth fails,
 * naming the missing call, for a workflow that refers to this one without either.
 */
public final class ApprovalGateWorkflow extends Construct {
    /** The gate's name in approvals and events. */
    public static final String GATE_NAME = "approval-gate";
    /** The rule Step Functions manages to learn that a {@code .sync} child ended (the caller's role needs it). */
    public static final String SYNC_EVENTS_RULE = "StepFunctionsGetEventsForStepFunctionsExecutionRule";

    private final ApprovalGate gate;
    private final StateMachine stateMachine;
    private final List<IStateMachine> callers = new ArrayList<>();

    private ApprovalGateWorkflow(Builder b) {
        super(b.scope, b.id);
        ApprovalService service = Objects.requireNonNull(b.service, "service");
        this.gate = ApprovalGate.Builder.create(this, "Gate")
                .service(service)
                .gateName(GATE_NAME)
                .stateNamePrefix("")
                .proposalPath(ApprovalGate.EXECUTION_INPUT)
                .resultPath("$." + GateProtocol.APPROVAL)
                .decisionIsOutput()
                .build();
        // "Default" keeps the state machine's logical id what it was before this construct wrapped it.
        this.stateMachine = Workflows.standard(this, "Default", b.name, "Countersign approval gate. Input: a"
                + " Proposal (or {\"proposal\": <Proposal>, \"" + GateProtocol.STARTED_BY + "\": <caller's"
                + " execution id>}). Output: the Decision. The Route step picks who decides from the rules file; the"
                + " workflow pauses on a task token while the current level's approvers are asked, reminded once,"
                + " and escalated to the next level when their time runs out. After the last level the rule's"
                + " fallback applies (REJECTED unless the rule says otherwise): silence never approves a risky"
                + " action.", gate, b.logRetention);
        service.allowGatesIn(stateMachine);
        getNode().addValidation(this::callersWithoutGrant);
    }

    /** The deployed gate workflow. */
    public StateMachine stateMachine() {
        return stateMachine;
    }

    /** The gate fragment it runs. */
    public ApprovalGate gate() {
        return gate;
    }

    /**
     * Lets {@code caller} (a workflow whose definition is text: ASL, {@code DefinitionBody.fromFile}) run this gate as
     * a nested {@code .sync} execution: StartExecution on this workflow, DescribeExecution and StopExecution on its
     * executions, and the managed EventBridge rule {@value #SYNC_EVENTS_RULE} that {@code .sync} uses.
     */
    public void allowNestedIn(IStateMachine caller) {
        if (callers.contains(caller)) {
            return;
        }
        callers.add(caller);
        Stack stack = Stack.of(this);
        String executions = stack.formatArn(ArnComponents.builder().service("states").resource("execution")
                .arnFormat(ArnFormat.COLON_RESOURCE_NAME)
                .resourceName(stateMachine.getStateMachineName() + ":*").build());
        String rule = stack.formatArn(ArnComponents.builder().service("events").resource("rule")
                .resourceName(SYNC_EVENTS_RULE).build());
        for (PolicyStatement statement : List.of(
                PolicyStatement.Builder.create().actions(List.of("states:StartExecution"))
                        .resources(List.of(stateMachine.getStateMachineArn())).build(),
                PolicyStatement.Builder.create().actions(List.of("states:DescribeExecution", "states:StopExecution"))
                        .resources(List.of(executions)).build(),
                PolicyStatement.Builder.create()
                        .actions(List.of("events:PutTargets", "events:PutRule", "events:DescribeRule"))
                        .resources(List.of(rule)).build())) {
            caller.getGrantPrincipal().addToPrincipalPolicy(statement);
        }
        Nag.suppress(caller, "AwsSolutions-IAM5", "A nested .sync call describes and stops the gate's executions,"
                + " whose names are not known before they start (<gate execution ARN prefix>:*); that is the"
                + " narrowest resource Step Functions allows.", null);
    }

    /**
     * A Task state for a CDK workflow that calls this gate as a nested workflow ({@code .sync:2}, linked to the
     * caller): the proposal at {@code proposalPath} goes in, the Decision comes back at {@code <resultPath>.decision}.
     * The child's name is derived from the caller's execution and this state, so a task retried while its gate
     * execution still runs rejoins it instead of asking the approvers twice (StartExecution is idempotent for the
     * same name and input). CDK grants the calling workflow what the call needs.
     */
    public StepFunctionsStartExecution startTask(Construct scope, String id, String proposalPath, String resultPath) {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put(GateProtocol.PROPOSAL, JsonPath.objectAt(proposalPath));
        return StepFunctionsStartExecution.Builder.create(scope, id)
                .stateMachine(stateMachine)
                .integrationPattern(IntegrationPattern.RUN_JOB)
                .input(TaskInput.fromObject(input))
                .associateWithParent(true)
                .name(JsonPath.hash(JsonPath.format("{}/{}", JsonPath.getExecutionId(),
                        JsonPath.stringAt("$$.State.Name")), "SHA-1"))
                .resultSelector(Map.of("decision", JsonPath.objectAt("$.Output")))
                .resultPath(resultPath)
                .build();
    }

    /** Synth fails for a workflow that calls this one without being allowed to (it would fail with AccessDenied). */
    private List<String> callersWithoutGrant() {
        List<String> problems = new ArrayList<>();
        String self = Workflows.logicalId(stateMachine);
        for (StateMachine machine : Workflows.inStack(this)) {
            if (machine == stateMachine || callers.contains(machine) || !Workflows.refersTo(machine, self)) {
                continue;
            }
            if (!Workflows.roleAllows(machine.getRole(), "states:StartExecution", self)) {
                problems.add("workflow " + Workflows.describe(machine) + " calls the nested approval gate "
                        + Workflows.describe(stateMachine) + " but may not start it: call"
                        + " gateWorkflow.allowNestedIn(workflow) after creating it (or build the call with"
                        + " gateWorkflow.startTask(...), which grants it). Without it the call fails at run time with"
                        + " AccessDeniedException.");
            }
        }
        return problems;
    }

    /** Builds an {@link ApprovalGateWorkflow}. */
    public static final class Builder {
        private final Construct scope;
        private final String id;
        private ApprovalService service;
        private String name;
        private RetentionDays logRetention = RetentionDays.THREE_MONTHS;

        private Builder(Construct scope, String id) {
            this.scope = scope;
            this.id = id;
        }

        public static Builder create(Construct scope, String id) {
            return new Builder(scope, id);
        }

        /** The service whose functions the gate runs (required). */
        public Builder service(ApprovalService service) {
            this.service = service;
            return this;
        }

        /** The state machine's name (default {@code <service's resource prefix>-approval-gate}). */
        public Builder stateMachineName(String name) {
            this.name = name;
            return this;
        }

        /** Retention of the workflow's log group (default three months, or the service's configured retention). */
        public Builder logRetention(RetentionDays logRetention) {
            this.logRetention = Objects.requireNonNull(logRetention, "logRetention");
            return this;
        }

        public ApprovalGateWorkflow build() {
            Objects.requireNonNull(service, "service: pass the stack's ApprovalService");
            if (name == null) {
                name = service.config().resourcePrefix() + "-" + GATE_NAME;
            }
            return new ApprovalGateWorkflow(this);
        }
    }
}
