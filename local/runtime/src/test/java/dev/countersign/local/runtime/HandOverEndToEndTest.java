package dev.countersign.local.runtime;

import static dev.countersign.local.runtime.RuntimeUnderTest.APPROVER;
import static dev.countersign.local.runtime.RuntimeUnderTest.REQUESTER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.countersign.approval.ApprovalStatus;
import dev.countersign.audit.AuditEvent;
import dev.countersign.audit.ChainVerification;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * Handing a request to a colleague from the review page: the colleague gets a link of their own, the old link stops
 * working and says so, and the trail shows who handed it to whom and why.
 */
class HandOverEndToEndTest {
    static final String COLLEAGUE = "morgan@shop.example";

    @TempDir
    Path data;
    RuntimeUnderTest runtime;

    @BeforeEach
    void start() {
        Path rules = TestRoutingRules.write(data);
        runtime = RuntimeUnderTest.start(data.resolve("runtime"), options -> options.routingFile(rules));
    }

    @AfterEach
    void stop() {
        runtime.close();
    }

    private HttpResponse<String> handOver(String secret, String to, String reason) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("secret", secret);
        form.put("comment", "");
        form.put("handOverTo", to);
        form.put("handOverReason", reason);
        form.put("decision", "hand-over");
        return runtime.post(form);
    }

    @Test
    void handedToAColleague_theColleagueDecides_andTheOldLinkIsRefused() {
        String execution = runtime.startRefund(RuntimeUnderTest.order("ORD-H1"));
        String oldLink = RuntimeUnderTest.reviewLink(runtime.requestEmail(APPROVER));
        assertThat(runtime.get(oldLink).body()).contains("Hand this to a colleague");

        HttpResponse<String> handed = handOver(RuntimeUnderTest.secretOf(oldLink), "Morgan@Shop.example",
                "I am on leave from tomorrow; Morgan covers refunds.");
        runtime.idle();

        assertThat(handed.statusCode()).isEqualTo(200);
        assertThat(RuntimeUnderTest.text(handed.body())).contains("You handed this request to " + COLLEAGUE);
        String email = runtime.emailStartingWith(COLLEAGUE, "Handed to you").text().replaceAll("\\s+", " ");
        assertThat(email).contains("HANDED TO YOU by " + APPROVER, "Morgan covers refunds");
        // The old link no longer decides, and says to whom the request went.
        HttpResponse<String> oldPage = runtime.get(oldLink);
        assertThat(oldPage.statusCode()).isEqualTo(410);
        assertThat(RuntimeUnderTest.text(oldPage.body())).contains("handed to someone else", COLLEAGUE);
        HttpResponse<String> oldPost = runtime.decide(RuntimeUnderTest.secretOf(oldLink), "approve", "");
        assertThat(oldPost.statusCode()).isEqualTo(410);
        assertThat(runtime.approval(execution).status()).isEqualTo(ApprovalStatus.PENDING);

        String newLink = RuntimeUnderTest.reviewLink(runtime.emailStartingWith(COLLEAGUE, "Handed to you"));
        assertThat(runtime.decide(RuntimeUnderTest.secretOf(newLink), "approve", "Checked the photos.")
                .statusCode()).isEqualTo(200);
        runtime.idle();

        assertThat(runtime.describe(execution).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(runtime.output(execution).at("/decision/decidedBy").asText()).isEqualTo(COLLEAGUE);
        AuditEvent reassigned = runtime.store.auditTrail(runtime.approval(execution).approvalId()).stream()
                .filter(e -> e.type().equals("REASSIGNED")).findFirst().orElseThrow();
        assertThat(reassigned.actor()).isEqualTo(APPROVER);
        assertThat(reassigned.details().get("from").asText()).isEqualTo(APPROVER);
        assertThat(reassigned.details().get("to").asText()).isEqualTo(COLLEAGUE);
        assertThat(reassigned.details().get("reason").asText()).contains("Morgan covers refunds");
        assertThat(runtime.auditTypes(runtime.approval(execution))).containsSubsequence("REASSIGNED", "NOTIFIED",
                "APPROVED", "CALLBACK_DELIVERED");
        assertThat(runtime.store.verifyChain(runtime.approval(execution).approvalId())).get()
                .isInstanceOf(ChainVerification.Intact.class);
    }

    @Test
    void aHandOverToTheRequester_orWithoutAReason_isRefused_andNothingChanges() {
        String execution = runtime.startRefund(RuntimeUnderTest.order("ORD-H2"));
        String secret = RuntimeUnderTest.secretOf(RuntimeUnderTest.reviewLink(runtime.requestEmail(APPROVER)));

        HttpResponse<String> toRequester = handOver(secret, REQUESTER, "They know the customer.");
        HttpResponse<String> noReason = handOver(secret, COLLEAGUE, "   ");
        HttpResponse<String> notAnAddress = handOver(secret, "morgan at shop", "Covers refunds.");
        runtime.idle();

        assertThat(toRequester.statusCode()).isEqualTo(422);
        assertThat(RuntimeUnderTest.text(toRequester.body())).contains("cannot be handed to that person",
                REQUESTER + " requested or proposed this action");
        assertThat(noReason.statusCode()).isEqualTo(422);
        assertThat(RuntimeUnderTest.text(noReason.body())).contains("say why");
        assertThat(notAnAddress.statusCode()).isEqualTo(422);
        assertThat(RuntimeUnderTest.text(notAnAddress.body())).contains("email address");
        assertThat(runtime.emailsTo(COLLEAGUE)).isEmpty();
        assertThat(runtime.auditTypes(runtime.approval(execution))).doesNotContain("REASSIGNED");
        // The link still decides.
        assertThat(runtime.decide(secret, "approve", "").statusCode()).isEqualTo(200);
    }

    @Test
    void enterInTheHandOverFields_neverApproves() {
        String execution = runtime.startRefund(RuntimeUnderTest.order("ORD-H3"));
        String secret = RuntimeUnderTest.secretOf(RuntimeUnderTest.reviewLink(runtime.requestEmail(APPROVER)));
        Map<String, String> form = new LinkedHashMap<>();
        form.put("secret", secret);
        form.put("handOverTo", COLLEAGUE);
        form.put("handOverReason", "Covers refunds.");
        // A browser's implicit submission sends the form's first button: Approve.
        form.put("decision", "approve");

        HttpResponse<String> response = runtime.post(form);
        runtime.idle();

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(RuntimeUnderTest.text(response.body())).contains("press Hand over");
        assertThat(runtime.approval(execution).status()).isEqualTo(ApprovalStatus.PENDING);
        assertThat(runtime.local.stepFunctionsCalls("SendTaskSuccess")).isZero();
    }
}
