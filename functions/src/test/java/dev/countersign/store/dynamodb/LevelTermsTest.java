package dev.countersign.store.dynamodb;

import dev.countersign.testing.TestRules;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.approval.ApprovalKey;
import dev.countersign.approval.ApprovalRecord;
import dev.countersign.approval.ApprovalStatus;
import dev.countersign.approval.ChangeResult;
import dev.countersign.approval.DecideResult;
import dev.countersign.approval.DecisionRequest;
import dev.countersign.approval.LevelTerms;
import dev.countersign.approval.NewApproval;
import dev.countersign.approval.NextLevel;
import dev.countersign.approval.TaskToken;
import dev.countersign.approval.Verdict;
import dev.countersign.contract.ContractSchema;
import dev.countersign.core.Channel;
import dev.countersign.core.Decision;
import dev.countersign.core.Outcome;
import dev.countersign.core.RiskLevel;
import dev.countersign.core.json.Json;
import dev.countersign.testing.ApprovalRequests;
import dev.countersign.testing.DynaliteExtension;
import dev.countersign.testing.MutableClock;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The terms a level is asked under (issue 5), as the store enforces them against dynalite: quorum with and without
 * majority, the parameters an approver may change and the hash of what was approved, the low-risk auto-approval
 * fallback, and an escalation recorded before the next level's task token exists.
 */
class LevelTermsTest {
    @RegisterExtension
    static final DynaliteExtension dynalite = new DynaliteExtension();

    private static final List<String> EDITORS = List.of("ana@example.com", "ben@example.com", "cy@example.com");
    private final MutableClock clock = MutableClock.at("2026-11-24T10:00:00Z");
    private final DynamoDbApprovalStore store = dynalite.store(clock);

    private ApprovalRecord create(int quorum, LevelTerms terms, RiskLevel risk, List<String> recipients) {
        NewApproval request = new NewApproval(new ApprovalKey("arn:aws:states:eu-west-1:123456789012:execution:"
                + "content:" + UUID.randomUUID(), "ApproveRefund"), "content", "Publish the article",
                risk, "carol@example.com", "editor-agent", ApprovalRequests.refund("content", 120), 1,
                recipients, quorum, clock.instant().plus(Duration.ofHours(1)), new TaskToken("t-" + UUID.randomUUID()),
                "countersign:request", terms.writeInto(Json.object().put("rule", "content-publishing")));
        return store.create(request).approval();
    }

    private DecideResult vote(ApprovalRecord approval, String who, Verdict verdict) {
        return store.decide(new DecisionRequest(approval.approvalId(), 1, who, verdict,
                verdict == Verdict.REJECT ? "not yet" : null, Channel.EMAIL_LINK, null));
    }

    @Test
    void withoutMajority_oneRejectionRejects_evenAfterAnApproval() {
        ApprovalRecord approval = create(2, new LevelTerms(false, List.of(), true), RiskLevel.MEDIUM, EDITORS);

        assertThat(vote(approval, "ana@example.com", Verdict.APPROVE)).isInstanceOf(DecideResult.VoteRecorded.class);
        DecideResult rejected = vote(approval, "ben@example.com", Verdict.REJECT);

        assertThat(rejected).isInstanceOf(DecideResult.Decided.class);
        assertThat(store.get(approval.approvalId()).orElseThrow().status()).isEqualTo(ApprovalStatus.REJECTED);
    }

    @Test
    void withMajority_aRejectionCountsAgainstTheQuorum_andRejectsOnlyWhenItCanNoLongerBeReached() {
        ApprovalRecord approval = create(2, new LevelTerms(true, List.of(), true), RiskLevel.MEDIUM, EDITORS);

        DecideResult first = vote(approval, "ana@example.com", Verdict.REJECT);
        assertThat(first).isInstanceOf(DecideResult.VoteRecorded.class);
        assertThat(store.get(approval.approvalId()).orElseThrow().status()).isEqualTo(ApprovalStatus.PENDING);
        DecideResult second = vote(approval, "ben@example.com", Verdict.REJECT);

        // 2 of 3 can no longer be reached once two have rejected.
        assertThat(second).isInstanceOf(DecideResult.Decided.class);
        ApprovalRecord after = store.get(approval.approvalId()).orElseThrow();
        assertThat(after.status()).isEqualTo(ApprovalStatus.REJECTED);
        assertThat(after.decision().decidedBy()).isEqualTo("ben@example.com");
        assertThat(after.auditTrail()).filteredOn(e -> e.type().equals("REJECTED"))
                .extracting(e -> e.details().get("decided").asBoolean()).containsExactly(false, true);
    }

    /**
     * Any order of verdicts from three recipients with 2 of 3 and majority: the level ends APPROVED exactly when two
     * approved before two rejected, REJECTED in the mirror case, and never earlier than that.
     */
    @RepeatedTest(12)
    void withMajority_everyOrderOfVerdicts_endsAsTheCountsSay(RepetitionInfo repetition) {
        long seed = 0x5EED0000L + repetition.getCurrentRepetition();
        SplittableRandom random = new SplittableRandom(seed);
        ApprovalRecord approval = create(2, new LevelTerms(true, List.of(), true), RiskLevel.MEDIUM, EDITORS);
        int approvals = 0;
        int rejections = 0;
        for (String editor : shuffled(EDITORS, random)) {
            Verdict verdict = random.nextBoolean() ? Verdict.APPROVE : Verdict.REJECT;
            DecideResult result = vote(approval, editor, verdict);
            if (result instanceof DecideResult.AlreadyDecided) {
                break;
            }
            approvals += verdict == Verdict.APPROVE ? 1 : 0;
            rejections += verdict == Verdict.REJECT ? 1 : 0;
            boolean decides = approvals == 2 || rejections == 2;
            assertThat(result).as("seed %s, %d approvals, %d rejections", seed, approvals, rejections)
                    .isInstanceOf(decides ? DecideResult.Decided.class : DecideResult.VoteRecorded.class);
        }
        ApprovalStatus expected = approvals == 2 ? ApprovalStatus.APPROVED : ApprovalStatus.REJECTED;
        ApprovalRecord ended = store.get(approval.approvalId()).orElseThrow();
        assertThat(ended.status()).as("seed %s", seed).isEqualTo(expected);
        // The gate's output, with the approvals that counted, keeps to the decision contract.
        ObjectNode output = ended.decisionJson().orElseThrow();
        assertThat(ContractSchema.decision().validate(output)).as("seed %s", seed).isEmpty();
        assertThat(output.has("approvals")).as("seed %s", seed).isEqualTo(expected == ApprovalStatus.APPROVED);
    }

    private static List<String> shuffled(List<String> items, SplittableRandom random) {
        java.util.ArrayList<String> copy = new java.util.ArrayList<>(items);
        for (int i = copy.size() - 1; i > 0; i--) {
            java.util.Collections.swap(copy, i, random.nextInt(i + 1));
        }
        return copy;
    }

    @Test
    void changes_areRefusedOutsideTheLevelsModifiableParameters_andNothingIsWritten() {
        ApprovalRecord approval = create(1, new LevelTerms(false, List.of(TestRules.AMOUNT), true), RiskLevel.MEDIUM,
                List.of("lee@example.com"));

        DecideResult refused = store.decide(new DecisionRequest(approval.approvalId(), 1, "lee@example.com",
                Verdict.APPROVE, null, Channel.EMAIL_LINK, Json.object().put("orderId", "9999")));

        assertThat(refused).isInstanceOfSatisfying(DecideResult.Refused.class, r -> {
            assertThat(r.refusal()).isEqualTo(DecideResult.Refusal.MODIFICATIONS_NOT_ALLOWED);
            assertThat(r.message()).contains("'orderId'", "amount");
        });
        assertThat(store.get(approval.approvalId()).orElseThrow().version()).isEqualTo(approval.version());
    }

    @Test
    void anAllowedChange_isRecordedWithItsDiff_andTheDecisionNamesTheApprovedProposal() {
        ApprovalRecord approval = create(1, new LevelTerms(false, List.of(TestRules.AMOUNT), true), RiskLevel.MEDIUM,
                List.of("lee@example.com"));
        String approvedHash = "a".repeat(64);

        DecideResult result = store.decide(new DecisionRequest(approval.approvalId(), 1, "lee@example.com",
                Verdict.APPROVE, null, Channel.EMAIL_LINK, Json.object().put("amount", 100),
                Json.object().put("amount", 120), approvedHash));

        assertThat(result).isInstanceOf(DecideResult.Decided.class);
        ApprovalRecord read = store.get(approval.approvalId()).orElseThrow();
        Decision decision = read.decisionOutput().orElseThrow();
        assertThat(decision.proposalHash()).isEqualTo(approvedHash).isNotEqualTo(read.proposalHash());
        assertThat(decision.modifications()).isEqualTo(Json.object().put("amount", 100));
        ObjectNode details = read.auditTrail().get(read.auditTrail().size() - 1).details();
        assertThat(details.at("/changes/0/param").asText()).isEqualTo("amount");
        assertThat(details.at("/changes/0/from").asInt()).isEqualTo(120);
        assertThat(details.at("/changes/0/to").asInt()).isEqualTo(100);
        assertThat(details.get("proposalHash").asText()).isEqualTo(approvedHash);
    }

    @Test
    void theTerms_areReadFromTheSignedTrail_perLevel() {
        ApprovalRecord approval = create(1, new LevelTerms(true, List.of(TestRules.AMOUNT), true), RiskLevel.MEDIUM,
                List.of("lee@example.com"));
        store.escalate(approval.approvalId(), 1, new NextLevel(List.of("cfo@example.com"), 1,
                clock.instant().plus(Duration.ofHours(2)), null, new LevelTerms(false, List.of(), true)
                        .toRouting()), "countersign:escalate");

        ApprovalRecord read = store.get(approval.approvalId()).orElseThrow();

        assertThat(read.terms(1)).isEqualTo(new LevelTerms(true, List.of(TestRules.AMOUNT), true));
        assertThat(read.terms(2)).isEqualTo(new LevelTerms(false, List.of(), true));
        assertThat(read.terms(3)).isEqualTo(LevelTerms.NONE);
    }

    @Test
    void escalate_withoutTheNextTaskToken_recordsTheLevel_andTheRequestStepAddsItsToken() {
        NewApproval request = ApprovalRequests.request(clock, "refunds", "lee@example.com");
        ApprovalRecord approval = store.create(request).approval();
        NextLevel next = new NextLevel(List.of("cfo@example.com"), 1, clock.instant().plus(Duration.ofHours(2)),
                null, null);

        ChangeResult escalated = store.escalate(approval.approvalId(), 1, next, "countersign:escalate");
        long version = store.get(approval.approvalId()).orElseThrow().version();
        ChangeResult retried = store.escalate(approval.approvalId(), 1, next, "countersign:escalate");

        assertThat(escalated).isInstanceOf(ChangeResult.Applied.class);
        assertThat(retried).isInstanceOf(ChangeResult.AlreadyApplied.class);
        assertThat(store.get(approval.approvalId()).orElseThrow().version()).as("a retry writes nothing")
                .isEqualTo(version);
        assertThat(store.taskTokenForCallback(approval.approvalId(), 2)).isEmpty();
        // RequestApproval at level 2 creates "again": the store keeps the approval and stores the level's token.
        TaskToken token = new TaskToken("level-two-" + UUID.randomUUID());
        store.create(new NewApproval(request.key(), request.workflow(), request.summary(), request.riskLevel(),
                request.requester(), request.proposedBy(), request.proposal(), 2, List.of("cfo@example.com"), 1,
                clock.instant().plus(Duration.ofHours(2)), token, "countersign:request", null));
        assertThat(store.taskTokenForCallback(approval.approvalId(), 2)).contains(token);
    }

    @Test
    void fallbackApproved_approvesALowRiskProposalByPolicy_andIsRefusedForAnyOther() {
        ApprovalRecord low = create(1, new LevelTerms(false, List.of(), true), RiskLevel.LOW,
                List.of("lee@example.com"));
        ApprovalRecord high = create(1, new LevelTerms(false, List.of(), true), RiskLevel.HIGH,
                List.of("lee@example.com"));

        store.timeOut(low.approvalId(), 1, Outcome.APPROVED, "countersign:escalate",
                Json.object().put("rule", "low-risk").put("policy", "APPROVED"));

        ApprovalRecord read = store.get(low.approvalId()).orElseThrow();
        // The record says what happened (nobody decided); the Decision says what the policy made of it.
        assertThat(read.status()).isEqualTo(ApprovalStatus.TIMED_OUT);
        Decision decision = read.decisionOutput().orElseThrow();
        assertThat(decision.outcome()).isEqualTo(Outcome.APPROVED);
        assertThat(decision.channel()).isEqualTo(Channel.POLICY);
        assertThat(read.decisionJson().orElseThrow().get("fallback").asText()).isEqualTo("APPROVED");
        assertThat(ContractSchema.decision().validate(read.decisionJson().orElseThrow())).isEmpty();
        assertThatThrownBy(() -> store.timeOut(high.approvalId(), 1, Outcome.APPROVED, "countersign:escalate"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("never approval");
        assertThat(store.get(high.approvalId()).orElseThrow().status()).isEqualTo(ApprovalStatus.PENDING);
    }
}
