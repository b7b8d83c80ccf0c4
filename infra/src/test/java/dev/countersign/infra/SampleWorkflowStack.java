package dev.countersign.infra;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.stepfunctions.CatchProps;
import software.amazon.awscdk.services.stepfunctions.DefinitionBody;
import software.amazon.awscdk.services.stepfunctions.Pass;
import software.amazon.awscdk.services.stepfunctions.Result;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.constructs.Construct;

/**
 * A team's own workflow with two approval gates around different steps, built the way the README shows: a refund
 * that needs one approver, then an account closure that needs another. The closure gate's refusals (an invalid or
 * unroutable proposal) are caught and recorded; the refund gate's fail the execution.
 */
final class SampleWorkflowStack extends Stack {
    static final String NAME = "account-wind-down";
    static final String REFUND_APPROVER = "finance.lead@shop.example";
    static final String CLOSURE_APPROVER = "security.lead@shop.example";

    final ApprovalGate refundGate;
    final ApprovalGate closureGate;
    final StateMachine workflow;

    private SampleWorkflowStack(software.amazon.awscdk.App app, String id) {
        super(app, id);
        // The app reads the context; the service is created once, and every gate of the stack finds it.
        ApprovalService.Builder.create(this, ApprovalService.DEFAULT_ID)
                .config(CountersignConfig.fromSharedContext(app)).code(Synth.functions()).build();
        Pass issueRefund = Pass.Builder.create(this, "IssueRefund")
                .result(Result.fromObject(Map.of("issued", true))).resultPath("$.refundResult").build();
        Pass skipRefund = Pass.Builder.create(this, "SkipRefund")
                .result(Result.fromObject(Map.of("issued", false))).resultPath("$.refundResult").build();
        Pass closeAccount = Pass.Builder.create(this, "CloseAccount")
                .result(Result.fromObject(Map.of("account", "closed"))).resultPath("$.accountResult").build();
        Pass keepAccount = Pass.Builder.create(this, "KeepAccount")
                .result(Result.fromObject(Map.of("account", "kept"))).resultPath("$.accountResult").build();
        Pass closureRefused = Pass.Builder.create(this, "ClosureRefused")
                .result(Result.fromObject(Map.of("account", "kept"))).resultPath("$.accountResult").build();

        this.refundGate = ApprovalGate.Builder.create(this, "RefundApproval")
                .approvers(List.of(REFUND_APPROVER))
                .timeout(Duration.hours(24))
                .proposalPath("$.refund")
                .resultPath("$.refundDecision")
                .whenApproved(issueRefund)
                .whenRejected(skipRefund)
                .build();
        this.closureGate = ApprovalGate.Builder.create(this, "ClosureApproval")
                .approvers(List.of(CLOSURE_APPROVER))
                .timeout(Duration.hours(4))
                .proposalPath("$.closure")
                .resultPath("$.closureDecision")
                .whenApproved(closeAccount)
                .whenRejected(keepAccount)
                .build();
        // A refusal is the Route state's error: caught there, as a team would, with the names the gate publishes.
        closureGate.routeState().addCatch(closureRefused, CatchProps.builder().errors(ApprovalGate.REFUSALS)
                .resultPath("$.closureRefusal").build());

        this.workflow = StateMachine.Builder.create(this, "WindDown")
                .stateMachineName(NAME)
                .definitionBody(DefinitionBody.fromChainable(refundGate.next(closureGate)))
                .tracingEnabled(true)
                .logs(software.amazon.awscdk.services.stepfunctions.LogOptions.builder()
                        .destination(software.amazon.awscdk.services.logs.LogGroup.Builder.create(this, "Logs")
                                .retention(software.amazon.awscdk.services.logs.RetentionDays.ONE_MONTH).build())
                        .level(software.amazon.awscdk.services.stepfunctions.LogLevel.ALL)
                        .includeExecutionData(false).build())
                .build();
        refundGate.service().allowGatesIn(workflow);
        // This team chose tracing and logging for its workflow; CDK grants those on '*' (no resource-level support).
        io.github.cdklabs.cdknag.NagSuppressions.addResourceSuppressions(workflow, List.of(
                io.github.cdklabs.cdknag.NagPackSuppression.builder().id("AwsSolutions-IAM5")
                        .reason("X-Ray and CloudWatch Logs delivery actions support no resource-level permissions")
                        .appliesTo(List.of("Resource::*")).build()), true);
    }

    static SampleWorkflowStack create() {
        return new SampleWorkflowStack(Synth.app(Map.of(CountersignConfig.SENDER_ADDRESS, Synth.SENDER)),
                "SampleWorkflow");
    }
}
