package dev.countersign.local.runtime;

import static dev.countersign.local.runtime.RuntimeUnderTest.APPROVER;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.approval.ApprovalRecord;
import dev.countersign.approval.ApprovalStatus;
import dev.countersign.audit.ChainVerification;
import dev.countersign.core.json.CanonicalJson;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * The approver's path with every part real: the example refund workflow on the local engine (started and read
 * through the Step Functions API), the handlers in-process, dynalite, the local SES endpoint, and the review pages
 * over HTTP through the API Gateway front. The approver only uses what a person has: the mailbox and a browser.
 */
class ApproverPathEndToEndTest {
    @TempDir
    Path data;
    RuntimeUnderTest runtime;

    @BeforeEach
    void start() {
        runtime = RuntimeUnderTest.start(data);
    }

    @AfterEach
    void stop() {
        runtime.close();
    }

    /** Finds the newest email in the mailbox page, opens its HTML part and takes the "Review and decide" link. */
    private String linkFromTheMailboxPage() {
        HttpResponse<String> mailbox = runtime.get(runtime.local.mailboxUrl().toString());
        assertThat(mailbox.statusCode()).isEqualTo(200);
        Document list = Jsoup.parse(mailbox.body());
        String messagePage = list.selectFirst("ol.messages > li a").attr("href");
        assertThat(list.selectFirst("ol.messages > li").text()).contains("Approval needed", APPROVER);
        Document message = Jsoup.parse(runtime.get(runtime.local.webEndpoint().resolve(messagePage).toString())
                .body());
        String htmlPart = message.selectFirst("iframe").attr("src");
        Document email = Jsoup.parse(runtime.get(runtime.local.webEndpoint().resolve(htmlPart).toString()).body());
        return email.select("a[href]").stream().filter(a -> a.text().contains("Review and decide"))
                .map(a -> a.attr("href")).findFirst().orElseThrow();
    }

    @Test
    void approve_resumesTheWorkflowOnTheApprovedBranch_withTheDecisionAndAVerifiedTrail() {
        String execution = runtime.startRefund(RuntimeUnderTest.order("ORD-1"));
        assertThat(runtime.describe(execution).status()).isEqualTo(ExecutionStatus.RUNNING);
        assertThat(runtime.approval(execution).status()).isEqualTo(ApprovalStatus.PENDING);

        String link = linkFromTheMailboxPage();
        assertThat(link).startsWith(runtime.local.reviewBaseUrl() + "/review/");
        HttpResponse<String> page = runtime.get(link);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(RuntimeUnderTest.text(page.body())).contains("Refund EUR 129.90 to order ORD-1");
        Map<String, String> hidden = RuntimeUnderTest.hiddenFields(page.body());
        assertThat(hidden).containsEntry("secret", RuntimeUnderTest.secretOf(link));
        // The approver ticks the page's receipt box (unticked as served) and presses Approve, as a browser posts it.
        Element box = Jsoup.parse(page.body()).selectFirst("form input[type=checkbox]");
        assertThat(box).isNotNull();
        assertThat(box.hasAttr("checked")).isFalse();
        Map<String, String> form = new LinkedHashMap<>(hidden);
        form.put("comment", "Photos confirm it.");
        form.put(box.attr("name"), box.attr("value"));
        form.put("decision", "approve");

        HttpResponse<String> decided = runtime.post(form);
        assertThat(decided.statusCode()).isEqualTo(200);
        assertThat(RuntimeUnderTest.text(decided.body())).containsIgnoringCase("approved")
                .contains("A receipt of your decision was emailed to " + APPROVER);
        runtime.idle();

        assertThat(runtime.describe(execution).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(runtime.statesEntered(execution)).containsExactly("ProposeRefund", "Route",
                "RequestApproval", "PublishDecision", "Outcome", "IssueRefund");
        JsonNode output = runtime.output(execution);
        ApprovalRecord approval = runtime.approval(execution);
        JsonNode decision = output.get("decision");
        assertThat(decision.get("approvalId").asText()).isEqualTo(approval.approvalId().value());
        assertThat(decision.get("outcome").asText()).isEqualTo("APPROVED");
        assertThat(decision.get("decidedBy").asText()).isEqualTo(APPROVER);
        assertThat(decision.get("channel").asText()).isEqualTo("email-link");
        assertThat(decision.get("comment").asText()).isEqualTo("Photos confirm it.");
        assertThat(decision.get("level").asInt()).isEqualTo(1);
        // The decision names exactly the proposal the agent made (RFC 8785 hash), so the refund step can check it.
        assertThat(decision.get("proposalHash").asText())
                .isEqualTo(CanonicalJson.sha256Hex(output.at("/agent/proposal")));
        assertThat(output.at("/result/refund/status").asText()).isEqualTo("ISSUED");
        assertThat(output.at("/result/refund/approvedBy").asText()).isEqualTo(APPROVER);

        assertThat(approval.status()).isEqualTo(ApprovalStatus.APPROVED);
        assertThat(runtime.auditTypes(approval)).containsExactly("REQUESTED", "ROUTED", "NOTIFIED", "VIEWED",
                "APPROVED", "CALLBACK_DELIVERED");
        assertThat(runtime.store.verifyChain(approval.approvalId())).get()
                .isInstanceOf(ChainVerification.Intact.class);
        assertThat(runtime.local.stepFunctionsCalls("SendTaskSuccess")).isEqualTo(1);
        // The approver asked for a receipt and gets exactly one, after the request.
        assertThat(runtime.emailsTo(APPROVER)).extracting(m -> m.subject()).hasSize(2)
                .satisfies(subjects -> assertThat(subjects.get(1)).startsWith("Recorded: you approved"));
    }

    @Test
    void reject_takesTheRejectionBranch_andCarriesTheCommentIntoTheDecision() {
        String execution = runtime.startRefund(RuntimeUnderTest.order("ORD-2"));
        String link = RuntimeUnderTest.reviewLink(runtime.requestEmail(APPROVER));
        assertThat(runtime.get(link).statusCode()).isEqualTo(200);

        HttpResponse<String> decided = runtime.decide(RuntimeUnderTest.secretOf(link), "reject",
                "Order was delivered intact — see carrier photo.");
        assertThat(decided.statusCode()).isEqualTo(200);
        assertThat(RuntimeUnderTest.text(decided.body()))
                .contains("No receipt was emailed: you did not ask for one. Your decision is in the audit trail");
        runtime.idle();

        assertThat(runtime.describe(execution).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(runtime.statesEntered(execution)).containsExactly("ProposeRefund", "Route",
                "RequestApproval", "PublishDecision", "Outcome", "NotifyRejection");
        JsonNode decision = runtime.output(execution).get("decision");
        assertThat(decision.get("outcome").asText()).isEqualTo("REJECTED");
        assertThat(decision.get("comment").asText()).isEqualTo("Order was delivered intact — see carrier photo.");
        assertThat(decision.get("decidedBy").asText()).isEqualTo(APPROVER);
        assertThat(runtime.output(execution).has("result")).isTrue();
        assertThat(runtime.output(execution).at("/result/refund").isMissingNode()).isTrue();

        ApprovalRecord approval = runtime.approval(execution);
        assertThat(approval.status()).isEqualTo(ApprovalStatus.REJECTED);
        assertThat(runtime.auditTypes(approval)).containsExactly("REQUESTED", "ROUTED", "NOTIFIED", "VIEWED",
                "REJECTED", "CALLBACK_DELIVERED");
        assertThat(runtime.store.verifyChain(approval.approvalId())).get()
                .isInstanceOf(ChainVerification.Intact.class);
        // The box was not ticked: once the workflow has finished, the mailbox holds the request and nothing else.
        assertThat(runtime.local.mailbox().all()).extracting(m -> m.subject())
                .singleElement().satisfies(subject -> assertThat(subject).startsWith("Approval needed"));
    }

    @Test
    void theGateAlone_onTheHappyPath_staysWithinTheTransitionAndHistoryBudget() {
        String execution = runtime.startGate(dev.countersign.contract.Proposals.full());
        String link = RuntimeUnderTest.reviewLink(runtime.requestEmail("lee@shop.example"));
        assertThat(runtime.decide(RuntimeUnderTest.secretOf(link), "approve", "").statusCode()).isEqualTo(200);
        runtime.idle();

        assertThat(runtime.describe(execution).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(runtime.output(execution).get("outcome").asText()).isEqualTo("APPROVED");
        // DESIGN.md's budget for one approval: at most 5 state transitions and 50 history events.
        assertThat(runtime.statesEntered(execution)).containsExactly("Route", "RequestApproval",
                "PublishDecision");
        assertThat(runtime.statesEntered(execution)).hasSizeLessThanOrEqualTo(5);
        assertThat(runtime.history(execution)).hasSizeLessThanOrEqualTo(50);
    }

    @Test
    void rejectWithoutAComment_isRefusedOnThePage_andNothingChanges() {
        String execution = runtime.startRefund(RuntimeUnderTest.order("ORD-3"));
        String secret = RuntimeUnderTest.secretOf(RuntimeUnderTest.reviewLink(runtime.requestEmail(APPROVER)));

        HttpResponse<String> refused = runtime.decide(secret, "reject", "   ");
        runtime.idle();

        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(runtime.approval(execution).status()).isEqualTo(ApprovalStatus.PENDING);
        assertThat(runtime.describe(execution).status()).isEqualTo(ExecutionStatus.RUNNING);
        assertThat(runtime.local.stepFunctionsCalls("SendTaskSuccess")).isZero();
    }

    @Test
    void timeout_afterTheLevelsTimeout_isTimedOut_onTheNotApprovedBranch_withNoApproval() {
        String execution = runtime.startRefund(RuntimeUnderTest.order("ORD-4"));
        assertThat(runtime.approval(execution).status()).isEqualTo(ApprovalStatus.PENDING);

        // The route's one level waits 86400 s: a reminder at 75 % (64800 s), then the rest (21600 s).
        runtime.advance(Duration.ofSeconds(64_800));
        assertThat(runtime.emailsTo(APPROVER)).extracting(m -> m.subject())
                .anySatisfy(subject -> assertThat(subject).startsWith("Reminder"));
        // One second short of the level's end, nothing happens...
        runtime.advance(Duration.ofSeconds(21_599));
        assertThat(runtime.describe(execution).status()).isEqualTo(ExecutionStatus.RUNNING);
        assertThat(runtime.approval(execution).status()).isEqualTo(ApprovalStatus.PENDING);
        // ...and past it the engine raises States.Timeout, which the ASL catches into Escalate: no level is left.
        runtime.advance(Duration.ofSeconds(2));

        assertThat(runtime.describe(execution).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(runtime.statesEntered(execution)).containsExactly("ProposeRefund", "Route",
                "RequestApproval", "Escalate", "Escalated", "RequestApproval", "Escalate", "Escalated",
                "PublishDecision", "Outcome", "NotifyRejection");
        JsonNode decision = runtime.output(execution).get("decision");
        assertThat(decision.get("outcome").asText()).isEqualTo("TIMED_OUT");
        assertThat(decision.get("channel").asText()).isEqualTo("policy");
        ApprovalRecord approval = runtime.approval(execution);
        assertThat(approval.status()).isEqualTo(ApprovalStatus.TIMED_OUT);
        List<String> trail = runtime.auditTypes(approval);
        assertThat(trail).startsWith("REQUESTED", "ROUTED", "NOTIFIED").contains("REMINDED", "TIMED_OUT",
                "FALLBACK_APPLIED").doesNotContain("APPROVED", "REJECTED");
        assertThat(decision.get("fallback").asText()).isEqualTo("REJECTED");
        assertThat(runtime.store.verifyChain(approval.approvalId())).get()
                .isInstanceOf(ChainVerification.Intact.class);
        assertThat(runtime.local.stepFunctionsCalls("SendTaskSuccess")).isZero();
    }
}
