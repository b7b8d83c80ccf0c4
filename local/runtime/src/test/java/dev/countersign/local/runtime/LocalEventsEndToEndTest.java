package dev.countersign.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.countersign.approval.ApprovalRecord;
import dev.countersign.approval.ApprovalStatus;
import dev.countersign.audit.AuditEvent;
import dev.countersign.audit.AuditEventType;
import dev.countersign.contract.Proposals;
import dev.countersign.functions.CancelHandler;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * Other services start and follow approvals locally as on AWS: PutEvents on the local EventBridge endpoint goes
 * through the rules the stacks deploy ({@code statemachines/event-rules.json}); the engine's execution status changes
 * go on the default bus, where the stack's rule sends the ended ones to the cancel function.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocalEventsEndToEndTest {
    @TempDir
    static Path data;
    RuntimeUnderTest runtime;
    HttpServer receiver;
    final List<JsonNode> posted = new CopyOnWriteArrayList<>();

    @BeforeAll
    void start() throws IOException {
        // A local HTTP target, as a team's webhook would be: it keeps what it receives.
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/decisions", exchange -> {
            try (exchange) {
                posted.add(RuntimeUnderTest.JSON.readTree(exchange.getRequestBody()));
                exchange.sendResponseHeaders(204, -1);
            }
        });
        receiver.start();
        URI url = URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/decisions");
        runtime = RuntimeUnderTest.start(data, options -> options.decisionsUrl(url));
    }

    @AfterAll
    void stop() {
        runtime.close();
        receiver.stop(0);
    }

    /** PutEvents as the AWS SDK sends it (JSON 1.1), to the runtime's EventBridge endpoint. */
    private JsonNode putEvent(String source, String detailType, JsonNode detail) {
        ObjectNode entry = RuntimeUnderTest.JSON.createObjectNode().put("Source", source)
                .put("DetailType", detailType).put("EventBusName", CountersignLocal.EVENT_BUS)
                .put("Detail", detail.toString());
        ObjectNode request = RuntimeUnderTest.JSON.createObjectNode();
        request.putArray("Entries").add(entry);
        URI endpoint = URI.create(runtime.local.environment().get(
                dev.countersign.aws.AwsService.EVENTBRIDGE.endpointVariable()));
        HttpResponse<String> response = runtime.send(HttpRequest.newBuilder(endpoint)
                .header("Content-Type", "application/x-amz-json-1.1").header("X-Amz-Target", "AWSEvents.PutEvents")
                .POST(HttpRequest.BodyPublishers.ofString(request.toString())));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        try {
            return RuntimeUnderTest.JSON.readTree(response.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static JsonNode readJson(String line) {
        try {
            return RuntimeUnderTest.JSON.readTree(line);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private List<ExecutionListItem> gateExecutions() {
        return runtime.sfn.listExecutions(r -> r.stateMachineArn(runtime.local.stateMachineArn(
                CountersignLocal.GATE_WORKFLOW))).executions();
    }

    @Test
    void proposalSubmitted_startsTheGate_andApprovalDecided_reachesTheLogFileAndHttpTargets() throws IOException {
        int before = gateExecutions().size();
        ObjectNode proposal = Proposals.full();

        JsonNode answer = putEvent("countersign.proposals", "Proposal Submitted", proposal);
        runtime.idle();

        assertThat(answer.path("FailedEntryCount").asInt()).isZero();
        List<ExecutionListItem> started = gateExecutions();
        assertThat(started).hasSize(before + 1);
        String execution = started.stream().map(ExecutionListItem::executionArn)
                .filter(arn -> runtime.describe(arn).status() == ExecutionStatus.RUNNING).findFirst().orElseThrow();
        // The rule's InputPath ($.detail) makes the proposal itself the gate's input.
        assertThat(RuntimeUnderTest.JSON.readTree(runtime.describe(execution).input())).isEqualTo(proposal);

        String secret = RuntimeUnderTest.secretOf(RuntimeUnderTest.reviewLink(runtime.requestEmail("lee@shop.example")));
        assertThat(runtime.decide(secret, "approve", "Fine.").statusCode()).isEqualTo(200);
        runtime.idle();

        assertThat(runtime.describe(execution).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        String approvalId = RuntimeUnderTest.approvalId(execution, "approval-gate").value();
        List<String> lines = Files.readAllLines(data.resolve(CountersignLocal.DECISIONS_FILE), StandardCharsets.UTF_8);
        JsonNode decided = lines.stream().map(LocalEventsEndToEndTest::readJson)
                .filter(e -> e.path("detail").path("decision").path("approvalId").asText().equals(approvalId))
                .findFirst().orElseThrow(() -> new AssertionError("no Approval Decided for " + approvalId
                        + " in decisions.jsonl: " + lines));
        assertThat(decided.path("detail-type").asText()).isEqualTo("Approval Decided");
        assertThat(decided.path("source").asText()).isEqualTo("countersign");
        assertThat(decided.path("detail").path("executionArn").asText()).isEqualTo(execution);
        assertThat(decided.path("detail").path("decision").path("outcome").asText()).isEqualTo("APPROVED");
        assertThat(decided.path("detail").path("decision").path("decidedBy").asText()).isEqualTo("lee@shop.example");
        assertThat(posted).as("the HTTP target got the same event").anySatisfy(event ->
                assertThat(event.path("id").asText()).isEqualTo(decided.path("id").asText()));
    }

    @Test
    void anEventFromAnotherSource_startsNothing() {
        int before = gateExecutions().size();

        // The functions may put events with source "countersign": the rule never lets those start a gate.
        putEvent("countersign", "Proposal Submitted", Proposals.full());
        runtime.idle();

        assertThat(gateExecutions()).hasSize(before);
    }

    @Test
    void stoppingAnExecutionAtItsGate_withdrawsTheApproval_andALateClickChangesNothing() {
        String execution = runtime.startRefund(RuntimeUnderTest.order("ORD-STOP"));
        String link = RuntimeUnderTest.reviewLink(runtime.requestEmail(RuntimeUnderTest.APPROVER, "ORD-STOP"));

        runtime.sfn.stopExecution(r -> r.executionArn(execution).error("Withdrawn")
                .cause("The customer withdrew the refund request (ops: kim)"));
        runtime.idle();

        assertThat(runtime.describe(execution).status()).isEqualTo(ExecutionStatus.ABORTED);
        ApprovalRecord approval = runtime.approval(execution, RuntimeUnderTest.GATE);
        assertThat(approval.status()).isEqualTo(ApprovalStatus.CANCELLED);
        AuditEvent cancelled = approval.auditTrail().stream().filter(e -> e.type().equals(AuditEventType.CANCELLED.name()))
                .findFirst().orElseThrow();
        assertThat(cancelled.actor()).isEqualTo(CancelHandler.ACTOR);
        assertThat(cancelled.details().path("execution").path("status").asText()).isEqualTo("ABORTED");
        assertThat(cancelled.details().path("reason").asText()).contains("stopped")
                .contains("The customer withdrew the refund request");

        HttpResponse<String> page = runtime.get(link);
        assertThat(page.statusCode()).isEqualTo(410);
        assertThat(RuntimeUnderTest.text(page.body())).contains("This request was withdrawn");

        // A click on a page opened before the stop: recorded as late, the outcome stays CANCELLED.
        HttpResponse<String> late = runtime.decide(RuntimeUnderTest.secretOf(link), "approve", "");
        runtime.idle();
        assertThat(late.statusCode()).isNotEqualTo(200);
        ApprovalRecord after = runtime.approval(execution, RuntimeUnderTest.GATE);
        assertThat(after.status()).isEqualTo(ApprovalStatus.CANCELLED);
        assertThat(after.decision().outcome()).isEqualTo(approval.decision().outcome());
        assertThat(runtime.statesEntered(execution)).doesNotContain("IssueRefund");
    }

    @Test
    void theSameStatusChangeDeliveredTwice_cancelsOnce() throws Exception {
        String execution = runtime.startRefund(RuntimeUnderTest.order("ORD-TWICE"));
        runtime.sfn.stopExecution(r -> r.executionArn(execution).cause("duplicate order"));
        runtime.idle();
        // The status change the engine put on the default bus, as EventBridge may deliver it again.
        JsonNode aborted = runtime.local.bus().archive().events().stream()
                .filter(e -> e.path("source").asText().equals("aws.states")
                        && e.path("detail").path("executionArn").asText().equals(execution)
                        && e.path("detail").path("status").asText().equals("ABORTED"))
                .findFirst().orElseThrow();
        ObjectNode event = RuntimeUnderTest.JSON.createObjectNode().put("source", "aws.states")
                .put("detail-type", "Step Functions Execution Status Change");
        event.set("detail", aborted.path("detail"));

        JsonNode again = runtime.local.functions().get(Functions.CANCEL).invoke(event);

        assertThat(again.path("cancelled")).isEmpty();
        ApprovalRecord approval = runtime.approval(execution, RuntimeUnderTest.GATE);
        assertThat(approval.status()).isEqualTo(ApprovalStatus.CANCELLED);
        assertThat(runtime.auditTypes(approval)).containsOnlyOnce(AuditEventType.CANCELLED.name());
    }

    @Test
    void aWorkflowThatEndsNormally_leavesItsDecidedApprovalAsItWas() {
        String execution = runtime.startRefund(RuntimeUnderTest.order("ORD-DONE"));
        String secret = RuntimeUnderTest.secretOf(RuntimeUnderTest.reviewLink(runtime.requestEmail(
                RuntimeUnderTest.APPROVER, "ORD-DONE")));
        assertThat(runtime.decide(secret, "reject", "Not ours.").statusCode()).isEqualTo(200);
        runtime.idle();

        assertThat(runtime.describe(execution).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(runtime.approval(execution, RuntimeUnderTest.GATE).status()).isEqualTo(ApprovalStatus.REJECTED);
        assertThat(runtime.auditTypes(runtime.approval(execution, RuntimeUnderTest.GATE)))
                .doesNotContain(AuditEventType.CANCELLED.name());
    }
}
