package dev.countersign.functions;

import static dev.countersign.testing.HandlerFixture.APPROVER;
import static dev.countersign.testing.HandlerFixture.REQUESTER;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.approval.ApprovalId;
import dev.countersign.approval.ApprovalRecord;
import dev.countersign.approval.ApprovalStatus;
import dev.countersign.link.IssuedLink;
import dev.countersign.link.LinkSecrets;
import dev.countersign.testing.DynaliteExtension;
import dev.countersign.testing.HandlerFixture;
import dev.countersign.testing.LocalSes;
import java.time.Duration;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Links that must not decide: tampered, truncated, other recipients' and other approvals', missing, expired, the
 * requester's own. Each changes nothing, gets the right page and the views' status code.
 */
class LinkAbuseTest {
    @RegisterExtension
    static final DynaliteExtension dynalite = new DynaliteExtension();
    static final LocalSes ses = new LocalSes();

    HandlerFixture fixture;
    DecisionHandler handler;
    ApprovalId id;
    String secret;
    String notValidPage;

    @BeforeEach
    void requestOne() {
        fixture = new HandlerFixture(dynalite, ses);
        handler = fixture.decisionHandler();
        id = fixture.requestApproval(HandlerFixture.proposal());
        secret = fixture.linkSecretFor(APPROVER);
        notValidPage = handler.handle(HandlerFixture.get("x"), "r").get("body").asText();
    }

    @AfterAll
    static void stopSes() {
        ses.close();
    }

    /** POSTs approve and reject with {@code presented}, GETs it; asserts 404 with the generic page and no change. */
    private void assertRefusedAsUnknown(String presented) {
        ApprovalRecord before = fixture.approval(id);
        for (ObjectNode event : new ObjectNode[] {HandlerFixture.approve(presented),
                HandlerFixture.reject(presented, "no"), HandlerFixture.get(presented)}) {
            ObjectNode response = handler.handle(event, "r");
            assertThat(response.get("statusCode").asInt()).isEqualTo(404);
            // Byte for byte the same page: it must not reveal which check failed or whether the approval exists.
            assertThat(response.get("body").asText()).isEqualTo(notValidPage);
        }
        assertThat(fixture.approval(id).version()).isEqualTo(before.version());
        assertThat(fixture.callback.calls()).isEmpty();
    }

    @Test
    void tamperedSecret_isTheGenericNotValidPage() {
        char last = secret.charAt(secret.length() - 1);
        assertRefusedAsUnknown(secret.substring(0, secret.length() - 1) + (last == 'A' ? 'B' : 'A'));
    }

    @Test
    void truncatedSecret_isTheGenericNotValidPage() {
        assertRefusedAsUnknown(secret.substring(0, 30));
    }

    @Test
    void secretWithExtraCharacters_isTheGenericNotValidPage() {
        assertRefusedAsUnknown(secret + "A");
    }

    @Test
    void anotherRecipientsLink_whoIsNotAskedAtThisLevel_isTheGenericNotValidPage() {
        IssuedLink stranger = new LinkSecrets(fixture.clock).issue(id, "mallory@elsewhere.example", 1,
                fixture.clock.instant().plus(Duration.ofHours(1)));
        fixture.store.saveLink(stranger.grant());

        assertRefusedAsUnknown(stranger.secret().reveal());
    }

    @Test
    void aLinkOfAnApprovalThatDoesNotExist_isTheGenericNotValidPage() {
        ApprovalId ghost = HandlerFixture.approvalId(HandlerFixture.newExecutionArn());
        IssuedLink link = new LinkSecrets(fixture.clock).issue(ghost, APPROVER, 1,
                fixture.clock.instant().plus(Duration.ofHours(1)));
        fixture.store.saveLink(link.grant());

        assertRefusedAsUnknown(link.secret().reveal());
    }

    @Test
    void anotherApprovalsLink_decidesOnlyThatApproval() {
        ApprovalId other = fixture.requestApproval(HandlerFixture.proposalFor("kim@shop.example"));
        String otherSecret = fixture.linkSecretFor("kim@shop.example");

        ObjectNode response = handler.handle(HandlerFixture.approve(otherSecret), "r");

        // The secret names its approval: there is no way to point it at this one.
        assertThat(response.get("statusCode").asInt()).isEqualTo(200);
        assertThat(fixture.approval(other).status()).isEqualTo(ApprovalStatus.APPROVED);
        assertThat(fixture.approval(id).status()).isEqualTo(ApprovalStatus.PENDING);
    }

    @Test
    void postWithoutTheSecret_isTheGenericNotValidPage() {
        ObjectNode response = handler.handle(HandlerFixture.post("decision", "approve"), "r");

        assertThat(response.get("statusCode").asInt()).isEqualTo(404);
        assertThat(response.get("body").asText()).isEqualTo(notValidPage);
        assertThat(fixture.approval(id).status()).isEqualTo(ApprovalStatus.PENDING);
    }

    @Test
    void postAfterTheDeadline_beforeTheTimeoutStepRan_isRefusedAsExpired_andRecordsNothing() {
        long version = fixture.approval(id).version();
        fixture.clock.advance(Duration.ofHours(24).plusSeconds(1));

        ObjectNode response = handler.handle(HandlerFixture.approve(secret), "r");

        assertThat(response.get("statusCode").asInt()).isEqualTo(410);
        assertThat(Jsoup.parse(response.get("body").asText()).text()).containsIgnoringCase("time ran out");
        assertThat(fixture.approval(id).status()).isEqualTo(ApprovalStatus.PENDING);
        assertThat(fixture.approval(id).version()).isEqualTo(version);
        assertThat(fixture.callback.calls()).isEmpty();
    }

    @Test
    void postAfterTheTimeout_isRecordedAsLateDecision_andTheWorkflowIsNotTouched() {
        fixture.clock.advance(Duration.ofHours(24).plusSeconds(1));
        fixture.timeOutLevelOne(id);

        ObjectNode response = handler.handle(HandlerFixture.approve(secret), "r");

        assertThat(response.get("statusCode").asInt()).isEqualTo(409);
        assertThat(Jsoup.parse(response.get("body").asText()).text()).contains("came too late")
                .contains("timed out");
        ApprovalRecord approval = fixture.approval(id);
        assertThat(approval.status()).isEqualTo(ApprovalStatus.TIMED_OUT);
        assertThat(fixture.trailTypes(id)).endsWith("TIMED_OUT", "FALLBACK_APPLIED", "LATE_DECISION");
        assertThat(approval.auditTrail().get(approval.auditTrail().size() - 1).actor()).isEqualTo(APPROVER);
        assertThat(fixture.callback.calls()).isEmpty();
    }

    @Test
    void getAfterTheTimeout_saysTheTimeRanOut_andTheFallback() {
        fixture.clock.advance(Duration.ofHours(24).plusSeconds(1));
        fixture.timeOutLevelOne(id);

        ObjectNode response = handler.handle(HandlerFixture.get(secret), "r");

        assertThat(response.get("statusCode").asInt()).isEqualTo(410);
        assertThat(Jsoup.parse(response.get("body").asText()).text()).containsIgnoringCase("rejected");
        assertThat(fixture.trailTypes(id)).doesNotContain("VIEWED");
    }

    @Test
    void postAfterCancellation_isRecordedAsLateDecision() {
        fixture.store.cancel(id, "countersign:test", "execution stopped");

        ObjectNode response = handler.handle(HandlerFixture.reject(secret, "too late anyway"), "r");

        assertThat(response.get("statusCode").asInt()).isEqualTo(409);
        assertThat(Jsoup.parse(response.get("body").asText()).text()).contains("cancelled");
        assertThat(fixture.trailTypes(id)).endsWith("CANCELLED", "LATE_DECISION");
        assertThat(fixture.callback.calls()).isEmpty();
    }

    @Test
    void postAfterCancellation_withABadReceiptValue_recordsNothing_andWithTheBoxTicked_emailsNoReceipt() {
        fixture.store.cancel(id, "countersign:test", "execution stopped");
        long version = fixture.approval(id).version();
        int mails = ses.mailbox().to(APPROVER).size();

        ObjectNode bad = handler.handle(HandlerFixture.post("secret", secret, "decision", "reject", "comment",
                "too late anyway", "receipt", "on"), "r1");

        // A form the page never posts records nothing, not even a LATE_DECISION.
        assertThat(Jsoup.parse(bad.get("body").asText()).text()).contains("cancelled");
        assertThat(fixture.approval(id).version()).isEqualTo(version);
        assertThat(fixture.trailTypes(id)).endsWith("CANCELLED");

        ObjectNode ticked = handler.handle(HandlerFixture.rejectWithReceipt(secret, "too late anyway"), "r2");

        assertThat(ticked.get("statusCode").asInt()).isEqualTo(409);
        assertThat(fixture.trailTypes(id)).endsWith("CANCELLED", "LATE_DECISION");
        // A late decision decides nothing, so there is nothing to give a receipt for.
        assertThat(ses.mailbox().to(APPROVER)).hasSize(mails);
    }

    @Test
    void getAfterCancellation_saysSo() {
        fixture.store.cancel(id, "countersign:test", "execution stopped");

        ObjectNode response = handler.handle(HandlerFixture.get(secret), "r");

        assertThat(response.get("statusCode").asInt()).isEqualTo(410);
        assertThat(Jsoup.parse(response.get("body").asText()).text()).contains("execution stopped");
    }

    @Test
    void theRequestersOwnLink_isRefusedWith403_andChangesNothing() {
        // Routing never sends the requester a link; this one is forged into the store to prove the page refuses it.
        IssuedLink own = new LinkSecrets(fixture.clock).issue(id, REQUESTER, 1,
                fixture.clock.instant().plus(Duration.ofHours(1)));
        fixture.store.saveLink(own.grant());
        long version = fixture.approval(id).version();

        ObjectNode post = handler.handle(HandlerFixture.approve(own.secret().reveal()), "r1");
        ObjectNode get = handler.handle(HandlerFixture.get(own.secret().reveal()), "r2");

        assertThat(post.get("statusCode").asInt()).isEqualTo(403);
        assertThat(get.get("statusCode").asInt()).isEqualTo(403);
        assertThat(Jsoup.parse(post.get("body").asText()).text()).contains("you requested this action");
        assertThat(fixture.approval(id).version()).isEqualTo(version);
        assertThat(fixture.callback.calls()).isEmpty();
    }

    @Test
    void aReassignedRecipientsLink_saysWhoHasItNow_andCannotDecide() {
        fixture.store.reassign(id, 1, APPROVER, "kim@shop.example", "countersign:test", "on leave");

        ObjectNode response = handler.handle(HandlerFixture.approve(secret), "r");

        assertThat(response.get("statusCode").asInt()).isEqualTo(410);
        assertThat(Jsoup.parse(response.get("body").asText()).text()).contains("kim@shop.example");
        assertThat(fixture.approval(id).status()).isEqualTo(ApprovalStatus.PENDING);
        assertThat(fixture.callback.calls()).isEmpty();
    }

    @Test
    void theIdentityComesFromTheLink_neverFromTheForm() {
        ObjectNode event = HandlerFixture.post("secret", secret, "decision", "approve", "approver",
                "ceo@shop.example", "recipient", "ceo@shop.example");

        handler.handle(event, "r");

        assertThat(fixture.approval(id).decision().decidedBy()).isEqualTo(APPROVER);
    }

    @Test
    void parameterChangesFromTheForm_areRefused_whenTheRuleAllowsNone() {
        ObjectNode response = handler.handle(HandlerFixture.post("secret", secret, "decision", "approve",
                "modify:amount", "9999"), "r");

        // A crafted change is refused whole (issue 5): nothing decided, nothing sent, the page says why.
        assertThat(response.get("statusCode").asInt()).isEqualTo(422);
        assertThat(Jsoup.parse(response.get("body").asText()).text())
                .contains("may not be changed", "no parameter of this request may be changed");
        assertThat(fixture.approval(id).status()).isEqualTo(ApprovalStatus.PENDING);
        assertThat(fixture.callback.calls()).isEmpty();
    }
}
