package dev.countersign.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.approval.ApprovalId;
import dev.countersign.audit.AuditEvent;
import dev.countersign.example.RefundAgentFunction;
import dev.countersign.local.engine.ExecutionDescription;
import dev.countersign.local.engine.ExecutionStatus;
import dev.countersign.local.runtime.CountersignLocal;
import dev.countersign.store.dynamodb.CountersignTables;
import dev.countersign.store.dynamodb.DynamoDbApprovalStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.stepfunctions.DefinitionBody;
import software.amazon.awscdk.services.stepfunctions.Pass;
import software.amazon.awscdk.services.stepfunctions.Result;
import software.amazon.awscdk.services.stepfunctions.StateMachine;

/**
 * The gate is one thing in all its forms: the same proposal, driven through the CDK fragment (synthesised here), the
 * nested gate workflow called from a parent written in plain ASL, and the refund example, gives the same Decision
 * and the same audit trail — on approve, reject, timeout (reminder, deadline, fallback) and refusal — in the local
 * engine with the real handlers, dynalite and the review pages over HTTP.
 */
class GateFormsEquivalenceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String APPROVER = "approver@example.com";
    private static final String FRAGMENT = "fragment-caller";
    private static final String NESTED = "refund-workflow-nested";
    static final String NESTED_EXAMPLE = "docs/examples/refund-workflow-nested.asl.json";

    @TempDir
    Path data;

    /** One order; the refund example's own agent turns it into the proposal every form is given. */
    private static ObjectNode order(String orderId, String requester) {
        ObjectNode order = JSON.createObjectNode();
        order.put("orderId", orderId);
        order.put("amount", new java.math.BigDecimal("129.90"));
        order.put("currency", "EUR");
        order.put("reason", "Two mugs arrived broken");
        order.putObject("customer").put("email", "sam@customer.example");
        order.putObject("requester").put("email", requester);
        return order;
    }

    /** What one form did with the proposal: how its execution ended, the Decision, and the gate's audit trail. */
    record Run(ExecutionStatus status, JsonNode decision, List<String> trail, String error) {
    }

    enum Form { FRAGMENT_FORM, NESTED_FORM, EXAMPLE_FORM }

    private Run run(Form form, ObjectNode order, Consumer<LocalCountersign> approvers) {
        try (LocalCountersign countersign = new LocalCountersign(data.resolve(form.name()))) {
            ObjectNode proposal = new RefundAgentFunction().handle(order);
            ObjectNode input = JSON.createObjectNode();
            input.set("proposal", proposal);
            String execution = switch (form) {
                case FRAGMENT_FORM -> countersign.start(countersign.register(FRAGMENT, fragmentDefinition()),
                        "order-1", input);
                case NESTED_FORM -> countersign.start(countersign.register(NESTED, nestedDefinition()),
                        "order-1", order);
                case EXAMPLE_FORM -> countersign.start(countersign.local.stateMachineArn(
                        CountersignLocal.REFUND_WORKFLOW), "order-1", order);
            };
            approvers.accept(countersign);
            ExecutionDescription described = countersign.describe(execution);
            String gateExecution = form == Form.NESTED_FORM ? child(countersign, execution) : execution;
            String gate = form == Form.NESTED_FORM ? ApprovalGateWorkflow.GATE_NAME : "refund-approval";
            JsonNode decision = null;
            if (described.status() == ExecutionStatus.SUCCEEDED) {
                JsonNode output = countersign.output(execution);
                decision = form == Form.NESTED_FORM ? output.at("/approval/decision") : output.path("decision");
            }
            String error = described.status() == ExecutionStatus.FAILED ? failure(countersign, form, execution,
                    gateExecution) : null;
            return new Run(described.status(), normalised(decision), trail(countersign, gateExecution, gate), error);
        }
    }

    /** The nested form's child: the one execution of the gate workflow that this parent started. */
    private static String child(LocalCountersign countersign, String parent) {
        var children = countersign.local.engine().listExecutions(countersign.local.stateMachineArn(
                CountersignLocal.GATE_WORKFLOW), null, 100, null).items();
        assertThat(children).as("executions of the nested gate started by " + parent).hasSize(1);
        return children.get(0).executionArn();
    }

    /**
     * The error a person sees: the gate's own error for the fragment and the example; for the nested form the
     * parent's task fails with States.TaskFailed, and the child's error is inside its cause.
     */
    private static String failure(LocalCountersign countersign, Form form, String execution, String gateExecution) {
        ExecutionDescription failed = countersign.describe(execution);
        if (form != Form.NESTED_FORM) {
            return failed.error();
        }
        assertThat(failed.error()).isEqualTo("States.TaskFailed");
        ExecutionDescription child = countersign.describe(gateExecution);
        assertThat(failed.cause()).contains(child.error());
        return child.error();
    }

    private static List<String> trail(LocalCountersign countersign, String executionArn, String gate) {
        // Reads only: no clock or anchors needed.
        DynamoDbApprovalStore store = DynamoDbApprovalStore.overSdk(countersign.local.clients().dynamoDb(),
                CountersignTables.defaults(), countersign.local.auditKey(), java.time.Clock.systemUTC(),
                dev.countersign.audit.AnchorPublisher.OFF);
        ApprovalId id = ApprovalId.forKey(new dev.countersign.approval.ApprovalKey(executionArn, gate));
        if (store.get(id).isEmpty()) {
            return List.of();
        }
        List<String> events = new ArrayList<>();
        for (AuditEvent event : store.auditTrail(id)) {
            events.add(event.type() + " by " + event.actor() + " " + stable(event.details()));
        }
        return events;
    }

    /** Details without what differs between two runs by construction (times, ids, message ids). */
    private static String stable(JsonNode details) {
        if (details == null || !details.isObject()) {
            return String.valueOf(details);
        }
        ObjectNode copy = details.deepCopy();
        copy.remove(List.of("at", "approvalId", "messageId", "executionArn", "deadline", "requestId", "gate"));
        return copy.toString();
    }

    private static JsonNode normalised(JsonNode decision) {
        if (decision == null || !decision.isObject()) {
            return decision;
        }
        ObjectNode copy = decision.deepCopy();
        copy.remove(List.of("approvalId", "decidedAt"));
        return copy;
    }

    private static String fragmentDefinition() {
        Stack stack = Synth.gateStack("FragmentForm");
        ApprovalGate gate = ApprovalGate.Builder.create(stack, "RefundApproval")
                .proposalPath("$.proposal").resultPath("$.decision")
                .whenApproved(Pass.Builder.create(stack, "Act").result(Result.fromObject(Map.of("acted", true)))
                        .resultPath("$.result").build())
                .whenRejected(Pass.Builder.create(stack, "DoNotAct").result(Result.fromObject(Map.of("acted",
                        false))).resultPath("$.result").build())
                .build();
        StateMachine workflow = StateMachine.Builder.create(stack, "Caller").stateMachineName(FRAGMENT)
                .definitionBody(DefinitionBody.fromChainable(gate)).build();
        gate.service().allowGatesIn(workflow);
        var resources = Templates.resources(Synth.template(stack));
        return DeployedDefinition.resolve(Templates.properties(Templates.stateMachine(resources, FRAGMENT)),
                resources, LocalCountersign.functionArns());
    }

    /**
     * The refund example as a team writes it in plain ASL with the nested gate (docs/examples), filled the way the
     * local runtime fills the definitions.
     */
    private static String nestedDefinition() {
        try {
            String text = Files.readString(Path.of(System.getProperty(FunctionsJar.ROOT_PROPERTY, ".."))
                    .resolve(NESTED_EXAMPLE), StandardCharsets.UTF_8);
            for (var entry : CountersignLocal.definitionSubstitutions().entrySet()) {
                text = text.replace("${" + entry.getKey() + "}", entry.getValue());
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<Run> everyForm(ObjectNode order, Consumer<LocalCountersign> approvers) {
        List<Run> runs = new ArrayList<>();
        for (Form form : Form.values()) {
            runs.add(run(form, order, approvers));
        }
        return runs;
    }

    private static void assertSame(List<Run> runs) {
        Run fragment = runs.get(0);
        for (int i = 1; i < runs.size(); i++) {
            Run other = runs.get(i);
            String form = Form.values()[i].name();
            assertThat(other.status()).as(form + " status").isEqualTo(fragment.status());
            assertThat(other.decision()).as(form + " Decision").isEqualTo(fragment.decision());
            assertThat(other.trail()).as(form + " audit trail").containsExactlyElementsOf(fragment.trail());
            assertThat(other.error()).as(form + " error").isEqualTo(fragment.error());
        }
    }

    @Test
    void approve_givesTheSameDecisionAndTrail_inEveryForm() {
        List<Run> runs = everyForm(order("A-1", "dana@shop.example"), countersign ->
                countersign.decide(countersign.secretSentTo(APPROVER, "order A-1"), "approve", "Checked the photos."));
        assertSame(runs);
        assertThat(runs.get(0).decision().path("outcome").asText()).isEqualTo("APPROVED");
        assertThat(runs.get(0).decision().path("comment").asText()).isEqualTo("Checked the photos.");
        assertThat(runs.get(0).trail()).anyMatch(e -> e.startsWith("APPROVED by " + APPROVER));
    }

    @Test
    void reject_givesTheSameDecisionAndTrail_inEveryForm() {
        List<Run> runs = everyForm(order("A-2", "dana@shop.example"), countersign ->
                countersign.decide(countersign.secretSentTo(APPROVER, "order A-2"), "reject", "Not our courier."));
        assertSame(runs);
        assertThat(runs.get(0).decision().path("outcome").asText()).isEqualTo("REJECTED");
    }

    @Test
    void timeout_remindsThenAppliesTheFallback_theSameWayInEveryForm() {
        List<Run> runs = everyForm(order("A-3", "dana@shop.example"), countersign -> {
            countersign.secretSentTo(APPROVER, "order A-3");
            // The default rule: one day, a reminder at 75 % (18 h), then the deadline; the fallback is REJECTED.
            countersign.advance(Duration.ofHours(18));
            countersign.advance(Duration.ofHours(6).plusSeconds(1));
        });
        assertSame(runs);
        assertThat(runs.get(0).decision().path("outcome").asText()).isEqualTo("TIMED_OUT");
        assertThat(runs.get(0).decision().path("fallback").asText()).isEqualTo("REJECTED");
        assertThat(runs.get(0).trail()).anyMatch(e -> e.startsWith("REMINDED"))
                .anyMatch(e -> e.startsWith("FALLBACK_APPLIED"));
    }

    @Test
    void anInvalidProposal_isRefusedWithTheSameError_inEveryForm_andNothingIsStored() {
        ObjectNode order = order("A-4", "dana@shop.example");
        // The agent passes this evidence on as it is; the proposal contract refuses a script URL.
        order.putArray("evidence").addObject().put("label", "Photo").put("value", "see link")
                .put("url", "javascript:alert(1)");
        List<Run> runs = everyForm(order, countersign -> { });
        assertSame(runs);
        assertThat(runs.get(0).status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(runs.get(0).error()).isEqualTo(ApprovalGate.INVALID_PROPOSAL);
        assertThat(runs.get(0).trail()).isEmpty();
    }

    @Test
    void aProposalNobodyMayApprove_isRefusedWithNoRoute_inEveryForm() {
        // The requester is the only approver the default rule names: separation of duties leaves nobody.
        List<Run> runs = everyForm(order("A-5", APPROVER), countersign -> { });
        assertSame(runs);
        assertThat(runs.get(0).error()).isEqualTo(ApprovalGate.NO_ROUTE);
        assertThat(runs.get(0).trail()).isEmpty();
    }
}
