package dev.countersign.local.runtime;

import static dev.countersign.local.runtime.TestRoutingRules.ANA;
import static dev.countersign.local.runtime.TestRoutingRules.BEN;
import static dev.countersign.local.runtime.TestRoutingRules.CY;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.approval.ApprovalRecord;
import dev.countersign.approval.ApprovalStatus;
import dev.countersign.audit.AuditEvent;
import dev.countersign.contract.Proposals;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * Two of three editors must approve a publication (the rules file's {@code content-publishing} rule), through the
 * approval gate on its own: votes are counted per distinct approver, each is its own audit event, and the workflow
 * hears exactly once, from the vote that decides.
 */
class QuorumEndToEndTest {
    static final String GATE = "approval-gate";

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

    private static ObjectNode publication(String title) {
        ObjectNode proposal = Proposals.full();
        proposal.remove("routing");
        proposal.put("workflow", "content");
        ObjectNode action = (ObjectNode) proposal.get("action");
        action.put("type", "content.publish").put("summary", "Publish the article " + title);
        action.putObject("params").put("title", title).put("channel", "blog");
        return proposal;
    }

    private String linkOf(String editor, String title) {
        return RuntimeUnderTest.reviewLink(runtime.requestEmail(editor, title));
    }

    private List<AuditEvent> trail(String execution) {
        return runtime.store.auditTrail(runtime.approval(execution, GATE).approvalId());
    }

    @Test
    void twoOfThree_oneApprovalWaits_theSameApproverTwiceCountsOnce_aSecondApproverDecides() {
        String execution = runtime.startGate(publication("Spring sale"));
        String ana = linkOf(ANA, "Spring sale");
        String ben = linkOf(BEN, "Spring sale");
        String cy = linkOf(CY, "Spring sale");

        HttpResponse<String> first = runtime.decide(RuntimeUnderTest.secretOf(ana), "approve", "Reads well.");
        runtime.idle();

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(RuntimeUnderTest.text(first.body())).contains("1 of 2 approvals so far");
        assertThat(runtime.describe(execution).status()).isEqualTo(ExecutionStatus.RUNNING);
        assertThat(runtime.approval(execution, GATE).status()).isEqualTo(ApprovalStatus.PENDING);
        assertThat(runtime.local.stepFunctionsCalls("SendTaskSuccess")).isZero();
        // Another editor's page says where it stands.
        String benPage = RuntimeUnderTest.text(runtime.get(ben).body());
        assertThat(benPage).contains("1 of 2 approvals; waiting for " + BEN + " and " + CY + ".",
                "Approved so far by " + ANA);
        // The first editor's own page shows their vote instead of the buttons.
        String anaPage = runtime.get(ana).body();
        assertThat(RuntimeUnderTest.text(anaPage)).contains("You approved this request");
        assertThat(Jsoup.parse(anaPage).select("button")).isEmpty();

        // The same approver again: counted once, told so, nothing else changes.
        HttpResponse<String> again = runtime.decide(RuntimeUnderTest.secretOf(ana), "approve", "");
        runtime.idle();
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(runtime.approval(execution, GATE).current().approvals()).isEqualTo(1);
        assertThat(runtime.describe(execution).status()).isEqualTo(ExecutionStatus.RUNNING);

        HttpResponse<String> second = runtime.decide(RuntimeUnderTest.secretOf(ben), "approve", "");
        runtime.idle();

        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(runtime.describe(execution).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        JsonNode decision = runtime.output(execution);
        assertThat(decision.get("outcome").asText()).isEqualTo("APPROVED");
        assertThat(decision.get("decidedBy").asText()).isEqualTo(BEN);
        assertThat(decision.get("approvals")).extracting(a -> a.get("by").asText()).containsExactly(ANA, BEN);
        assertThat(decision.at("/approvals/0/comment").asText()).isEqualTo("Reads well.");
        // Exactly one callback, from the vote that completed the quorum; each approval is its own event.
        assertThat(runtime.local.stepFunctionsCalls("SendTaskSuccess")).isEqualTo(1);
        assertThat(trail(execution)).filteredOn(e -> e.type().equals("APPROVED"))
                .extracting(AuditEvent::actor).containsExactly(ANA, BEN);
        assertThat(trail(execution)).filteredOn(e -> e.type().equals("CALLBACK_DELIVERED")).hasSize(1);
        // The third editor comes too late: told who decided, nothing recorded as a vote.
        HttpResponse<String> late = runtime.decide(RuntimeUnderTest.secretOf(cy), "approve", "");
        assertThat(late.statusCode()).isEqualTo(409);
        assertThat(RuntimeUnderTest.text(late.body())).contains(BEN);
        ApprovalRecord approval = runtime.approval(execution, GATE);
        assertThat(approval.current().votes()).hasSize(2);
    }

    @Test
    void oneRejection_rejects_whenTheRuleIsNotMajority() {
        String execution = runtime.startGate(publication("Old prices"));
        String ana = linkOf(ANA, "Old prices");
        runtime.decide(RuntimeUnderTest.secretOf(linkOf(BEN, "Old prices")), "approve", "");
        runtime.idle();

        HttpResponse<String> rejected = runtime.decide(RuntimeUnderTest.secretOf(ana), "reject",
                "The prices in it are last year's.");
        runtime.idle();

        assertThat(rejected.statusCode()).isEqualTo(200);
        assertThat(runtime.describe(execution).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        JsonNode decision = runtime.output(execution);
        assertThat(decision.get("outcome").asText()).isEqualTo("REJECTED");
        assertThat(decision.get("decidedBy").asText()).isEqualTo(ANA);
        assertThat(runtime.local.stepFunctionsCalls("SendTaskSuccess")).isEqualTo(1);
        assertThat(runtime.approval(execution, GATE).status()).isEqualTo(ApprovalStatus.REJECTED);
    }
}
