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
    void route_isTheStartAndPassesTheGatesApproversAndTimeout_asAOneLevelRoute() {
        assertThat(stack.refundGate.getStartState()).isSameAs(stack.refundGate.routeState());
        JsonNode route = definition.path("States").path("RefundApproval: Route");
        // A bare function ARN: the route itself (not {Payload: ...}) lands at the result path.
        assertThat(route.path("Resource").asText()).isEqualTo(DeployedDefinition.functionArn("countersign-route"));
        JsonNode input = route.path("Parameters");
        assertThat(input.path("executionArn.$").asText()).isEqualTo("$$.Execution.Id");
        assertThat(input.path("gate").asText()).isEqualTo("refund-approval");
        assertThat(input.path("proposal.$").asText()).isEqualTo("$.refund");
        assertThat(input.path("approvers")).extracting(JsonNode::asText)
                .containsExactly(SampleWorkflowStack.REFUND_APPROVER);
        assertThat(input.path("timeoutSeconds").asLong()).isEqualTo(86_400);
        assertThat(route.path("ResultPath").asText()).isEqualTo("$.refundDecision");
        // Straight on to RequestApproval: a refusal fails this state, no Choice pays a transition to look for one.
        assertThat(route.path("Next").asText()).isEqualTo("RefundApproval: RequestApproval");
        assertThat(definition.path("States").path("ClosureApproval: Route").path("Parameters")
                .path("timeoutSeconds").asLong()).isEqualTo(4 * 3600);
    }

    @Test
    void aRefusal_failsTheRouteStateItself_withTheCountersignErrorNames_thatATeamCanCatch() {
        assertThat(ApprovalGate.REFUSALS).containsExactly("Countersign.InvalidProposal", "Countersign.NoRoute",
                "Countersign.RoutingError");
        // The names are the exception classes the route function throws (the Java runtime's errorType).
        assertThat(ApprovalGate.INVALID_PROPOSAL).isEqualTo(dev.countersign.routing.Refusal.INVALID_PROPOSAL);
        assertThat(ApprovalGate.NO_ROUTE).isEqualTo(dev.countersign.routing.Refusal.NO_ROUTE);
        assertThat(ApprovalGate.ROUTING_ERROR).isEqualTo(dev.countersign.routing.Refusal.ROUTING_ERROR);
        JsonNode states = definition.path("States");
        assertThat(states.has("RefundApproval: IsRouted")).isFalse();
        assertThat(states.has("RefundApproval: Refused")).isFalse();
        JsonNode route = states.path("RefundApproval: Route");
        // Retrying a refusal would refuse again: only Lambda's own transient errors are retried.
        assertThat(route.path("Retry").findValues("ErrorEquals")).allSatisfy(errors -> assertThat(errors)
                .extracting(JsonNode::asText).noneMatch(e -> e.startsWith("Countersign.") || e.equals("States.ALL")));
        // The refund gate has no Catch (its refusal fails the execution); the closure gate's team catches all three.
        assertThat(route.has("Catch")).isFalse();
        JsonNode katch = states.path("ClosureApproval: Route").path("Catch").get(0);
        assertThat(katch.path("ErrorEquals")).extracting(JsonNode::asText)
                .containsExactly("Countersign.InvalidProposal", "Countersign.NoRoute", "Countersign.RoutingError");
        assertThat(katch.path("Next").asText()).isEqualTo("ClosureRefused");
    }

    @Test
    void requestState_waitsForTheTaskTokenAsLongAsTheRoutesPhase_withTheRouteAndTheProposal() {
        JsonNode request = definition.path("States").path("RefundApproval: RequestApproval");
        assertThat(request.path("Resource").asText()).isEqualTo("arn:aws:states:::lambda:invoke.waitForTaskToken");
        // The phase (REMIND, then DEADLINE) times the wait: a fixed TimeoutSeconds would skip reminders and levels.
        assertThat(request.path("TimeoutSecondsPath").asText()).isEqualTo("$.refundDecision.phase.seconds");
        assertThat(request.has("TimeoutSeconds")).isFalse();
        JsonNode payload = request.path("Parameters").path("Payload");
        assertThat(payload.path("taskToken.$").asText()).isEqualTo("$$.Task.Token");
        assertThat(payload.path("executionArn.$").asText()).isEqualTo("$$.Execution.Id");
        assertThat(payload.path("gate").asText()).isEqualTo("refund-approval");
        assertThat(payload.path("proposal.$").asText()).isEqualTo("$.refund");
        assertThat(payload.path("approval.$").asText()).isEqualTo("$.refundDecision");
        assertThat(payload.path("enteredTime.$").asText()).isEqualTo("$$.State.EnteredTime");
        // Recipients come only from the route: the request function refuses a payload that names approvers.
        assertThat(payload.has("approvers")).isFalse();
        assertThat(payload.has("level")).isFalse();
        assertThat(request.path("ResultPath").asText()).isEqualTo("$.refundDecision");
        assertThat(request.path("Next").asText()).isEqualTo("RefundApproval: PublishDecision");
    }

    @Test
    void timeout_isCaughtIntoEscalate_whichWaitsAgainFailsOrPublishesTheFallbacksDecision() {
        JsonNode request = definition.path("States").path("RefundApproval: RequestApproval");
        JsonNode katch = request.path("Catch").get(0);
        assertThat(katch.path("ErrorEquals").get(0).asText()).isEqualTo("States.Timeout");
        assertThat(katch.path("ResultPath").isNull()).isTrue();
        assertThat(katch.path("Next").asText()).isEqualTo("RefundApproval: Escalate");
        JsonNode escalate = definition.path("States").path("RefundApproval: Escalate");
        assertThat(escalate.path("Resource").asText()).isEqualTo(DeployedDefinition.functionArn("countersign-escalate"));
        assertThat(escalate.path("Parameters").path("approval.$").asText()).isEqualTo("$.refundDecision");
        assertThat(escalate.path("Parameters").path("gate").asText()).isEqualTo("refund-approval");
        assertThat(escalate.path("ResultPath").asText()).isEqualTo("$.refundDecision");
        assertThat(escalate.path("Next").asText()).isEqualTo("RefundApproval: Escalated");
        JsonNode escalated = definition.path("States").path("RefundApproval: Escalated");
        assertThat(escalated.path("Choices").get(0).path("Variable").asText()).isEqualTo("$.refundDecision.phase");
        assertThat(escalated.path("Choices").get(0).path("Next").asText()).isEqualTo("RefundApproval: RequestApproval");
        assertThat(escalated.path("Choices").get(1).path("Variable").asText()).isEqualTo("$.refundDecision.failed");
        assertThat(escalated.path("Choices").get(1).path("Next").asText()).isEqualTo("RefundApproval: NoDecision");
        // A fallback is a Decision like any other: it is published too.
        assertThat(escalated.path("Default").asText()).isEqualTo("RefundApproval: PublishDecision");
        JsonNode noDecision = definition.path("States").path("RefundApproval: NoDecision");
        assertThat(noDecision.path("ErrorPath").asText()).isEqualTo("$.refundDecision.failed.error");
        assertThat(noDecision.path("CausePath").asText()).isEqualTo("$.refundDecision.failed.cause");
        assertThat(definition.path("States").has("RefundApproval: RecordTimeout")).isFalse();
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
                .isEqualTo("ClosureApproval: Route");
        assertThat(definition.path("States").path("SkipRefund").path("Next").asText())
                .isEqualTo("ClosureApproval: Route");
    }

    @Test
    void withoutContinuations_approvalContinuesAndRejectionFails() throws Exception {
        Stack plain = Synth.gateStack("Plain");
        ApprovalGate gate = ApprovalGate.Builder.create(plain, "Gate").build();
        assertThat(gate.getStartState()).isSameAs(gate.routeState());
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
        // By default the proposal is the execution's input: the gate's own result ($.decision) cannot change it.
        assertThat(states.path("Gate: RequestApproval").path("Parameters").path("Payload").path("proposal.$")
                .asText()).isEqualTo("$$.Execution.Input");
        // No approvers of its own: the Route function asks the routing rules, which set the levels' timeouts.
        assertThat(states.path("Gate: Route").path("Parameters").has("approvers")).isFalse();
        assertThat(states.path("Gate: Route").path("Parameters").has("timeoutSeconds")).isFalse();
        assertThat(states.path("Gate: Route").path("Parameters").path("proposal.$").asText())
                .isEqualTo("$$.Execution.Input");
    }

    @Test
    void whenTimedOut_takesTheTimedOutDecision_beforeTheRejectedPath() throws Exception {
        Stack plain = Synth.gateStack("TimedOut");
        ApprovalGate gate = ApprovalGate.Builder.create(plain, "Gate")
                .whenApproved(software.amazon.awscdk.services.stepfunctions.Succeed.Builder.create(plain, "Go").build())
                .whenRejected(software.amazon.awscdk.services.stepfunctions.Fail.Builder.create(plain, "Stop")
                        .error("Rejected").build())
                .whenTimedOut(software.amazon.awscdk.services.stepfunctions.Pass.Builder.create(plain, "AskAgain")
                        .build())
                .build();
        software.amazon.awscdk.services.stepfunctions.StateMachine workflow =
                software.amazon.awscdk.services.stepfunctions.StateMachine.Builder.create(plain, "Flow")
                        .definitionBody(software.amazon.awscdk.services.stepfunctions.DefinitionBody
                                .fromChainable(gate)).build();
        gate.service().allowGatesIn(workflow);
        var resources = Templates.resources(Synth.template(plain));
        JsonNode outcome = new ObjectMapper().readTree(DeployedDefinition.resolve(Templates.properties(
                resources.get(Templates.onlyId(resources, "AWS::StepFunctions::StateMachine"))), resources,
                DeployedDefinition.placeholderArns())).path("States").path("Gate: Outcome");
        assertThat(outcome.path("Choices")).extracting(c -> c.path("StringEquals").asText() + ">"
                + c.path("Next").asText()).containsExactly("APPROVED>Go", "TIMED_OUT>AskAgain");
        assertThat(outcome.path("Default").asText()).isEqualTo("Stop");
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
                .hasMessageContaining("ApprovalGate timeout 400 days is outside 1 minute to 365 days");
        assertThatThrownBy(() -> ApprovalGate.Builder.create(scratch, "G").approvers(
                java.util.stream.IntStream.range(0, 11).mapToObj(i -> "a" + i + "@example.com").toList()))
                .hasMessageContaining("ApprovalGate approvers: 11 addresses; a gate asks at most 10 people");
        // Without approvers the rules set the timeouts: a timeout here would be silently ignored.
        assertThatThrownBy(() -> ApprovalGate.Builder.create(scratch, "T").timeout(Duration.hours(4)).build())
                .hasMessageContaining("ApprovalGate T: timeout(...) applies to the gate's own approvers, and none"
                        + " are named");
        assertThatThrownBy(() -> ApprovalGate.Builder.create(scratch, "G").gateName("Refund Approval"))
                .hasMessageContaining("ApprovalGate gateName 'Refund Approval' is not a gate name");
        // The bug this guards against: with the proposal at $ and the route written at $.decision, the request step
        // saw the proposal plus a "decision" member, which the contract refuses, and the gate never asked anyone.
        assertThatThrownBy(() -> ApprovalGate.Builder.create(scratch, "P").proposalPath("$").build())
                .hasMessageContaining("ApprovalGate P: proposalPath '$' and resultPath '$.decision' overlap")
                .hasMessageContaining("proposalPath(\"$.proposal\")")
                .hasMessageContaining("ApprovalGate.EXECUTION_INPUT");
        assertThatThrownBy(() -> ApprovalGate.Builder.create(scratch, "Q").proposalPath("$.order")
                .resultPath("$.order.decision").build())
                .hasMessageContaining("proposalPath '$.order' and resultPath '$.order.decision' overlap");
        assertThatThrownBy(() -> ApprovalGate.Builder.create(scratch, "R").proposalPath("$.order.proposal")
                .resultPath("$.order").build())
                .hasMessageContaining("overlap");
    }

    @Test
    void synth_refusesAWorkflowWithAGate_thatWasNeverPassedToAllowGatesIn() {
        Stack stack = Synth.gateStack("Forgotten");
        ApprovalGate gate = ApprovalGate.Builder.create(stack, "Gate").build();
        software.amazon.awscdk.services.stepfunctions.StateMachine.Builder.create(stack, "Flow")
                .definitionBody(software.amazon.awscdk.services.stepfunctions.DefinitionBody.fromChainable(gate))
                .build();
        // Today's run-time symptom would be AccessDeniedException on SendTaskSuccess after a person decided.
        assertThatThrownBy(() -> Synth.template(stack))
                .hasMessageContaining("workflow Forgotten/Flow contains an approval gate but was never passed to"
                        + " allowGatesIn: call gate.service().allowGatesIn(workflow)");
    }
}
