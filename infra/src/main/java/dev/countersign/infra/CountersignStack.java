package dev.countersign.infra;

import dev.countersign.example.IssueRefundFunction;
import dev.countersign.example.NotifyRejectionFunction;
import dev.countersign.example.RefundAgentFunction;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
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
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.RuleTargetInput;
import software.amazon.awscdk.services.events.targets.SfnStateMachine;
import software.amazon.awscdk.services.events.targets.SfnStateMachineProps;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.stepfunctions.DefinitionBody;
import software.amazon.awscdk.services.stepfunctions.LogLevel;
import software.amazon.awscdk.services.stepfunctions.LogOptions;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.amazon.awscdk.services.stepfunctions.StateMachineType;
import software.constructs.Construct;

/**
 * Everything one {@code cdk deploy} needs: the {@link ApprovalService} (table, audit key, routing rules layer,
 * functions, review API, SES identity, bus), the workflows in {@code statemachines/} (the approval gate on its own and the refund example)
 * loaded from file with DefinitionSubstitutions, the example's functions, {@code POST /proposals} (IAM-authorised,
 * straight into StartExecution of the gate workflow), the rule that starts the gate workflow on a "Proposal
 * Submitted" event, and the outputs.
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
    private final StateMachine gateWorkflow;
    private final StateMachine refundWorkflow;
    private final Rule proposalSubmitted;
    private final List<JavaFunction> examples;

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
                .config(config).code(functions).build();
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

        Map<String, String> gateSubstitutions = new LinkedHashMap<>();
        gateSubstitutions.put("RouteFunctionArn", service.routeFunction().invocable().getFunctionArn());
        gateSubstitutions.put("RequestFunctionArn", service.requestFunction().invocable().getFunctionArn());
        gateSubstitutions.put("EscalateFunctionArn", service.escalateFunction().invocable().getFunctionArn());
        gateSubstitutions.put("EventBusName", service.eventBus().getEventBusName());
        this.gateWorkflow = workflow("ApprovalGateWorkflow", prefix, WorkflowDefinition.load(GATE_WORKFLOW),
                gateSubstitutions, config);

        Map<String, String> refundSubstitutions = new LinkedHashMap<>(gateSubstitutions);
        refundSubstitutions.put("RefundAgentFunctionArn", refundAgent.invocable().getFunctionArn());
        refundSubstitutions.put("IssueRefundFunctionArn", issueRefund.invocable().getFunctionArn());
        refundSubstitutions.put("NotifyRejectionFunctionArn", notifyRejection.invocable().getFunctionArn());
        this.refundWorkflow = workflow("RefundWorkflow", prefix, WorkflowDefinition.load(REFUND_WORKFLOW),
                refundSubstitutions, config);

        // The definitions are text, so CDK cannot infer the workflows' permissions: grant each call they make.
        for (StateMachine workflow : List.of(gateWorkflow, refundWorkflow)) {
            service.gateFunctions().forEach(function -> function.grantInvoke(workflow));
            service.eventBus().grantPutEventsTo(workflow);
            service.allowGatesIn(workflow);
        }
        refundAgent.grantInvoke(refundWorkflow);
        issueRefund.grantInvoke(refundWorkflow);
        notifyRejection.grantInvoke(refundWorkflow);

        // POST /proposals: the body is the Proposal, straight into StartExecution of the gate workflow.
        service.api().addRoutes(AddRoutesOptions.builder()
                .path("/proposals")
                .methods(List.of(HttpMethod.POST))
                .authorizer(new HttpIamAuthorizer())
                .integration(new HttpStepFunctionsIntegration("StartGate", HttpStepFunctionsIntegrationProps.builder()
                        .stateMachine(gateWorkflow)
                        .subtype(HttpIntegrationSubtype.STEPFUNCTIONS_START_EXECUTION)
                        // Without Input, StartExecution would run with {} and the proposal would be lost.
                        .parameterMapping(new ParameterMapping()
                                .custom("StateMachineArn", gateWorkflow.getStateMachineArn())
                                .custom("Input", "$request.body"))
                        .build()))
                .build());

        // Another service puts {"detail-type": "Proposal Submitted", "detail": <Proposal>} on the bus.
        this.proposalSubmitted = Rule.Builder.create(this, "ProposalSubmittedRule")
                .eventBus(service.eventBus())
                .description("Starts the approval gate workflow with the event's detail (a Proposal)")
                .eventPattern(EventPattern.builder().detailType(List.of(PROPOSAL_SUBMITTED)).build())
                .targets(List.of(new SfnStateMachine(gateWorkflow, SfnStateMachineProps.builder()
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
                .value(gateWorkflow.getStateMachineArn()).build();
        CfnOutput.Builder.create(this, "RefundWorkflowStateMachineArn")
                .value(refundWorkflow.getStateMachineArn()).build();
        CfnOutput.Builder.create(this, "EventBusName").value(service.eventBus().getEventBusName()).build();
        CfnOutput.Builder.create(this, "AuditAnchorsLogGroup").description("Published anchors of the audit chains")
                .value(service.auditAnchors().getLogGroupName()).build();
        CfnOutput.Builder.create(this, "ApprovalsTableName").value(service.table().getTableName()).build();

        suppressJustifiedFindings();
    }

    public ApprovalService service() {
        return service;
    }

    public StateMachine gateWorkflow() {
        return gateWorkflow;
    }

    public StateMachine refundWorkflow() {
        return refundWorkflow;
    }

    public Rule proposalSubmittedRule() {
        return proposalSubmitted;
    }

    private StateMachine workflow(String id, String prefix, WorkflowDefinition definition,
                                  Map<String, String> substitutions, CountersignConfig config) {
        // Its own log group; execution data (proposals, decisions, task tokens) never reaches the logs.
        LogGroup logs = LogGroup.Builder.create(this, id + "Logs")
                .logGroupName("/aws/vendedlogs/states/" + prefix + "-" + definition.name())
                .retention(config.logRetention())
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        return StateMachine.Builder.create(this, id)
                .stateMachineName(prefix + "-" + definition.name())
                .stateMachineType(StateMachineType.STANDARD)
                .definitionBody(DefinitionBody.fromString(definition.text()))
                .definitionSubstitutions(definition.checked(substitutions))
                .logs(LogOptions.builder().destination(logs).level(LogLevel.ALL).includeExecutionData(false).build())
                .tracingEnabled(true)
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
        for (StateMachine workflow : List.of(gateWorkflow, refundWorkflow)) {
            Nag.suppress(workflow, "AwsSolutions-IAM5", "grantInvoke also allows the function's versions and"
                    + " aliases (<function ARN>:*); CloudWatch Logs delivery and X-Ray actions support no"
                    + " resource-level permissions, so CDK grants them on '*'.", invokeSubjects(workflow));
        }
    }
}
