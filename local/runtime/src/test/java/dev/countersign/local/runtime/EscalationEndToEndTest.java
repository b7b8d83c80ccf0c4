package dev.countersign.local.runtime;

import static dev.countersign.local.runtime.TestRoutingRules.AWAY;
import static dev.countersign.local.runtime.TestRoutingRules.CFO;
import static dev.countersign.local.runtime.TestRoutingRules.DEPUTY;
import static dev.countersign.local.runtime.TestRoutingRules.LEAD;
import static dev.countersign.local.runtime.TestRoutingRules.LEVEL_ONE_REMINDER;
import static dev.countersign.local.runtime.TestRoutingRules.LEVEL_ONE_SECONDS;
import static dev.countersign.local.runtime.TestRoutingRules.LEVEL_TWO_REMINDER;
import static dev.countersign.local.runtime.TestRoutingRules.LEVEL_TWO_SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.approval.ApprovalRecord;
import dev.countersign.approval.ApprovalStatus;
import dev.countersign.audit.AuditEvent;
import dev.countersign.audit.ChainVerification;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * Escalation, reminders and the fallback with every part real: the example refund workflow under a rules file
 * (refunds over 1,000 go to the finance leads for 4 hours, then to the CFO for 8 hours), the engine's timers on a
 * ManualClock (no sleeping), the emails read from the local SES endpoint and the pages over HTTP.
 */
class EscalationEndToEndTest {
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

    /** A refund the rules send to the finance leads (over 1,000). */
    private static ObjectNode largeRefund(String orderId) {
        ObjectNode order = RuntimeUnderTest.order(orderId);
        order.put("amount", new BigDecimal("1500.00"));
        order.put("orderTotal", new BigDecimal("1800.00"));
        return order;
    }

    @Test
    void levelOneTimesOut_levelTwoIsEmailed_theOldLinkSaysEscalated_andLevelTwoApproves() {
        String execution = runtime.startRefund(largeRefund("ORD-E1"));
        String leadLink = RuntimeUnderTest.reviewLink(runtime.requestEmail(LEAD));
        // The lead who is out of office is not asked; their delegate is, and the ROUTED event says why.
        assertThat(runtime.emailsTo(AWAY)).isEmpty();
        assertThat(runtime.requestEmail(DEPUTY).subject()).contains("ORD-E1");
        ApprovalRecord approval = runtime.approval(execution);
        AuditEvent routed = runtime.store.auditTrail(approval.approvalId()).stream()
                .filter(e -> e.type().equals("ROUTED")).findFirst().orElseThrow();
        assertThat(routed.details().get("rule").asText()).isEqualTo("refunds-over-1000");
        assertThat(routed.details().at("/delegations/0/from").asText()).isEqualTo(AWAY);
        assertThat(routed.details().at("/delegations/0/to").asText()).isEqualTo(DEPUTY);
        assertThat(routed.details().get("quorum").asInt()).isEqualTo(1);

        runtime.advance(Duration.ofSeconds(LEVEL_ONE_REMINDER));
        assertThat(runtime.countStartingWith(LEAD, "Reminder")).isEqualTo(1);
        runtime.advance(Duration.ofSeconds(LEVEL_ONE_SECONDS - LEVEL_ONE_REMINDER));

        assertThat(runtime.describe(execution).status()).isEqualTo(ExecutionStatus.RUNNING);
        assertThat(runtime.approval(execution).currentLevel()).isEqualTo(2);
        String escalation = runtime.emailStartingWith(CFO, "Escalated to you").text().replaceAll("\\s+", " ");
        assertThat(escalation).contains("ESCALATED to you from " + LEAD + " and " + DEPUTY + " after 4 hours"
                + " without a decision", "The request has waited 4 hours");
        // The level-1 link says where the request went, and cannot decide any more.
        HttpResponse<String> page = runtime.get(leadLink);
        assertThat(page.statusCode()).isEqualTo(410);
        assertThat(RuntimeUnderTest.text(page.body())).contains("escalated", CFO);
        HttpResponse<String> lateClick = runtime.decide(RuntimeUnderTest.secretOf(leadLink), "approve", "");
        assertThat(lateClick.statusCode()).isEqualTo(410);
        assertThat(runtime.approval(execution).status()).isEqualTo(ApprovalStatus.PENDING);

        String cfoLink = RuntimeUnderTest.reviewLink(runtime.emailStartingWith(CFO, "Escalated to you"));
        assertThat(runtime.decide(RuntimeUnderTest.secretOf(cfoLink), "approve", "Fine by me.").statusCode())
                .isEqualTo(200);
        runtime.idle();

        assertThat(runtime.describe(execution).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        JsonNode output = runtime.output(execution);
        assertThat(output.at("/decision/outcome").asText()).isEqualTo("APPROVED");
        assertThat(output.at("/decision/decidedBy").asText()).isEqualTo(CFO);
        assertThat(output.at("/decision/level").asInt()).isEqualTo(2);
        assertThat(output.at("/result/refund/status").asText()).isEqualTo("ISSUED");
        assertThat(runtime.statesEntered(execution)).containsSubsequence("Route", "RequestApproval",
                "Escalate", "Escalated", "RequestApproval", "Escalate", "Escalated", "RequestApproval", "Outcome",
                "IssueRefund");
        assertThat(runtime.auditTypes(runtime.approval(execution))).containsSubsequence("REQUESTED", "ROUTED",
                "NOTIFIED", "REMINDED", "TIMED_OUT", "ESCALATED", "ROUTED", "NOTIFIED", "APPROVED",
                "CALLBACK_DELIVERED");
        assertThat(runtime.store.verifyChain(approval.approvalId())).get()
                .isInstanceOf(ChainVerification.Intact.class);
        assertThat(runtime.local.stepFunctionsCalls("SendTaskSuccess")).isEqualTo(1);
    }

    @Test
    void theWholeChainTimesOut_theFallbackRejects_andTheWorkflowTakesTheNotApprovedPath() {
        String execution = runtime.startRefund(largeRefund("ORD-E2"));

        runtime.advance(Duration.ofSeconds(LEVEL_ONE_SECONDS));
        runtime.advance(Duration.ofSeconds(LEVEL_TWO_REMINDER));
        assertThat(runtime.countStartingWith(CFO, "Reminder")).isEqualTo(1);
        runtime.advance(Duration.ofSeconds(LEVEL_TWO_SECONDS - LEVEL_TWO_REMINDER));

        assertThat(runtime.describe(execution).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        JsonNode decision = runtime.output(execution).get("decision");
        assertThat(decision.get("outcome").asText()).isEqualTo("TIMED_OUT");
        assertThat(decision.get("channel").asText()).isEqualTo("policy");
        assertThat(decision.get("fallback").asText()).isEqualTo("REJECTED");
        assertThat(decision.get("level").asInt()).isEqualTo(2);
        assertThat(runtime.statesEntered(execution)).endsWith("Escalate", "Escalated", "PublishDecision",
                "Outcome", "NotifyRejection");
        // A fallback is a decision too: other services hear of it like of any other.
        assertThat(runtime.local.engine().recordedEvents()).singleElement().satisfies(event -> {
            assertThat(event.detailType()).isEqualTo("Approval Decided");
            assertThat(event.executionArn()).isEqualTo(execution);
            assertThat(event.detail().at("/decision/outcome").asText()).isEqualTo("TIMED_OUT");
            assertThat(event.detail().at("/decision/fallback").asText()).isEqualTo("REJECTED");
            assertThat(event.detail().has("proposal")).isFalse();
        });
        assertThat(runtime.output(execution).at("/result/refund").isMissingNode()).isTrue();
        ApprovalRecord approval = runtime.approval(execution);
        assertThat(approval.status()).isEqualTo(ApprovalStatus.TIMED_OUT);
        assertThat(runtime.auditTypes(approval)).endsWith("TIMED_OUT", "FALLBACK_APPLIED")
                .doesNotContain("APPROVED", "REJECTED");
        assertThat(runtime.local.stepFunctionsCalls("SendTaskSuccess")).isZero();
    }

    @Test
    void theReminder_goesOutOnce_beforeTheTimeout_toEveryoneAsked() {
        String execution = runtime.startRefund(largeRefund("ORD-E3"));

        runtime.advance(Duration.ofSeconds(LEVEL_ONE_REMINDER - 1));
        assertThat(runtime.countStartingWith(LEAD, "Reminder")).isZero();
        runtime.advance(Duration.ofSeconds(1));
        assertThat(runtime.countStartingWith(LEAD, "Reminder")).isEqualTo(1);
        assertThat(runtime.countStartingWith(DEPUTY, "Reminder")).isEqualTo(1);
        // RequestApproval is entered again for the rest of the level: no second request email.
        assertThat(runtime.countStartingWith(LEAD, "Approval needed")).isEqualTo(1);
        runtime.advance(Duration.ofSeconds(LEVEL_ONE_SECONDS - LEVEL_ONE_REMINDER - 1));

        assertThat(runtime.countStartingWith(LEAD, "Reminder")).isEqualTo(1);
        assertThat(runtime.approval(execution).currentLevel()).isEqualTo(1);
        long reminded = runtime.auditTypes(runtime.approval(execution)).stream().filter("REMINDED"::equals).count();
        assertThat(reminded).isEqualTo(1);
        // The reminder's own link decides like the first one: the lead approves from it.
        String reminderLink = RuntimeUnderTest.reviewLink(runtime.emailStartingWith(LEAD, "Reminder"));
        assertThat(runtime.decide(RuntimeUnderTest.secretOf(reminderLink), "approve", "").statusCode())
                .isEqualTo(200);
        runtime.idle();
        assertThat(runtime.describe(execution).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    }

    @Test
    void aRuntimeStoppedPastTheWholeLevel_sendsNoStaleReminder_andEscalatesAtOnce() {
        String execution = runtime.startRefund(largeRefund("ORD-E5"));

        // One jump past the level's end, as when countersign up was stopped: the REMIND timer fires late.
        runtime.advance(Duration.ofSeconds(LEVEL_ONE_SECONDS + 60));

        assertThat(runtime.countStartingWith(LEAD, "Reminder")).isZero();
        assertThat(runtime.approval(execution).currentLevel()).isEqualTo(2);
        assertThat(runtime.emailStartingWith(CFO, "Escalated to you").subject()).contains("ORD-E5");
    }

    @Test
    void noReminder_afterADecision() {
        String execution = runtime.startRefund(largeRefund("ORD-E4"));
        String link = RuntimeUnderTest.reviewLink(runtime.requestEmail(DEPUTY));
        runtime.advance(Duration.ofSeconds(60));
        assertThat(runtime.decide(RuntimeUnderTest.secretOf(link), "reject", "Wrong order.").statusCode())
                .isEqualTo(200);
        runtime.idle();

        // A decided task never times out: its timers are gone with it.
        runtime.advance(Duration.ofSeconds(LEVEL_ONE_SECONDS + LEVEL_TWO_SECONDS));

        assertThat(runtime.describe(execution).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(runtime.countStartingWith(LEAD, "Reminder")).isZero();
        assertThat(runtime.countStartingWith(DEPUTY, "Reminder")).isZero();
        assertThat(runtime.emailsTo(CFO)).isEmpty();
        assertThat(runtime.auditTypes(runtime.approval(execution))).doesNotContain("REMINDED", "TIMED_OUT");
        assertThat(runtime.statesEntered(execution)).doesNotContain("Escalate");
    }
}
