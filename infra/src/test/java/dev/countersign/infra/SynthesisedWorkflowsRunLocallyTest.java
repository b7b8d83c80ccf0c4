package dev.countersign.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.local.engine.ExecutionStatus;
import dev.countersign.local.engine.RecordedEvent;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What CDK emits is what the local engine runs: the definitions are taken from the synthesised templates, their
 * substitutions and references resolved to the local runtime's functions, and run end to end with the real
 * handlers, dynalite, the local SES endpoint and the review pages over HTTP.
 */
class SynthesisedWorkflowsRunLocallyTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REQUESTER = "dana@shop.example";

    @TempDir
    Path data;
    LocalCountersign countersign;

    @BeforeEach
    void start() {
        countersign = new LocalCountersign(data);
    }

    @AfterEach
    void stop() {
        countersign.close();
    }

    private static ObjectNode proposal(String summary, String type) {
        ObjectNode proposal = JSON.createObjectNode();
        proposal.put("workflow", "account-wind-down");
        ObjectNode action = proposal.putObject("action");
        action.put("type", type);
        action.put("summary", summary);
        action.putObject("params").put("accountId", "4711");
        proposal.put("reasoning", "The customer asked to close the account and be refunded the remaining balance.");
        proposal.putObject("risk").put("level", "medium");
        proposal.putObject("proposedBy").put("agent", "wind-down-agent");
        proposal.putObject("requester").put("email", REQUESTER);
        return proposal;
    }

    @Test
    void sampleWorkflowWithTwoGates_approveTheFirstRejectTheSecond_followsBothBranches() throws Exception {
        SampleWorkflowStack stack = SampleWorkflowStack.create();
        var resources = Templates.resources(Synth.template(stack));
        String definition = DeployedDefinition.resolve(
                Templates.properties(Templates.stateMachine(resources, SampleWorkflowStack.NAME)), resources,
                LocalCountersign.functionArns());
        String machine = countersign.register(SampleWorkflowStack.NAME, definition);

        ObjectNode input = JSON.createObjectNode();
        input.set("refund", proposal("Refund EUR 80.00 on account 4711", "refund.issue"));
        input.set("closure", proposal("Close account 4711", "account.close"));
        String execution = countersign.start(machine, "wind-down-1", input);

        String refundSecret = countersign.secretSentTo(SampleWorkflowStack.REFUND_APPROVER, "Refund EUR 80.00");
        assertThat(countersign.decide(refundSecret, "approve", "Balance checked.").statusCode()).isEqualTo(200);
        assertThat(countersign.describe(execution).status()).isEqualTo(ExecutionStatus.RUNNING);

        // Only now does the second gate ask its own approver (the gate's approvers, not anyone else's).
        String closureSecret = countersign.secretSentTo(SampleWorkflowStack.CLOSURE_APPROVER, "Close account");
        assertThat(countersign.local.mailbox().to(SampleWorkflowStack.REFUND_APPROVER).stream()
                .filter(m -> m.subject().contains("Close account"))).isEmpty();
        assertThat(countersign.decide(closureSecret, "reject", "Open chargeback on this account.").statusCode())
                .isEqualTo(200);

        assertThat(countersign.describe(execution).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        JsonNode output = countersign.output(execution);
        assertThat(output.at("/refundDecision/outcome").asText()).isEqualTo("APPROVED");
        assertThat(output.at("/refundDecision/decidedBy").asText()).isEqualTo(SampleWorkflowStack.REFUND_APPROVER);
        assertThat(output.at("/refundResult/issued").asBoolean()).isTrue();
        assertThat(output.at("/closureDecision/outcome").asText()).isEqualTo("REJECTED");
        assertThat(output.at("/closureDecision/comment").asText()).isEqualTo("Open chargeback on this account.");
        assertThat(output.at("/accountResult/account").asText()).isEqualTo("kept");
        assertThat(countersign.statesEntered(execution)).containsExactly(
                "RefundApproval: Route", "RefundApproval: RequestApproval",
                "RefundApproval: PublishDecision", "RefundApproval: Outcome", "IssueRefund",
                "ClosureApproval: Route", "ClosureApproval: RequestApproval",
                "ClosureApproval: PublishDecision", "ClosureApproval: Outcome", "KeepAccount");

        List<RecordedEvent> decided = countersign.local.engine().recordedEvents().stream()
                .filter(e -> e.executionArn().equals(execution)).toList();
        assertThat(decided).extracting(RecordedEvent::detailType).containsExactly("Approval Decided",
                "Approval Decided");
        assertThat(decided).extracting(RecordedEvent::source).containsOnly("countersign");
        assertThat(decided.get(0).eventBusName()).endsWith(":event-bus/countersign-events");
        assertThat(decided.get(0).detail().at("/gate").asText()).isEqualTo("refund-approval");
        assertThat(decided.get(0).detail().at("/decision/outcome").asText()).isEqualTo("APPROVED");
        assertThat(decided.get(1).detail().at("/gate").asText()).isEqualTo("closure-approval");
        assertThat(decided.get(1).detail().at("/decision/outcome").asText()).isEqualTo("REJECTED");
        // The event tells other services the outcome, never the proposal's content.
        assertThat(decided.get(0).detail().toString()).doesNotContain("reasoning").doesNotContain("Refund EUR");
    }

    @Test
    void sampleWorkflow_whenTheFirstGateTimesOut_takesItsNotApprovedBranch_andTheSecondGateStillDecides() {
        SampleWorkflowStack stack = SampleWorkflowStack.create();
        var resources = Templates.resources(Synth.template(stack));
        String machine = countersign.register(SampleWorkflowStack.NAME, DeployedDefinition.resolve(
                Templates.properties(Templates.stateMachine(resources, SampleWorkflowStack.NAME)), resources,
                LocalCountersign.functionArns()));
        ObjectNode input = JSON.createObjectNode();
        input.set("refund", proposal("Refund EUR 15.00 on account 4712", "refund.issue"));
        input.set("closure", proposal("Close account 4712", "account.close"));
        String execution = countersign.start(machine, "wind-down-2", input);
        countersign.secretSentTo(SampleWorkflowStack.REFUND_APPROVER, "Refund EUR 15.00");

        // The refund gate's own approver has 24 hours: a reminder at 75 % (18 h), then the rest of the level (6 h).
        countersign.advance(java.time.Duration.ofHours(18));
        assertThat(countersign.local.mailbox().to(SampleWorkflowStack.REFUND_APPROVER)).extracting(m -> m.subject())
                .anySatisfy(subject -> assertThat(subject).startsWith("Reminder"));
        assertThat(countersign.describe(execution).status()).isEqualTo(ExecutionStatus.RUNNING);
        countersign.advance(java.time.Duration.ofHours(6).plusSeconds(1));
        String closureSecret = countersign.secretSentTo(SampleWorkflowStack.CLOSURE_APPROVER, "Close account 4712");
        assertThat(countersign.decide(closureSecret, "approve", "").statusCode()).isEqualTo(200);

        assertThat(countersign.describe(execution).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        JsonNode output = countersign.output(execution);
        assertThat(output.at("/refundDecision/outcome").asText()).isEqualTo("TIMED_OUT");
        // Silence is never approval: the timed-out refund took the rejected branch.
        assertThat(output.at("/refundResult/issued").asBoolean()).isFalse();
        assertThat(output.at("/closureDecision/outcome").asText()).isEqualTo("APPROVED");
        assertThat(output.at("/accountResult/account").asText()).isEqualTo("closed");
        assertThat(output.at("/refundDecision/fallback").asText()).isEqualTo("REJECTED");
        assertThat(countersign.statesEntered(execution)).startsWith("RefundApproval: Route",
                "RefundApproval: RequestApproval", "RefundApproval: Escalate",
                "RefundApproval: Escalated", "RefundApproval: RequestApproval", "RefundApproval: Escalate",
                "RefundApproval: Escalated", "RefundApproval: PublishDecision", "RefundApproval: Outcome",
                "SkipRefund");
        // The fallback's Decision is announced like a person's.
        assertThat(countersign.local.engine().recordedEvents().stream()
                .filter(e -> e.executionArn().equals(execution)).map(e -> e.detail().at("/decision/outcome").asText())
                .toList()).containsExactly("TIMED_OUT", "APPROVED");
    }

    private String registerSampleWorkflow() {
        var resources = Templates.resources(Synth.template(SampleWorkflowStack.create()));
        return countersign.register(SampleWorkflowStack.NAME, DeployedDefinition.resolve(
                Templates.properties(Templates.stateMachine(resources, SampleWorkflowStack.NAME)), resources,
                LocalCountersign.functionArns()));
    }

    @Test
    void sampleWorkflow_anInvalidProposalAtTheFirstGate_failsTheExecutionAtRoute_withCountersignInvalidProposal() {
        String machine = registerSampleWorkflow();
        ObjectNode input = JSON.createObjectNode();
        ObjectNode refund = proposal("Refund EUR 99.00 on account 4713", "refund.issue");
        refund.remove("reasoning");
        input.set("refund", refund);
        input.set("closure", proposal("Close account 4713", "account.close"));

        String execution = countersign.start(machine, "wind-down-3", input);

        var failed = countersign.describe(execution);
        assertThat(failed.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(failed.error()).isEqualTo(ApprovalGate.INVALID_PROPOSAL);
        // The cause is Lambda's error document; its message lists the violation with its path.
        JsonNode cause = readJson(failed.cause());
        assertThat(cause.get("errorType").asText()).isEqualTo("Countersign.InvalidProposal");
        assertThat(readJson(cause.get("errorMessage").asText()).at("/violations/0/path").asText())
                .isEqualTo("$.reasoning");
        assertThat(countersign.statesEntered(execution)).containsExactly("RefundApproval: Route");
        assertThat(countersign.local.mailbox().to(SampleWorkflowStack.REFUND_APPROVER)).isEmpty();
    }

    @Test
    void sampleWorkflow_anUnroutableProposalAtTheSecondGate_isCaughtOnItsRouteState_byTheErrorName() {
        String machine = registerSampleWorkflow();
        ObjectNode input = JSON.createObjectNode();
        input.set("refund", proposal("Refund EUR 12.00 on account 4714", "refund.issue"));
        // The requester is the closure gate's only approver: separation of duties leaves nobody to ask.
        ObjectNode closure = proposal("Close account 4714", "account.close");
        ((ObjectNode) closure.get("requester")).put("email", SampleWorkflowStack.CLOSURE_APPROVER);
        input.set("closure", closure);
        String execution = countersign.start(machine, "wind-down-4", input);
        String refundSecret = countersign.secretSentTo(SampleWorkflowStack.REFUND_APPROVER, "Refund EUR 12.00");

        assertThat(countersign.decide(refundSecret, "approve", "").statusCode()).isEqualTo(200);

        assertThat(countersign.describe(execution).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        JsonNode output = countersign.output(execution);
        assertThat(output.at("/refundDecision/outcome").asText()).isEqualTo("APPROVED");
        assertThat(output.at("/closureRefusal/Error").asText()).isEqualTo(ApprovalGate.NO_ROUTE);
        assertThat(readJson(output.at("/closureRefusal/Cause").asText()).get("errorMessage").asText())
                .contains("closure-approval");
        assertThat(output.at("/accountResult/account").asText()).isEqualTo("kept");
        assertThat(countersign.statesEntered(execution)).endsWith("ClosureApproval: Route", "ClosureRefused");
        assertThat(countersign.local.mailbox().to(SampleWorkflowStack.CLOSURE_APPROVER)).isEmpty();
    }

    private static JsonNode readJson(String text) {
        try {
            return JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void deployedRefundWorkflow_fromTheCountersignStackTemplate_runsTheApprovedPath() {
        CountersignStack stack = Synth.stack();
        var resources = Templates.resources(Synth.template(stack));
        String definition = DeployedDefinition.resolve(
                Templates.properties(Templates.stateMachine(resources, "countersign-refund-workflow")), resources,
                LocalCountersign.functionArns());
        String machine = countersign.register("refund-from-template", definition);

        ObjectNode order = JSON.createObjectNode();
        order.put("orderId", "ORD-77");
        order.put("amount", new java.math.BigDecimal("42.00"));
        order.put("currency", "EUR");
        order.put("reason", "Wrong size delivered.");
        order.putObject("customer").put("email", "sam@customer.example");
        order.putObject("requester").put("email", REQUESTER);
        String execution = countersign.start(machine, "refund-77", order);

        // config/routing.json's default rule (what the stack deploys by default) for a refund under 1,000.
        String secret = countersign.secretSentTo("approver@example.com", "ORD-77");
        assertThat(countersign.decide(secret, "approve", "").statusCode()).isEqualTo(200);

        assertThat(countersign.describe(execution).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(countersign.statesEntered(execution)).containsExactly("ProposeRefund", "Route",
                "RequestApproval", "PublishDecision", "Outcome", "IssueRefund");
        assertThat(countersign.output(execution).at("/result/refund/status").asText()).isEqualTo("ISSUED");
        assertThat(countersign.local.engine().recordedEvents()).extracting(RecordedEvent::detailType)
                .containsExactly("Approval Decided");
        // The gate construct names the stack's bus by ARN (PutEvents accepts a name or an ARN).
        assertThat(countersign.local.engine().recordedEvents().get(0).eventBusName())
                .isEqualTo("arn:aws:events:us-east-1:123456789012:event-bus/countersign-events");
    }
}
