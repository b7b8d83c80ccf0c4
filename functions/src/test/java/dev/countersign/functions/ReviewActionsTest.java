package dev.countersign.functions;

import dev.countersign.testing.TestRules;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.approval.ApprovalId;
import dev.countersign.approval.ApprovalRecord;
import dev.countersign.approval.ApprovalStatus;
import dev.countersign.local.ses.SesFailure;
import dev.countersign.routing.Fallback;
import dev.countersign.routing.Quorum;
import dev.countersign.routing.Route;
import dev.countersign.routing.RouteLevel;
import dev.countersign.testing.DynaliteExtension;
import dev.countersign.testing.HandlerFixture;
import dev.countersign.testing.LocalSes;
import java.util.List;
import java.util.UUID;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the review page's form does besides approve and reject, in the decision function against dynalite and the
 * local SES endpoint: hand-overs that cannot go through, parameter changes that are not valid, and the votes of a
 * level that needs several approvals.
 */
class ReviewActionsTest {
    @RegisterExtension
    static final DynaliteExtension dynalite = new DynaliteExtension();
    static final LocalSes ses = new LocalSes();

    HandlerFixture fixture;
    DecisionHandler handler;
    String lead;
    String second;
    String third;

    @BeforeEach
    void wire() {
        fixture = new HandlerFixture(dynalite, ses);
        handler = fixture.decisionHandler();
        String run = UUID.randomUUID().toString().substring(0, 8);
        lead = "lead-" + run + "@shop.example";
        second = "second-" + run + "@shop.example";
        third = "third-" + run + "@shop.example";
    }

    @AfterAll
    static void stopSes() {
        ses.close();
    }

    private ApprovalId request(Quorum quorum, List<dev.countersign.approval.ParamBounds> modifiable,
                               String... recipients) {
        Route route = Route.start("test-rule", quorum, modifiable, Fallback.REJECTED, List.of(),
                List.of(new RouteLevel(1, List.of(recipients), List.of(), 3600, 2700)));
        String arn = HandlerFixture.newExecutionArn();
        fixture.requestHandler().handle(fixture.routedPayload(arn, HandlerFixture.proposal(), route), "req");
        return HandlerFixture.approvalId(arn);
    }

    private ObjectNode post(String... fields) {
        return handler.handle(HandlerFixture.post(fields), "r");
    }

    private static String text(ObjectNode response) {
        return Jsoup.parse(response.get("body").asText()).text();
    }

    @Test
    void aHandOverWhoseEmailFails_isHandedBack_andTheOriginalLinkStillDecides() {
        ApprovalId id = request(Quorum.ONE, List.of(), lead);
        String secret = fixture.linkSecretFor(lead);
        String colleague = "colleague-" + UUID.randomUUID().toString().substring(0, 8) + "@shop.example";
        ses.endpoint().failNextSends(1, SesFailure.REJECTED);

        ObjectNode response = post("secret", secret, "handOverTo", colleague, "handOverReason", "On leave",
                "decision", "hand-over");

        assertThat(response.get("statusCode").asInt()).isEqualTo(422);
        assertThat(text(response)).contains("could not be emailed, so the request stays with you", colleague);
        ApprovalRecord approval = fixture.approval(id);
        // Never left with someone who has no link: the trail shows the hand-over and the hand back.
        assertThat(approval.current().isRecipient(lead)).isTrue();
        assertThat(approval.current().isRecipient(colleague)).isFalse();
        assertThat(fixture.trailTypes(id)).containsSubsequence("REASSIGNED", "NOTIFY_FAILED", "REASSIGNED");
        assertThat(handler.handle(HandlerFixture.approve(secret), "a").get("statusCode").asInt()).isEqualTo(200);
        assertThat(fixture.approval(id).status()).isEqualTo(ApprovalStatus.APPROVED);
    }

    @Test
    void aHandOverToSomeoneAlreadyAsked_isRefused_withTheReason() {
        ApprovalId id = request(Quorum.ONE, List.of(), lead, second);

        ObjectNode response = post("secret", fixture.linkSecretFor(lead), "handOverTo", second.toUpperCase(),
                "handOverReason", "They know the case", "decision", "hand-over");

        assertThat(response.get("statusCode").asInt()).isEqualTo(422);
        assertThat(text(response)).contains(second + " is already asked to decide this request");
        assertThat(fixture.trailTypes(id)).doesNotContain("REASSIGNED");
    }

    @Test
    void aChangedNumberThatIsNotANumber_isRefused_keepingWhatWasTyped() {
        ApprovalId id = request(Quorum.ONE, List.of(TestRules.AMOUNT), lead);

        ObjectNode response = post("secret", fixture.linkSecretFor(lead), "modify:amount", "one hundred",
                "comment", "", "decision", "approve");

        assertThat(response.get("statusCode").asInt()).isEqualTo(422);
        assertThat(text(response)).contains("'amount' must be a number written with digits and a point, e.g. 120");
        Document page = Jsoup.parse(response.get("body").asText());
        assertThat(page.select("input[name=modify:amount]").attr("value")).isEqualTo("one hundred");
        assertThat(fixture.approval(id).status()).isEqualTo(ApprovalStatus.PENDING);
        assertThat(fixture.callback.calls()).isEmpty();
    }

    @Test
    void aLevelThatNeedsSeveralApprovals_offersNoChanges_andRefusesThem() {
        ApprovalId id = request(new Quorum(2, false), List.of(TestRules.AMOUNT), lead, second, third);
        String secret = fixture.linkSecretFor(lead);
        Document page = Jsoup.parse(handler.handle(HandlerFixture.get(secret), "g").get("body").asText());
        assertThat(page.select("input[name^=modify:]")).isEmpty();
        assertThat(page.text()).contains("0 of 2 approvals; waiting for " + lead + ", " + second + " and " + third);

        ObjectNode response = post("secret", secret, "modify:amount", "100", "comment", "", "decision", "approve");

        // Several approvers cannot each approve a different proposal.
        assertThat(response.get("statusCode").asInt()).isEqualTo(422);
        assertThat(text(response)).contains("a level that needs 2 approvals cannot approve changes");
        assertThat(fixture.approval(id).current().votes()).isEmpty();
    }

    @Test
    void aVote_thatDoesNotDecide_isConfirmedWithTheCount_andSendsNothingToTheWorkflow() {
        ApprovalId id = request(new Quorum(2, false), List.of(), lead, second, third);

        ObjectNode response = handler.handle(HandlerFixture.approve(fixture.linkSecretFor(second)), "a");

        assertThat(response.get("statusCode").asInt()).isEqualTo(200);
        assertThat(text(response)).contains("Your approval counts once. 1 of 2 approvals so far; waiting for " + lead
                + " and " + third);
        assertThat(fixture.callback.calls()).isEmpty();
        assertThat(fixture.approval(id).status()).isEqualTo(ApprovalStatus.PENDING);
        assertThat(Jsoup.parse(response.get("body").asText()).getElementById("receipt").text())
                .isEqualTo("No receipt was emailed: you did not ask for one. Your verdict is in the audit trail under"
                        + " your name.");
    }

    @Test
    void aVote_withTheReceiptBoxTicked_thatDoesNotDecide_sendsNoReceipt_andThePageSaysWhy() {
        request(new Quorum(2, false), List.of(), lead, second, third);
        int all = ses.mailbox().all().size();

        ObjectNode response = handler.handle(HandlerFixture.approveWithReceipt(fixture.linkSecretFor(second)), "a");

        assertThat(response.get("statusCode").asInt()).isEqualTo(200);
        assertThat(Jsoup.parse(response.get("body").asText()).getElementById("receipt").text())
                .isEqualTo("You asked for a receipt, but none was emailed: a receipt goes with the verdict that"
                        + " decides the level, and yours counted without deciding it yet. Your verdict is in the audit"
                        + " trail under your name.");
        assertThat(ses.mailbox().all()).hasSize(all);
    }
}
