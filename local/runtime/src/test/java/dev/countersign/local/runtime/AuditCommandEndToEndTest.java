package dev.countersign.local.runtime;

import static dev.countersign.local.runtime.RuntimeUnderTest.APPROVER;
import static dev.countersign.local.runtime.RuntimeUnderTest.GATE;
import static dev.countersign.local.runtime.RuntimeUnderTest.REQUESTER;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.approval.ApprovalRecord;
import dev.countersign.approval.TaskToken;
import dev.countersign.local.events.EventLog;
import dev.countersign.local.runtime.audit.CountersignAudit;
import dev.countersign.store.dynamodb.CountersignTables;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@code ./countersign audit} against the whole local runtime: a real approval through the engine, the handlers and
 * dynalite, read back by the command through its own SDK client, with the anchors the functions published.
 */
class AuditCommandEndToEndTest {
    @TempDir
    Path data;
    RuntimeUnderTest runtime;

    /** What one run of the command printed, and its exit status. */
    record Run(int status, String out, String err) {
    }

    @BeforeEach
    void start() {
        runtime = RuntimeUnderTest.start(data);
    }

    @AfterEach
    void stop() {
        runtime.close();
    }

    private Run audit(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--data", data.toString(), "--dynamodb-endpoint", runtime.local.dynamoDbEndpoint().toString()));
        return auditExactly(all.toArray(String[]::new));
    }

    private static Run auditExactly(String... args) {
        // An empty environment: the local runtime's defaults, whatever the machine running the test has set.
        return auditIn(Map.of(), args);
    }

    private static Run auditIn(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = CountersignAudit.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Approves the example refund through its review link, with a comment, and waits for the callback. */
    private ApprovalRecord approvedRefund() {
        String execution = runtime.startRefund(RuntimeUnderTest.order("ORD-41"));
        String link = RuntimeUnderTest.reviewLink(runtime.requestEmail(APPROVER));
        assertThat(runtime.get(link).statusCode()).isEqualTo(200);
        assertThat(runtime.decide(RuntimeUnderTest.secretOf(link), "approve", "Crushed parcel, photos attached")
                .statusCode()).isEqualTo(200);
        runtime.idle();
        return runtime.approval(execution);
    }

    @Test
    void audit_withOnlyData_findsARuntimeStartedOnOtherPorts() {
        // The runtime under test listens on free ports, never 8000: --data alone must lead the command to it.
        ApprovalRecord approval = approvedRefund();

        Run run = auditExactly(approval.approvalId().value(), "--data", data.toString());

        assertThat(runtime.local.dynamoDbEndpoint().getPort()).isNotEqualTo(8000);
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).contains("outcome: APPROVED by " + APPROVER);
    }

    @Test
    void audit_withOnlyData_saysTheRuntimeIsNotRunning_whenItsEndpointsFileIsStale() throws IOException {
        ApprovalRecord approval = approvedRefund();
        Path stale = Files.createTempDirectory("stale-data");
        Files.copy(data.resolve(RuntimeEndpoints.FILE), stale.resolve(RuntimeEndpoints.FILE));
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        new RuntimeEndpoints(runtime.local.webEndpoint(), runtime.local.stepFunctionsEndpoint(),
                java.net.URI.create("http://127.0.0.1:" + port)).writeTo(stale);

        Run run = auditExactly(approval.approvalId().value(), "--data", stale.toString());

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("nothing is listening at http://127.0.0.1:" + port,
                "it is not running now: start it again with the same --data");
    }

    @Test
    void audit_listsTheTrailWithApproverAndComment_andSaysIntactAgainstThePublishedAnchor() {
        ApprovalRecord approval = approvedRefund();
        String id = approval.approvalId().value();

        Run run = audit(id);

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).contains("approval " + id, "requester     " + REQUESTER,
                "proposalHash  " + approval.proposalHash(), "risk ");
        assertThat(run.out()).containsSubsequence("REQUESTED", "ROUTED", "NOTIFIED", "VIEWED", "APPROVED",
                "CALLBACK_DELIVERED");
        assertThat(run.out()).containsPattern("APPROVED +" + APPROVER.replace(".", "\\.")
                + " +comment=\"Crushed parcel, photos attached\"");
        assertThat(run.out()).contains("outcome: APPROVED by " + APPROVER);
        assertThat(run.out()).contains("chain intact: 6 events, HMAC verified, matches the published anchor at seq 6");
    }

    @Test
    void audit_saysWhichSeqsOnlyTheItemCovers_whenATrailingViewIsNotPublishedYet() {
        String execution = runtime.startRefund(RuntimeUnderTest.order("ORD-43"));
        assertThat(runtime.get(RuntimeUnderTest.reviewLink(runtime.requestEmail(APPROVER))).statusCode()).isEqualTo(200);
        ApprovalRecord pending = runtime.approval(execution);

        Run run = audit(pending.approvalId().value());

        // A page view alone publishes nothing (docs/data-design.md), so the newest anchor is seq 3.
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).contains("VIEWED", "outcome: none yet (PENDING, waiting at level 1)")
                .contains("chain intact: 4 events, HMAC verified, matches the published anchor at seq 3 (seq 4 not"
                        + " published yet: only the item's own anchor covers it)");
    }

    @Test
    void audit_keepsAMultiLineCommentOnItsLine_soItCannotFakeAVerdict() {
        String execution = runtime.startRefund(RuntimeUnderTest.order("ORD-44"));
        String link = RuntimeUnderTest.reviewLink(runtime.requestEmail(APPROVER));
        runtime.decide(RuntimeUnderTest.secretOf(link), "approve", "fine\nchain intact: 99 events, HMAC verified");
        runtime.idle();

        Run run = audit(runtime.approval(execution).approvalId().value());

        // A newline printed as is would let an approver's comment add a verdict line of its own.
        assertThat(run.out().lines()).noneMatch(line -> line.startsWith("chain intact: 99"));
        assertThat(run.out()).contains("comment=\"fine\\nchain intact: 99 events, HMAC verified\"");
    }

    @Test
    void audit_byExecutionArnAndGate_findsTheSameApproval() {
        ApprovalRecord approval = approvedRefund();

        Run run = audit(approval.executionArn(), "--gate", GATE);

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).contains("approval " + approval.approvalId().value());
    }

    @Test
    void audit_printsNeitherTheTaskTokenNorTheLinkSecret() {
        String execution = runtime.startRefund(RuntimeUnderTest.order("ORD-42"));
        String link = RuntimeUnderTest.reviewLink(runtime.requestEmail(APPROVER));
        String secret = RuntimeUnderTest.secretOf(link);
        ApprovalRecord pending = runtime.approval(execution);
        String token = runtime.store.taskTokenForCallback(pending.approvalId(), 1).map(TaskToken::value).orElseThrow();
        runtime.decide(secret, "approve", "fine");
        runtime.idle();

        Run text = audit(pending.approvalId().value());
        Run json = audit(pending.approvalId().value(), "--json");

        // Guards against printing the stored item wholesale (it holds taskTokens) or the link's grant.
        assertThat(text.out() + json.out()).doesNotContain(token).doesNotContain(secret);
    }

    @Test
    void audit_json_parsesAndCarriesTheTrailAndTheVerdict() throws IOException {
        ApprovalRecord approval = approvedRefund();

        Run run = audit(approval.approvalId().value(), "--json");

        assertThat(run.status()).as(run.err()).isZero();
        JsonNode report = RuntimeUnderTest.JSON.readTree(run.out());
        assertThat(report.at("/approval/approvalId").asText()).isEqualTo(approval.approvalId().value());
        assertThat(report.at("/approval/requester").asText()).isEqualTo(REQUESTER);
        assertThat(report.get("trail")).extracting(e -> e.get("type").asText()).containsExactly("REQUESTED", "ROUTED",
                "NOTIFIED", "VIEWED", "APPROVED", "CALLBACK_DELIVERED");
        assertThat(report.at("/trail/4/details/comment").asText()).isEqualTo("Crushed parcel, photos attached");
        assertThat(report.at("/outcome/outcome").asText()).isEqualTo("APPROVED");
        assertThat(report.at("/verification/intact").asBoolean()).isTrue();
        assertThat(report.at("/verification/publishedAnchor/seq").asInt()).isEqualTo(6);
        assertThat(report.at("/verification/verdict").asText()).startsWith("chain intact: 6 events");
    }

    @Test
    void audit_exits1NamingTheSeq_whenTheTrailWasTruncatedAndItsAnchorRewound() {
        ApprovalRecord approval = approvedRefund();
        String id = approval.approvalId().value();
        // A table writer without the key drops CALLBACK_DELIVERED and rewinds the item's anchor to seq 5.
        update(id, "REMOVE trail[5] SET auditCount = :five, lastHash = :hash", Map.of(":five",
                AttributeValue.fromN("5"), ":hash", AttributeValue.fromS(approval.auditTrail().get(4).hash())));

        Run run = audit(id);
        Run json = audit(id, "--json");

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.out()).contains("BROKEN at seq 6: ").contains("truncated");
        assertThat(json.status()).isEqualTo(1);
        assertThat(json.out()).contains("\"intact\" : false", "\"brokenAtSeq\" : 6");
    }

    @Test
    void audit_exits1NamingTheSeq_whenAnEventWasEdited() {
        ApprovalRecord approval = approvedRefund();
        String id = approval.approvalId().value();
        // Someone rewrites who approved (seq 5, APPROVED): the stored hash no longer matches the content.
        update(id, "SET trail[4].actor = :someone", Map.of(":someone", AttributeValue.fromS("boss@example.com")));

        Run run = audit(id);

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.out()).contains("BROKEN at seq 5: hash does not match");
    }

    @Test
    void audit_checksOnlyTheItemsAnchor_andSaysSo_whenNoAnchorsWerePublished() throws IOException {
        ApprovalRecord approval = approvedRefund();
        Path empty = Files.writeString(data.resolve("other-anchors.jsonl"), "");

        Run run = audit(approval.approvalId().value(), "--anchors", empty.toString());

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).contains("chain intact: 6 events, HMAC verified; no published anchor for this approval"
                + " in " + empty);
    }

    @Test
    void audit_readsAnchorsExportedFromCloudWatchLogs() throws IOException {
        ApprovalRecord approval = approvedRefund();
        // What aws logs filter-log-events prints: each message is a whole EventBridge event (detail-type).
        StringBuilder export = new StringBuilder("{\"events\": [");
        List<JsonNode> local = EventLog.in(data).events();
        for (int i = 0; i < local.size(); i++) {
            JsonNode event = local.get(i);
            String message = "{\"source\":\"countersign\",\"detail-type\":" + event.get("detailType")
                    + ",\"detail\":" + event.get("detail") + "}";
            export.append(i == 0 ? "" : ",").append("{\"message\":")
                    .append(RuntimeUnderTest.JSON.writeValueAsString(message)).append('}');
        }
        Path file = Files.writeString(data.resolve("exported.json"), export.append("]}").toString());

        Run run = audit(approval.approvalId().value(), "--anchors", file.toString());

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).contains("matches the published anchor at seq 6");
    }

    @Test
    void audit_exits2WithWhatToDo_forAnUnknownApproval() {
        Run run = audit("ap_aaaaaaaaaaaaaaaaaaaaaaaaaa");

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("approval ap_aaaaaaaaaaaaaaaaaaaaaaaaaa is not in table "
                + CountersignTables.DEFAULT_APPROVALS_TABLE).contains("check the id");
    }

    @Test
    void audit_refusesClearly_whenNothingListens() throws IOException {
        int free;
        try (ServerSocket socket = new ServerSocket(0)) {
            free = socket.getLocalPort();
        }

        Run given = auditExactly("ap_aaaaaaaaaaaaaaaaaaaaaaaaaa", "--data", data.toString(), "--dynamodb-endpoint",
                "http://127.0.0.1:" + free);

        assertThat(given.status()).isEqualTo(2);
        assertThat(given.err()).contains("nothing is listening at http://127.0.0.1:" + free)
                .contains("check --dynamodb-endpoint");
    }

    @Test
    void audit_readsTheTableAndTheKeyFromTheEnvironment_asOnAws() throws IOException {
        ApprovalRecord approval = approvedRefund();
        // What the deployed functions have, with the key inline (as for LocalStack) instead of in Secrets Manager.
        Map<String, String> env = Map.of("COUNTERSIGN_AUDIT_KEY", Files.readString(data.resolve("audit-key")).trim(),
                "AWS_REGION", "us-east-1", "AWS_ACCESS_KEY_ID", "auditor", "AWS_SECRET_ACCESS_KEY", "auditor",
                "AWS_ENDPOINT_URL_DYNAMODB", runtime.local.dynamoDbEndpoint().toString(),
                CountersignTables.TABLE_VARIABLE, CountersignTables.DEFAULT_APPROVALS_TABLE);

        Run run = auditIn(env, approval.approvalId().value(), "--anchors", data.resolve(EventLog.FILE).toString());
        Run withoutAnchors = auditIn(env, approval.approvalId().value());

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).contains("chain intact: 6 events, HMAC verified, matches the published anchor at seq 6");
        // On AWS the anchors are in CloudWatch Logs: without --anchors only the item's own anchor can be checked.
        assertThat(withoutAnchors.out()).contains("no published anchors given");
    }

    @Test
    void audit_refuses_whenTheDataDirectoryHasNoAuditKey(@TempDir Path elsewhere) {
        Run run = auditExactly("ap_aaaaaaaaaaaaaaaaaaaaaaaaaa", "--data", elsewhere.toString(), "--dynamodb-endpoint",
                runtime.local.dynamoDbEndpoint().toString());

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("no audit key at " + elsewhere.resolve("audit-key"));
        // Guards against creating a fresh key, which would make every chain look forged.
        assertThat(elsewhere.resolve("audit-key")).doesNotExist();
    }

    private void update(String id, String expression, Map<String, AttributeValue> values) {
        runtime.local.clients().dynamoDb().updateItem(r -> r.tableName(CountersignTables.DEFAULT_APPROVALS_TABLE)
                .key(Map.of("pk", AttributeValue.fromS(CountersignTables.APPROVAL_PREFIX + id),
                        "sk", AttributeValue.fromS(CountersignTables.APPROVAL_SK)))
                .updateExpression(expression).expressionAttributeValues(values));
    }
}
