package dev.countersign.infra;

import dev.countersign.example.IssueRefundFunction;
import dev.countersign.example.NotifyRejectionFunction;
import dev.countersign.example.RefundAgentFunction;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.aws_apigatewayv2_authorizers.HttpIamAuthorizer;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpStepFunctionsIntegration;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpStepFunctionsIntegrationProps;
import software.amazon.awscdk.services.apigatewayv2.AddRoutesOptions;
import software.amazon.awscdk.services.apigatewayv2.HttpIntegrationSubtype;
import software.amazon.awscdk.services.apigatewayv2.HttpMethod;
import software.amazon.awscdk.services.apigatewayv2.ParameterMapping;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.events.IEventBus;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.RuleTargetInput;
import software.amazon.awscdk.services.events.targets.SfnStateMachine;
import software.amazon.awscdk.services.events.targets.SfnStateMachineProps;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.ses.EmailIdentity;
import software.amazon.awscdk.services.stepfunctions.JsonPath;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.amazon.awscdk.services.stepfunctions.TaskInput;
import software.amazon.awscdk.services.stepfunctions.tasks.LambdaInvoke;
import software.constructs.Construct;

/**
 * Everything one {@code cdk deploy} needs: the {@link ApprovalService} (table, audit key, routing rules layer,
 * functions, review API, SES identity, bus), the nested gate workflow ({@link ApprovalGateWorkflow}) and the refund
 * example, both built with {@link ApprovalGate} (the files in {@code statemachines/} are generated from them), the
 * example's functions, {@code POST /proposals} (IAM-authorised, straight into StartExecution of the gate workflow),
 * the rule that starts the gate workflow on a "Proposal Submitted" event, and the outputs.
 *
 * <p>Construct ids of stateful resources are fixed (see {@code infra/stateful-logical-ids.txt} and its test): a
 * renamed state machine is a replaced one, and replacing it kills every paused execution.
 */
public final class CountersignStack extends Stack {
    public static final String GATE_WORKFLOW = "approval-gate";
    public static final String REFUND_WORKFLOW = "refund-workflow";
    public static final String PROPOSAL_SUBMITTED = "Proposal Submitted";

    public static final String REFUND_AGENT_HANDLER = RefundAgentFunction.class.getName();
    public static final String ISSUE_REFUND_HANDLER = IssueRefundFunction.class.getName();
    public static final String NOTIFY_REJECTION_HANDLER = NotifyRejectionFunction.class.getName();

    private final ApprovalService service;
    private final ApprovalGateWorkflow gateWorkflow;
    private final StateMachine refundWorkflow;
    private final Rule proposalSubmitted;
    private final List<JavaFunction> examples;
    private final ApprovalMonitoring monitoring;

    /** With the example workflow's steps deployed from the examples' jar ({@link FunctionsJar#examplesCode()}). */
    public CountersignStack(Construct scope, String id, StackProps props, CountersignConfig config, Code functions) {
        this(scope, id, props, config, functions, FunctionsJar.examplesCode());
    }

    /**
     * @param functions the Countersign functions' Lambda jar
     * @param examples  the example workflow's steps' Lambda jar
     */
    public CountersignStack(Construct scope, String id, StackProps props, CountersignConfig config, Code functions,
                            Code examples) {
        super(scope, id, props);
        this.service = ApprovalService.Builder.create(this, ApprovalService.DEFAULT_ID)
                .config(config).code(functions)
                .existingEmailIdentityObj(config.existingSenderIdentity()
                        ? EmailIdentity.fromEmailIdentityName(this, "ExistingSender", config.sesIdentity()) : null)
                .build();
        String prefix = config.resourcePrefix();

        JavaFunction refundAgent = new JavaFunction(this, "RefundAgentFunction", REFUND_AGENT_HANDLER,
                "Countersign example: the agent step that proposes a refund", examples, Map.of(),
                config.memorySize(), Duration.seconds(30), false, config.logRetention());
        JavaFunction issueRefund = new JavaFunction(this, "IssueRefundFunction", ISSUE_REFUND_HANDLER,
                "Countersign example: issues an approved refund (refuses anything not approved)", examples,
                Map.of(), config.memorySize(), Duration.seconds(30), false, config.logRetention());
        JavaFunction notifyRejection = new JavaFunction(this, "NotifyRejectionFunction", NOTIFY_REJECTION_HANDLER,
                "Countersign example: tells the customer-facing system a refund was not approved", examples,
                Map.of(), config.memorySize(), Duration.seconds(30), false, config.logRetention());

        this.examples = List.of(refundAgent, issueRefund, notifyRejection);

        // The gate on its own: what POST /proposals, the Proposal Submitted rule and nested callers start.
        this.gateWorkflow = ApprovalGateWorkflow.Builder.create(this, "ApprovalGateWorkflow")
                .service(service)
                .stateMachineName(prefix + "-" + GATE_WORKFLOW)
                .logRetention(config.logRetention())
                .build();

        // The example: an agent proposes a refund, a person decides, and only an approved refund is issued.
        LambdaInvoke proposeRefund = LambdaInvoke.Builder.create(this, "ProposeRefund")
                .comment("The agent step: looks at the order and prepares the refund it wants to make, with its"
                        + " reasoning and evidence. A team's model goes here; the example is deterministic.")
                .lambdaFunction(refundAgent.invocable())
                .payload(TaskInput.fromJsonPathAt("$"))
                .resultSelector(Map.of("proposal", JsonPath.objectAt("$.Payload")))
                .resultPath("$.agent")
                .build();
        LambdaInvoke issue = exampleStep("IssueRefund", "Runs only after an explicit approval; it receives the"
                + " Decision so it can refuse parameters that were not approved.", issueRefund, "refund");
        LambdaInvoke notify = exampleStep("NotifyRejection", "The not-approved path (rejected or timed out): tell"
                + " the customer-facing system, issue nothing.", notifyRejection, "notification");
        ApprovalGate refundGate = ApprovalGate.Builder.create(this, "RefundApproval")
                .service(service)
                .stateNamePrefix("")
                .proposalPath("$.agent.proposal")
                .resultPath("$.decision")
                .whenApproved(issue)
                .whenRejected(notify)
                .build();
        this.refundWorkflow = Workflows.standard(this, "RefundWorkflow", prefix + "-" + REFUND_WORKFLOW,
                "Countersign example: an agent proposes a refund, a person approves or rejects it, and only an"
                        + " approved refund is issued.", proposeRefund.next(refundGate), config.logRetention());
        service.allowGatesIn(refundWorkflow);

        // POST /proposals: the body is the Proposal, straight into StartExecution of the gate workflow.
        service.api().addRoutes(AddRoutesOptions.builder()
                .path("/proposals")
                .methods(List.of(HttpMethod.POST))
                .authorizer(new HttpIamAuthorizer())
                .integration(new HttpStepFunctionsIntegration("StartGate", HttpStepFunctionsIntegrationProps.builder()
                        .stateMachine(gateWorkflow.stateMachine())
                        .subtype(HttpIntegrationSubtype.STEPFUNCTIONS_START_EXECUTION)
                        // Without Input, StartExecution would run with {} and the proposal would be lost.
                        .parameterMapping(new ParameterMapping()
                                .custom("StateMachineArn", gateWorkflow.stateMachine().getStateMachineArn())
                                .custom("Input", "$request.body"))
                        .build()))
                .build());

        // Another service puts {"detail-type": "Proposal Submitted", "detail": <Proposal>} on the bus.
        this.proposalSubmitted = Rule.Builder.create(this, "ProposalSubmittedRule")
                .eventBus(service.eventBus())
                .description("Starts the approval gate workflow with the event's detail (a Proposal)")
                // A source as well: the functions may put events only with source "countersign", which never starts a gate.
                .eventPattern(EventPattern.builder().source(config.proposalSources())
                        .detailType(List.of(PROPOSAL_SUBMITTED)).build())
                .targets(List.of(new SfnStateMachine(gateWorkflow.stateMachine(), SfnStateMachineProps.builder()
                        .input(RuleTargetInput.fromEventPath("$.detail"))
                        .retryAttempts(4)
                        .maxEventAge(Duration.hours(24))
                        .build())))
                .build();

        CfnOutput.Builder.create(this, "ApiUrl").description("Review pages and POST /proposals")
                .value(service.api().getApiEndpoint()).build();
        CfnOutput.Builder.create(this, "ReviewBaseUrl").description("Where review links point")
                .value(config.baseUrl() != null ? config.baseUrl().toString() : service.api().getApiEndpoint())
                .build();
        CfnOutput.Builder.create(this, "ApprovalGateStateMachineArn")
                .value(gateWorkflow.stateMachine().getStateMachineArn()).build();
        CfnOutput.Builder.create(this, "RefundWorkflowStateMachineArn")
                .value(refundWorkflow.getStateMachineArn()).build();
        CfnOutput.Builder.create(this, "EventBusName").value(service.eventBus().getEventBusName()).build();
        CfnOutput.Builder.create(this, "AuditAnchorsLogGroup").description("Published anchors of the audit chains")
                .value(service.auditAnchors().getLogGroupName()).build();
        CfnOutput.Builder.create(this, "ApprovalsTableName").value(service.table().getTableName()).build();

        suppressJustifiedFindings();
        this.monitoring = new ApprovalMonitoring(this, "Monitoring", service,
                List.of(gateWorkflow.stateMachine(), refundWorkflow),
                rulesInOrder(proposalSubmitted, service.auditAnchorRule(), service.eventBus()),
                config.alarmEmail());
        Aspects.of(this).add(new ServicePrincipalConditions());
        service.createTableAfter(this);
    }

    public ApprovalMonitoring monitoring() {
        return monitoring;
    }

    public ApprovalService service() {
        return service;
    }

    /** The gate on its own (the nested form). */
    public ApprovalGateWorkflow gateWorkflow() {
        return gateWorkflow;
    }

    public StateMachine refundWorkflow() {
        return refundWorkflow;
    }

    public Rule proposalSubmittedRule() {
        return proposalSubmitted;
    }

    /** An example step: invokes the function with the proposal and the Decision, keeps its answer at $.result. */
    private LambdaInvoke exampleStep(String id, String comment, JavaFunction function, String field) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("proposal", JsonPath.objectAt("$.agent.proposal"));
        payload.put("decision", JsonPath.objectAt("$.decision"));
        return LambdaInvoke.Builder.create(this, id)
                .comment(comment)
                .lambdaFunction(function.invocable())
                .payload(TaskInput.fromObject(payload))
                .resultSelector(Map.of(field, JsonPath.objectAt("$.Payload")))
                .resultPath("$.result")
                // An action that moves money is not retried blindly: a failure is for a person to look at.
                .retryOnServiceExceptions(false)
                .build();
    }

    private List<String> invokeSubjects(StateMachine workflow) {
        List<String> subjects = new java.util.ArrayList<>();
        subjects.add("Resource::*");
        List<JavaFunction> invoked = new java.util.ArrayList<>(service.gateFunctions());
        if (workflow == refundWorkflow) {
            invoked.addAll(examples);
        }
        for (JavaFunction function : invoked) {
            subjects.add("Resource::<" + Nag.logicalId(function.invocable()) + ".Arn>:*");
        }
        return subjects;
    }

    /** cdk-nag findings that are deliberate, each with its reason; everything else must pass AwsSolutionsChecks. */
    private void suppressJustifiedFindings() {
        for (StateMachine workflow : List.of(gateWorkflow.stateMachine(), refundWorkflow)) {
            Nag.suppress(workflow, "AwsSolutions-IAM5", "grantInvoke also allows the function's versions and"
                    + " aliases (<function ARN>:*); CloudWatch Logs delivery and X-Ray actions support no"
                    + " resource-level permissions, so CDK grants them on '*'.", invokeSubjects(workflow));
        }
    }

    /** The rules on one bus, in the order given: the alarms are made in it, so the template does not vary by JVM. */
    private static Map<Rule, IEventBus> rulesInOrder(
            Rule first, Rule second, IEventBus bus) {
        Map<Rule, IEventBus> rules = new LinkedHashMap<>();
        rules.put(first, bus);
        rules.put(second, bus);
        return rules;
    }
}
