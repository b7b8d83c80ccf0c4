package dev.countersign.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;

/** What an {@link ApprovalGate} puts into a team's workflow, read back from the synthesised template. */
class ApprovalGateTest {
    private static SampleWorkflowStack stack;
    private static JsonNode definition;

    @BeforeAll
    static void synthesise() throws Exception {
        stack = SampleWorkflowStack.create();
        var resources = Templates.resources(Synth.template(stack));
        var workflow = Templates.properties(Templates.stateMachine(resources, SampleWorkflowStack.NAME));
        definition = new ObjectMapper().readTree(DeployedDefinition.resolve(workflow, resources,
                DeployedDefinition.placeholderArns()));
    }

    @Test
    void twoGates_shareOneApprovalServicePerStack() {
        assertThat(stack.refundGate.service()).isSameAs(stack.closureGate.service());
        assertThat(ApprovalService.of(stack)).isSameAs(stack.refundGate.service());
        assertThat(stack.refundGate.service().gateWorkflows()).containsExactly(stack.workflow);
    }

    @Test
    void requestState_waitsForTheTaskTokenWithTheGateTimeoutAndTheProposalPath() {
        JsonNode request = definition.path("States").path("RefundApproval: RequestApproval");
        assertThat(request.path("Resource").asText()).isEqualTo("arn:aws:states:::lambda:invoke.waitForTaskToken");
        assertThat(request.path("TimeoutSeconds").asLong()).isEqualTo(86_400);
        JsonNode payload = request.path("Parameters").path("Payload");
        assertThat(payload.path("taskToken.$").asText()).isEqualTo("$$.Task.Token");
        assertThat(payload.path("executionArn.$").asText()).isEqualTo("$$.Execution.Id");
        assertThat(payload.path("gate").asText()).isEqualTo("refund-approval");
        assertThat(payload.path("level").asInt()).isEqualTo(1);
        // The function's deadline must match the state's TimeoutSeconds, or links outlive (or die before) the wait.
        assertThat(payload.path("timeoutSeconds").asLong()).isEqualTo(request.path("TimeoutSeconds").asLong());
        assertThat(payload.path("proposal.$").asText()).isEqualTo("$.refund");
        assertThat(payload.path("approvers")).hasSize(1);
        assertThat(request.path("ResultPath").asText()).isEqualTo("$.refundDecision");
        assertThat(definition.path("States").path("ClosureApproval: RequestApproval").path("TimeoutSeconds").asLong())
                .isEqualTo(4 * 3600);
    }

    @Test
    void timeout_isCaughtAndRecordedThenPublishedLikeADecision() {
        JsonNode request = definition.path("States").path("RefundApproval: RequestApproval");
        JsonNode katch = request.path("Catch").get(0);
        assertThat(katch.path("ErrorEquals").get(0).asText()).isEqualTo("States.Timeout");
        assertThat(katch.path("Next").asText()).isEqualTo("RefundApproval: RecordTimeout");
        JsonNode timeout = definition.path("States").path("RefundApproval: RecordTimeout");
        assertThat(timeout.path("ResultPath").asText()).isEqualTo("$.refundDecision");
        assertThat(timeout.path("Next").asText()).isEqualTo("RefundApproval: PublishDecision");
        assertThat(request.path("Next").asText()).isEqualTo("RefundApproval: PublishDecision");
    }

    @Test
    void publish_putsApprovalDecidedOnTheCountersignBusWithoutTheProposal() {
        JsonNode publish = definition.path("States").path("RefundApproval: PublishDecision");
        assertThat(publish.path("Resource").asText()).isEqualTo("arn:aws:states:::events:putEvents");
        JsonNode entry = publish.path("Parameters").path("Entries").get(0);
        assertThat(entry.path("Source").asText()).isEqualTo("countersign");
        assertThat(entry.path("DetailType").asText()).isEqualTo("Approval Decided");
        assertThat(entry.path("EventBusName").asText()).endsWith(":event-bus/" + DeployedDefinition.BUS_NAME);
        assertThat(entry.path("Detail").path("decision.$").asText()).isEqualTo("$.refundDecision");
        assertThat(entry.path("Detail").toString()).doesNotContain("refund.").doesNotContain("Task.Token");
        assertThat(publish.path("ResultPath").isNull()).isTrue();
        assertThat(publish.path("Next").asText()).isEqualTo("RefundApproval: Outcome");
    }

    @Test
    void outcome_continuesOnTheApprovedPathOnlyForAnExplicitApproval() {
        JsonNode outcome = definition.path("States").path("RefundApproval: Outcome");
        assertThat(outcome.path("Choices")).hasSize(1);
        JsonNode choice = outcome.path("Choices").get(0);
        assertThat(choice.path("Variable").asText()).isEqualTo("$.refundDecision.outcome");
        assertThat(choice.path("StringEquals").asText()).isEqualTo("APPROVED");
        assertThat(choice.path("Next").asText()).isEqualTo("IssueRefund");
        // TIMED_OUT, REJECTED, CANCELLED and anything unknown take the not-approved path.
        assertThat(outcome.path("Default").asText()).isEqualTo("SkipRefund");
        assertThat(definition.path("States").path("IssueRefund").path("Next").asText())
                .isEqualTo("ClosureApproval: RequestApproval");
        assertThat(definition.path("States").path("SkipRefund").path("Next").asText())
                .isEqualTo("ClosureApproval: RequestApproval");
    }

    @Test
    void withoutContinuations_approvalContinuesAndRejectionFails() throws Exception {
        Stack plain = new Stack(Synth.app(Map.of(CountersignConfig.SENDER_ADDRESS, Synth.SENDER)), "Plain");
        ApprovalGate gate = ApprovalGate.Builder.create(plain, "Gate").build();
        software.amazon.awscdk.services.stepfunctions.StateMachine workflow =
                software.amazon.awscdk.services.stepfunctions.StateMachine.Builder.create(plain, "Flow")
                        .definitionBody(software.amazon.awscdk.services.stepfunctions.DefinitionBody.fromChainable(
                                gate.next(software.amazon.awscdk.services.stepfunctions.Succeed.Builder
                                        .create(plain, "Done").build())))
                        .build();
        gate.service().allowGatesIn(workflow);
        var resources = Templates.resources(Synth.template(plain));
        String flowId = Templates.onlyId(resources, "AWS::StepFunctions::StateMachine");
        JsonNode states = new ObjectMapper().readTree(DeployedDefinition.resolve(
                Templates.properties(resources.get(flowId)), resources, DeployedDefinition.placeholderArns()))
                .path("States");
        assertThat(states.path("Gate: Outcome").path("Choices").get(0).path("Next").asText())
                .isEqualTo("Gate: Approved");
        assertThat(states.path("Gate: Approved").path("Next").asText()).isEqualTo("Done");
        assertThat(states.path("Gate: Outcome").path("Default").asText()).isEqualTo("Gate: NotApproved");
        assertThat(states.path("Gate: NotApproved").path("Type").asText()).isEqualTo("Fail");
        assertThat(states.path("Gate: NotApproved").path("Error").asText()).isEqualTo("Countersign.NotApproved");
        assertThat(states.path("Gate: RequestApproval").path("Parameters").path("Payload").path("proposal.$")
                .asText()).isEqualTo("$");
        assertThat(states.path("Gate: RequestApproval").path("Parameters").path("Payload").has("approvers"))
                .isFalse();
    }

    @Test
    void builder_refusesBadPropertiesWithTheirNames() {
        Stack scratch = new Stack(Synth.app(Map.of(CountersignConfig.SENDER_ADDRESS, Synth.SENDER)), "Scratch");
        assertThatThrownBy(() -> ApprovalGate.Builder.create(scratch, "G").proposalPath("proposal"))
                .hasMessageContaining("ApprovalGate proposalPath 'proposal' is not a plain JSONPath")
                .hasMessageContaining("$.proposal");
        assertThatThrownBy(() -> ApprovalGate.Builder.create(scratch, "G").resultPath("$"))
                .hasMessageContaining("ApprovalGate resultPath '$' would replace the whole input");
        assertThatThrownBy(() -> ApprovalGate.Builder.create(scratch, "G").approvers(List.of("lee")))
                .hasMessageContaining("ApprovalGate approvers: 'lee' is not an email address");
        assertThatThrownBy(() -> ApprovalGate.Builder.create(scratch, "G").timeout(Duration.days(400)))
                .hasMessageContaining("ApprovalGate timeout 400 days is outside 1 minute to 366 days");
        assertThatThrownBy(() -> ApprovalGate.Builder.create(scratch, "G").gateName("Refund Approval"))
                .hasMessageContaining("ApprovalGate gateName 'Refund Approval' is not a gate name");
    }
}
