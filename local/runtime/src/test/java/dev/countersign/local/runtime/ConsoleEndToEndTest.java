package dev.countersign.local.runtime;

import static dev.countersign.local.runtime.RuntimeUnderTest.APPROVER;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.approval.ApprovalRecord;
import dev.countersign.contract.Proposals;
import dev.countersign.local.dynalite.ProjectRoot;
import dev.countersign.local.engine.ExecutionStatus;
import dev.countersign.local.engine.ExecutionSummary;
import dev.countersign.local.runtime.web.ConsolePages;
import dev.countersign.store.dynamodb.CountersignTables;
import dev.countersign.views.SecurityHeaders;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The console of {@code countersign up} over real HTTP, on the whole runtime: approvals asked through the engine,
 * one decided through its emailed link, one with hostile text, one trail edited in dynalite behind the store's back.
 */
class ConsoleEndToEndTest {
    private static final String EVIL = "<script>alert(1)</script>\"><img src=x onerror=alert(1)>";
    private static final String HOSTILE_APPROVER = "lee@shop.example";

    @TempDir
    Path data;
    RuntimeUnderTest runtime;
    String decidedExecution;
    String waitingExecution;
    String hostileExecution;

    @BeforeEach
    void start() {
        runtime = RuntimeUnderTest.start(data);
        decidedExecution = runtime.startRefund(RuntimeUnderTest.order("ORD-1"));
        String link = RuntimeUnderTest.reviewLink(runtime.requestEmail(APPROVER, "ORD-1"));
        assertThat(runtime.get(link).statusCode()).isEqualTo(200);
        assertThat(runtime.decide(RuntimeUnderTest.secretOf(link), "approve", "Parcel photos checked").statusCode())
                .isEqualTo(200);
        runtime.idle();
        // The engine's clock stands still unless moved: without this, the two would be asked in the same millisecond.
        runtime.advance(Duration.ofMinutes(1));
        waitingExecution = runtime.startRefund(RuntimeUnderTest.order("ORD-2"));
        runtime.advance(Duration.ofMinutes(1));
        ObjectNode hostile = Proposals.full();
        hostile.putObject("action").put("type", "refund.issue").put("summary", EVIL)
                .putObject("params").put("note", EVIL);
        hostile.putObject("routing").putArray("approvers").add(HOSTILE_APPROVER);
        hostileExecution = runtime.startGate(hostile);
    }

    @AfterEach
    void stop() {
        runtime.close();
    }

    private String url(String path) {
        return runtime.local.webEndpoint() + path;
    }

    private Document page(String path) {
        HttpResponse<String> response = runtime.get(url(path));
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return Jsoup.parse(response.body());
    }

    private String approvalPath(String execution, String gate) {
        return "/console/approvals/" + runtime.approval(execution, gate).approvalId().value();
    }

    @Test
    void theFirstPage_listsWhatWaits_newestFirst_andWhatWasDecided_withLinksToEachApproval() {
        Document home = page("/console");

        List<Element> pending = home.select("h2#pending + table tbody tr");
        assertThat(pending).hasSize(2);
        ApprovalRecord waiting = runtime.approval(waitingExecution);
        assertThat(pending.get(0).selectFirst("a").attr("href")).isEqualTo(approvalPath(hostileExecution,
                "approval-gate"));
        assertThat(pending.get(1).text()).contains(waiting.workflow(), waiting.riskLevel().wireName(),
                waiting.approvalId().value());
        assertThat(pending.get(1).selectFirst("a").attr("href")).isEqualTo(approvalPath(waitingExecution,
                RuntimeUnderTest.GATE));
        List<Element> decided = home.select("h2#decided + table tbody tr");
        assertThat(decided).hasSize(1);
        assertThat(decided.get(0).text()).contains("APPROVED", APPROVER,
                runtime.approval(decidedExecution).workflow());
        assertThat(decided.get(0).selectFirst("a").attr("href")).isEqualTo(approvalPath(decidedExecution,
                RuntimeUnderTest.GATE));
        assertThat(home.select("a[href=/mailbox]")).isNotEmpty();
    }

    @Test
    void anApprovalsPage_showsItsTrail_itsIntactChainAgainstThePublishedAnchor_andItsFinishedExecution() {
        ApprovalRecord approval = runtime.approval(decidedExecution);

        Document page = page(approvalPath(decidedExecution, RuntimeUnderTest.GATE));

        assertThat(page.selectFirst(".chain").text()).startsWith("Trail intact")
                .contains("chain intact: " + approval.auditTrail().size() + " events, HMAC verified",
                        "matches the published anchor");
        List<Element> trail = page.select("table.trail tbody tr");
        assertThat(trail).hasSize(approval.auditTrail().size());
        assertThat(trail).extracting(r -> r.child(2).text()).containsSubsequence("REQUESTED", "APPROVED");
        Element approved = trail.stream().filter(r -> r.child(2).text().equals("APPROVED")).findFirst().orElseThrow();
        assertThat(approved.child(3).text()).isEqualTo(APPROVER);
        assertThat(approved.child(4).text()).contains("Parcel photos checked");
        String text = page.text();
        assertThat(text).contains("paused at gate " + RuntimeUnderTest.GATE, decidedExecution, approval.workflow(),
                "SUCCEEDED", "refund-workflow", "Decided by " + APPROVER,
                "Parcel photos checked", approval.proposalHash());
    }

    @Test
    void aWaitingApproval_showsItsRunningExecution_andHowToAuditItFromTheCommandLine() {
        String text = page(approvalPath(waitingExecution, RuntimeUnderTest.GATE)).text();

        assertThat(text).contains("PENDING", waitingExecution, "RUNNING", APPROVER,
                "./countersign audit " + runtime.approval(waitingExecution).approvalId());
    }

    @Test
    void aGateRunAsANestedWorkflow_showsTheExecutionThatStartedIt() throws IOException {
        // The plain-ASL refund example of docs/gate-forms.md, which starts the gate workflow and waits for it.
        String definition = Files.readString(ProjectRoot.locate().resolve("docs/examples/refund-workflow-nested.asl.json"),
                StandardCharsets.UTF_8);
        for (Map.Entry<String, String> value : CountersignLocal.definitionSubstitutions().entrySet()) {
            definition = definition.replace("${" + value.getKey() + "}", value.getValue());
        }
        String machine = runtime.local.engine().createStateMachine("refund-workflow-nested", definition,
                "arn:aws:iam::" + CountersignLocal.ACCOUNT_ID + ":role/refund-workflow-nested").stateMachineArn();
        String parent = runtime.sfn.startExecution(r -> r.stateMachineArn(machine).name("nested-1")
                .input(RuntimeUnderTest.order("ORD-9").toString())).executionArn();
        runtime.idle();
        String gate = runtime.local.engine().listExecutions(runtime.local.stateMachineArn("approval-gate"),
                ExecutionStatus.RUNNING, 100, null).items().stream().map(ExecutionSummary::executionArn)
                .filter(arn -> !arn.equals(hostileExecution)).findFirst().orElseThrow();

        List<Element> rows = page(approvalPath(gate, "approval-gate")).select("h2:containsOwn(Executions) + table"
                + " tbody tr");

        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).text()).contains("paused at gate approval-gate", gate, "approval-gate", "RUNNING");
        assertThat(rows.get(1).text()).contains("started the execution above", parent, "refund-workflow-nested",
                "RUNNING");
    }

    @Test
    void aTrailEditedInTheTable_isShownBroken() {
        ApprovalRecord approval = runtime.approval(decidedExecution);
        int last = approval.auditTrail().size() - 1;
        // Someone with table access rewrites who approved.
        runtime.local.clients().dynamoDb().updateItem(r -> r.tableName(CountersignTables.DEFAULT_APPROVALS_TABLE)
                .key(Map.of("pk", AttributeValue.fromS(CountersignTables.APPROVAL_PREFIX
                                + approval.approvalId().value()),
                        "sk", AttributeValue.fromS(CountersignTables.APPROVAL_SK)))
                .updateExpression("SET trail[" + indexOf(approval, "APPROVED") + "].actor = :who")
                .expressionAttributeValues(Map.of(":who", AttributeValue.fromS("mallory@shop.example"))));

        Document page = page(approvalPath(decidedExecution, RuntimeUnderTest.GATE));

        assertThat(last).isPositive();
        assertThat(page.selectFirst(".chain").hasClass("chain-broken")).isTrue();
        assertThat(page.selectFirst(".chain").text()).startsWith("Trail BROKEN").contains("BROKEN at seq "
                + (indexOf(approval, "APPROVED") + 1));
    }

    private static int indexOf(ApprovalRecord approval, String type) {
        for (int i = 0; i < approval.auditTrail().size(); i++) {
            if (approval.auditTrail().get(i).type().equals(type)) {
                return i;
            }
        }
        throw new AssertionError("no " + type + " event");
    }

    @Test
    void hostileText_isShownAsText_neverAsMarkup_onTheListAndTheApprovalsPage() {
        for (String path : List.of("/console", approvalPath(hostileExecution, "approval-gate"))) {
            HttpResponse<String> response = runtime.get(url(path));
            assertThat(response.statusCode()).as(path).isEqualTo(200);
            Document page = Jsoup.parse(response.body());
            assertThat(page.select("script, img, iframe, form")).as(path).isEmpty();
            assertThat(page.getAllElements()).as(path).allSatisfy(e -> e.attributes().forEach(a ->
                    assertThat(a.getKey()).doesNotStartWith("on")));
            assertThat(page.text()).as(path).contains("<script>alert(1)</script>\"><img src=x onerror=alert(1)>");
        }
    }

    @Test
    void everyPage_carriesTheReviewPagesSecurityHeaders_withAPolicyThatAllowsNoScript() {
        for (String path : List.of("/console", approvalPath(decidedExecution, RuntimeUnderTest.GATE),
                "/console/approvals/ap_nope")) {
            HttpResponse<String> response = runtime.get(url(path));
            SecurityHeaders.ALL.forEach((name, value) -> {
                if (!name.equals("Content-Security-Policy")) {
                    assertThat(response.headers().firstValue(name)).as(path + " " + name).hasValue(value);
                }
            });
            assertThat(response.headers().firstValue("Content-Security-Policy")).as(path)
                    .hasValue(ConsolePages.POLICY);
            assertThat(ConsolePages.POLICY).startsWith("default-src 'none';").contains("form-action 'none'",
                    "frame-ancestors 'none'", "base-uri 'none'").doesNotContain("script-src", "unsafe");
            // The one stylesheet is the one the policy's hash allows; no style attribute anywhere.
            Document page = Jsoup.parse(response.body());
            assertThat(page.select("[style]")).isEmpty();
            assertThat(page.select("style")).hasSize(1);
        }
    }

    @Test
    void theConsole_isReadOnly_refusesOtherHosts_andAnswersUnknownAddressesAndStaleTokensPlainly() throws IOException {
        HttpResponse<String> post = runtime.send(HttpRequest.newBuilder(java.net.URI.create(url("/console")))
                .POST(HttpRequest.BodyPublishers.ofString("x")));
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("allow")).hasValue("GET, HEAD");
        assertThat(runtime.get(url("/console/approvals/ap_nope")).statusCode()).isEqualTo(404);
        assertThat(runtime.get(url("/console/approvals/" + "a".repeat(200))).statusCode()).isEqualTo(404);
        HttpResponse<String> stale = runtime.get(url("/console?pending=not-a-token"));
        assertThat(stale.statusCode()).isEqualTo(400);
        assertThat(Jsoup.parse(stale.body()).text()).contains("start again from the first page");

        // A page elsewhere that rebinds its DNS name to 127.0.0.1 sends its own name as Host.
        assertThat(rawGet("/console", "attacker.example:" + runtime.local.webEndpoint().getPort()))
                .startsWith("HTTP/1.1 421");
        assertThat(rawGet("/console", "localhost:" + runtime.local.webEndpoint().getPort()))
                .startsWith("HTTP/1.1 200");
    }

    /** A GET with a Host header of our choosing (the JDK client will not send one). */
    private String rawGet(String path, String host) throws IOException {
        try (Socket socket = new Socket(runtime.local.webEndpoint().getHost(), runtime.local.webEndpoint().getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
