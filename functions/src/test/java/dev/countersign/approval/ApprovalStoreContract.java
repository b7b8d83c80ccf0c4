package dev.countersign.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.audit.AuditEntry;
import dev.countersign.audit.AuditEvent;
import dev.countersign.audit.AuditEventType;
import dev.countersign.audit.ChainVerification;
import dev.countersign.core.Channel;
import dev.countersign.core.Outcome;
import dev.countersign.core.json.CanonicalJson;
import dev.countersign.core.json.Json;
import dev.countersign.testing.MutableClock;
import dev.countersign.testing.ApprovalRequests;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What every approval store does, whatever it keeps approvals in: DynamoDbApprovalStoreTest runs these tests against
 * the DynamoDB store on dynalite, InMemoryApprovalStoreTest against the in-memory store of the fast tests.
 */
public abstract class ApprovalStoreContract<S extends ApprovalStore & ApprovalQueries> {
    private final MutableClock clock = MutableClock.at("2026-11-24T10:00:00Z");
    private final S store = newStore(clock);

    /** A store of the kind under test, on its own empty data, whose "now" is {@code clock}. */
    protected abstract S newStore(Clock clock);

    private static DecisionRequest verdict(ApprovalRecord approval, String approver, Verdict verdict) {
        return new DecisionRequest(approval.approvalId(), approval.currentLevel(), approver, verdict,
                "looks " + verdict.name().toLowerCase(), Channel.EMAIL_LINK, null);
    }

    private ApprovalRecord created(NewApproval request) {
        CreateResult result = store.create(request);
        assertThat(result).isInstanceOf(CreateResult.Created.class);
        return result.approval();
    }

    private static List<String> types(List<AuditEvent> trail) {
        return trail.stream().map(AuditEvent::type).toList();
    }

    // ------------------------------------------------------------------ create, get

    @Test
    void create_storesThePendingApproval_withItsRequestedEvent() {
        NewApproval request = ApprovalRequests.request(clock, "refunds", "alice@example.com", "bob@example.com");

        ApprovalRecord approval = created(request);

        ApprovalRecord read = store.get(approval.approvalId()).orElseThrow();
        assertThat(read.status()).isEqualTo(ApprovalStatus.PENDING);
        assertThat(read.approvalId()).isEqualTo(ApprovalId.forKey(request.key()));
        assertThat(read.current().recipients()).extracting(r -> r.approver())
                .containsExactly("alice@example.com", "bob@example.com");
        assertThat(read.createdAt()).isEqualTo(Instant.parse("2026-11-24T10:00:00Z"));
        assertThat(types(read.auditTrail())).containsExactly("REQUESTED");
        assertThat(read.auditTrail().get(0).details().get("proposalHash").asText())
                .isEqualTo(CanonicalJson.sha256Hex(request.proposal()));
        assertThat(read).isEqualTo(approval);
    }

    @Test
    void create_isIdempotent_aRetryReturnsTheSameApprovalAndSaysSo() {
        NewApproval request = ApprovalRequests.request(clock, "refunds", "alice@example.com");
        ApprovalRecord first = created(request);

        CreateResult retry = store.create(request);

        assertThat(retry).isInstanceOf(CreateResult.AlreadyExisted.class);
        assertThat(retry.approval()).isEqualTo(first);
        assertThat(types(store.auditTrail(first.approvalId()))).containsExactly("REQUESTED");
    }

    @Test
    void create_retryWithAFreshTaskToken_keepsTheNewestToken() {
        NewApproval request = ApprovalRequests.request(clock, "refunds", "alice@example.com");
        ApprovalRecord approval = created(request);
        NewApproval retried = new NewApproval(request.key(), request.workflow(), request.summary(),
                request.riskLevel(), request.requester(), request.proposedBy(), request.proposal(), request.level(),
                request.recipients(), request.quorum(), request.deadline(), new TaskToken("token-of-the-retry"),
                request.actor(), null);

        assertThat(store.create(retried)).isInstanceOf(CreateResult.AlreadyExisted.class);

        // Step Functions may issue a new token per attempt; calling back with the dead one would hang the execution.
        assertThat(store.taskTokenForCallback(approval.approvalId(), 1)).contains(new TaskToken("token-of-the-retry"));
        assertThat(types(store.auditTrail(approval.approvalId()))).containsExactly("REQUESTED");
    }

    @Test
    void proposal_isStoredCanonically_andHashesToTheRecordedProposalHash() {
        NewApproval request = ApprovalRequests.request(clock, "refunds", "alice@example.com");
        ApprovalRecord approval = created(request);

        JsonNode proposal = store.proposal(approval.approvalId()).orElseThrow();

        assertThat(proposal).isEqualTo(request.proposal());
        assertThat(CanonicalJson.sha256Hex(proposal)).isEqualTo(approval.proposalHash());
    }

    @Test
    void get_unknownApproval_isEmpty() {
        ApprovalId unknown = ApprovalId.forKey(new dev.countersign.approval.ApprovalKey(
                "arn:aws:states:eu-west-1:1:execution:x:" + UUID.randomUUID(), "gate"));
        assertThat(store.get(unknown)).isEmpty();
        assertThat(store.decide(new DecisionRequest(unknown, 1, "alice@example.com", Verdict.APPROVE, null,
                Channel.API, null))).isEqualTo(new DecideResult.NotFound(unknown));
    }

    // ------------------------------------------------------------------ decide

    @Test
    void decide_approve_decidesTheLevel_andAppendsTheEventInTheSameWrite() {
        ApprovalRecord approval = created(ApprovalRequests.request(clock, "refunds", "alice@example.com"));
        clock.advance(Duration.ofMinutes(5));

        DecideResult result = store.decide(verdict(approval, "alice@example.com", Verdict.APPROVE));

        assertThat(result).isInstanceOf(DecideResult.Decided.class);
        ApprovalRecord decided = store.get(approval.approvalId()).orElseThrow();
        assertThat(decided.status()).isEqualTo(ApprovalStatus.APPROVED);
        assertThat(decided.decision().outcome()).isEqualTo(Outcome.APPROVED);
        assertThat(decided.decision().decidedBy()).isEqualTo("alice@example.com");
        assertThat(decided.decision().decidedAt()).isEqualTo(Instant.parse("2026-11-24T10:05:00Z"));
        assertThat(decided.decision().approvers()).containsExactly("alice@example.com");
        assertThat(types(decided.auditTrail())).containsExactly("REQUESTED", "APPROVED");
        assertThat(decided.auditTrail().get(1).actor()).isEqualTo("alice@example.com");
        assertThat(decided.auditCount()).isEqualTo(2);
        assertThat(store.verifyChain(approval.approvalId())).get().isInstanceOf(ChainVerification.Intact.class);
    }

    @Test
    void decide_reject_rejectsTheApproval() {
        ApprovalRecord approval = created(ApprovalRequests.request(clock, "refunds", "alice@example.com",
                "bob@example.com"));

        DecideResult result = store.decide(verdict(approval, "bob@example.com", Verdict.REJECT));

        assertThat(result).isInstanceOf(DecideResult.Decided.class);
        assertThat(((DecideResult.Decided) result).approval().decision().outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(types(store.auditTrail(approval.approvalId()))).containsExactly("REQUESTED", "REJECTED");
    }

    @Test
    void decide_isRejected_whenAlreadyDecided_andTheLoserLearnsWhoWhatWhen() {
        ApprovalRecord approval = created(ApprovalRequests.request(clock, "refunds", "alice@example.com",
                "bob@example.com"));
        clock.advance(Duration.ofMinutes(1));
        store.decide(verdict(approval, "alice@example.com", Verdict.APPROVE));
        clock.advance(Duration.ofMinutes(1));

        DecideResult late = store.decide(verdict(approval, "bob@example.com", Verdict.REJECT));

        assertThat(late).isInstanceOfSatisfying(DecideResult.AlreadyDecided.class, lost -> {
            assertThat(lost.decidedBy()).isEqualTo("alice@example.com");
            assertThat(lost.outcome()).isEqualTo(Outcome.APPROVED);
            assertThat(lost.decidedAt()).isEqualTo(Instant.parse("2026-11-24T10:01:00Z"));
            assertThat(lost.level()).isEqualTo(1);
        });
        assertThat(types(store.auditTrail(approval.approvalId()))).containsExactly("REQUESTED", "APPROVED");
    }

    @Test
    void decide_quorumOfTwo_recordsTheFirstApprovalAndDecidesOnTheSecond() {
        ApprovalRecord approval = created(ApprovalRequests.request(clock,
                "arn:aws:states:eu-west-1:1:execution:payouts:" + UUID.randomUUID(), "payouts", 2,
                "alice@example.com", "bob@example.com", "dave@example.com"));

        DecideResult first = store.decide(verdict(approval, "alice@example.com", Verdict.APPROVE));
        DecideResult again = store.decide(verdict(approval, "alice@example.com", Verdict.APPROVE));
        DecideResult second = store.decide(verdict(approval, "dave@example.com", Verdict.APPROVE));

        assertThat(first).isInstanceOfSatisfying(DecideResult.VoteRecorded.class, vote -> {
            assertThat(vote.approvals()).isEqualTo(1);
            assertThat(vote.quorum()).isEqualTo(2);
            assertThat(vote.approval().status()).isEqualTo(ApprovalStatus.PENDING);
        });
        assertThat(again).isInstanceOfSatisfying(DecideResult.Refused.class,
                r -> assertThat(r.refusal()).isEqualTo(DecideResult.Refusal.ALREADY_VOTED));
        assertThat(second).isInstanceOfSatisfying(DecideResult.Decided.class, d ->
                assertThat(d.approval().decision().approvers()).containsExactly("alice@example.com",
                        "dave@example.com"));
        assertThat(types(store.auditTrail(approval.approvalId()))).containsExactly("REQUESTED", "APPROVED",
                "APPROVED");
    }

    @Test
    void decide_bySomeoneNotAsked_isRefused_andWritesNothing() {
        ApprovalRecord approval = created(ApprovalRequests.request(clock, "refunds", "alice@example.com"));

        DecideResult result = store.decide(verdict(approval, "mallory@example.com", Verdict.APPROVE));

        assertThat(result).isInstanceOfSatisfying(DecideResult.Refused.class,
                r -> assertThat(r.refusal()).isEqualTo(DecideResult.Refusal.NOT_A_RECIPIENT));
        assertThat(store.get(approval.approvalId()).orElseThrow().version()).isEqualTo(approval.version());
    }

    @Test
    void decide_withModifications_recordsThemInTheDecisionAndTheEvent() {
        ApprovalRecord approval = created(ApprovalRequests.request(clock, "refunds", "alice@example.com"));
        var changes = Json.object().put("amount", 100);

        store.decide(new DecisionRequest(approval.approvalId(), 1, "alice@example.com", Verdict.APPROVE,
                "100 is enough", Channel.EMAIL_LINK, changes));

        ApprovalRecord decided = store.get(approval.approvalId()).orElseThrow();
        assertThat(decided.decision().modificationsJson()).isEqualTo("{\"amount\":100}");
        assertThat(decided.auditTrail().get(1).details().get("modifications")).isEqualTo(changes);
    }

    // ------------------------------------------------------------------ timeout, escalation, cancel, late

    @Test
    void escalate_asksTheNextLevel_withItsOwnRecipientsAndTaskToken() {
        ApprovalRecord approval = created(ApprovalRequests.request(clock, "refunds", "alice@example.com"));
        clock.advance(Duration.ofHours(1));
        NextLevel next = new NextLevel(List.of("erin@example.com"), 1, clock.instant().plus(Duration.ofHours(4)),
                new TaskToken("level-2-token"), null);

        ChangeResult result = store.escalate(approval.approvalId(), 1, next, "countersign:escalate");

        assertThat(result).isInstanceOf(ChangeResult.Applied.class);
        ApprovalRecord escalated = store.get(approval.approvalId()).orElseThrow();
        assertThat(escalated.status()).isEqualTo(ApprovalStatus.PENDING);
        assertThat(escalated.currentLevel()).isEqualTo(2);
        assertThat(escalated.level(1).status()).isEqualTo(ApprovalStatus.TIMED_OUT);
        assertThat(escalated.current().recipients()).extracting(r -> r.approver()).containsExactly("erin@example.com");
        assertThat(types(escalated.auditTrail())).containsExactly("REQUESTED", "TIMED_OUT", "ESCALATED");
        assertThat(store.taskTokenForCallback(approval.approvalId(), 2)).contains(new TaskToken("level-2-token"));
        // A retried escalation (same level, same token) changes nothing and says it was already done.
        assertThat(store.escalate(approval.approvalId(), 1, next, "countersign:escalate"))
                .isInstanceOf(ChangeResult.AlreadyApplied.class);
        assertThat(store.get(approval.approvalId()).orElseThrow().auditCount()).isEqualTo(3);
        // The level-1 approver is now late; the level-2 approver decides.
        assertThat(store.decide(new DecisionRequest(approval.approvalId(), 1, "alice@example.com", Verdict.APPROVE,
                null, Channel.EMAIL_LINK, null))).isInstanceOf(DecideResult.TooLate.class);
        assertThat(store.decide(verdict(escalated, "erin@example.com", Verdict.APPROVE)))
                .isInstanceOf(DecideResult.Decided.class);
    }

    @Test
    void timeOut_ofTheLastLevel_endsTimedOut_withTheFallbackRecorded() {
        ApprovalRecord approval = created(ApprovalRequests.request(clock, "refunds", "alice@example.com"));
        clock.advance(Duration.ofHours(1));

        ChangeResult result = store.timeOut(approval.approvalId(), 1, Outcome.REJECTED, "countersign:escalate");

        assertThat(result).isInstanceOf(ChangeResult.Applied.class);
        ApprovalRecord timedOut = store.get(approval.approvalId()).orElseThrow();
        assertThat(timedOut.status()).isEqualTo(ApprovalStatus.TIMED_OUT);
        assertThat(timedOut.decision().outcome()).isEqualTo(Outcome.TIMED_OUT);
        assertThat(timedOut.decision().fallback()).isEqualTo(Outcome.REJECTED);
        assertThat(timedOut.decision().channel()).isEqualTo(Channel.POLICY);
        assertThat(types(timedOut.auditTrail())).containsExactly("REQUESTED", "TIMED_OUT", "FALLBACK_APPLIED");
        assertThat(store.timeOut(approval.approvalId(), 1, Outcome.REJECTED, "countersign:escalate"))
                .isInstanceOf(ChangeResult.AlreadyApplied.class);
    }

    @Test
    void timeOut_withApprovedFallback_isRefused_becauseAbsenceOfApprovalIsNeverApproval() {
        ApprovalRecord approval = created(ApprovalRequests.request(clock, "refunds", "alice@example.com"));

        assertThatThrownBy(() -> store.timeOut(approval.approvalId(), 1, Outcome.APPROVED, "countersign:escalate"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("never approval");
        assertThat(store.get(approval.approvalId()).orElseThrow().status()).isEqualTo(ApprovalStatus.PENDING);
    }

    @Test
    void decide_afterCancellation_isRecordedAsLateDecision_andChangesNothing() {
        ApprovalRecord approval = created(ApprovalRequests.request(clock, "refunds", "alice@example.com"));
        assertThat(store.cancel(approval.approvalId(), "countersign:api", "execution stopped"))
                .isInstanceOf(ChangeResult.Applied.class);
        assertThat(store.cancel(approval.approvalId(), "countersign:api", "again"))
                .isInstanceOf(ChangeResult.AlreadyApplied.class);

        DecideResult result = store.decide(verdict(approval, "alice@example.com", Verdict.APPROVE));

        assertThat(result).isInstanceOfSatisfying(DecideResult.TooLate.class, late -> {
            assertThat(late.recorded()).isTrue();
            assertThat(late.approval().status()).isEqualTo(ApprovalStatus.CANCELLED);
        });
        ApprovalRecord after = store.get(approval.approvalId()).orElseThrow();
        assertThat(after.status()).isEqualTo(ApprovalStatus.CANCELLED);
        assertThat(after.decision().outcome()).isEqualTo(Outcome.CANCELLED);
        assertThat(types(after.auditTrail())).containsExactly("REQUESTED", "CANCELLED", "LATE_DECISION");
        assertThat(after.auditTrail().get(2).details().get("verdict").asText()).isEqualTo("APPROVE");
    }

    @Test
    void lateDecision_afterTimeout_isRecorded_butNotWhileTheLevelIsPending() {
        ApprovalRecord approval = created(ApprovalRequests.request(clock, "refunds", "alice@example.com"));
        assertThat(store.lateDecision(approval.approvalId(), 1, "alice@example.com", Verdict.REJECT, null))
                .isInstanceOf(ChangeResult.NotApplicable.class);
        store.timeOut(approval.approvalId(), 1, Outcome.REJECTED, "countersign:escalate");

        ChangeResult late = store.lateDecision(approval.approvalId(), 1, "alice@example.com", Verdict.REJECT,
                "sorry, was away");

        assertThat(late).isInstanceOf(ChangeResult.Applied.class);
        ApprovalRecord after = store.get(approval.approvalId()).orElseThrow();
        assertThat(after.status()).isEqualTo(ApprovalStatus.TIMED_OUT);
        assertThat(types(after.auditTrail())).endsWith("LATE_DECISION");
    }

    @Test
    void reassign_movesARecipientsPlace_andOnlyTheNewRecipientMayDecide() {
        ApprovalRecord approval = created(ApprovalRequests.request(clock, "refunds", "alice@example.com"));

        ChangeResult result = store.reassign(approval.approvalId(), 1, "alice@example.com", "frank@example.com",
                "alice@example.com", "on holiday");

        assertThat(result).isInstanceOf(ChangeResult.Applied.class);
        ApprovalRecord after = store.get(approval.approvalId()).orElseThrow();
        assertThat(after.current().recipients()).singleElement().satisfies(r -> {
            assertThat(r.approver()).isEqualTo("frank@example.com");
            assertThat(r.reassignedFrom()).isEqualTo("alice@example.com");
        });
        assertThat(store.decide(verdict(after, "alice@example.com", Verdict.APPROVE)))
                .isInstanceOf(DecideResult.Refused.class);
        assertThat(store.decide(verdict(after, "frank@example.com", Verdict.APPROVE)))
                .isInstanceOf(DecideResult.Decided.class);
        assertThat(types(store.auditTrail(approval.approvalId()))).containsExactly("REQUESTED", "REASSIGNED",
                "APPROVED");
    }

    @Test
    void reassign_toTheRequester_isNotApplicable() {
        ApprovalRecord approval = created(ApprovalRequests.request(clock, "refunds", "alice@example.com"));

        ChangeResult result = store.reassign(approval.approvalId(), 1, "alice@example.com", "carol@example.com",
                "alice@example.com", null);

        assertThat(result).isInstanceOfSatisfying(ChangeResult.NotApplicable.class,
                n -> assertThat(n.reason()).contains("may not approve"));
    }

    // ------------------------------------------------------------------ informational events

    @Test
    void append_notifiedWithTheSesMessageId_joinsTheChain() {
        ApprovalRecord approval = created(ApprovalRequests.request(clock, "refunds", "alice@example.com"));
        var details = Json.object().put("recipient", "alice@example.com").put("sesMessageId", "0100-abc");

        ChangeResult result = store.append(approval.approvalId(),
                new AuditEntry(AuditEventType.NOTIFIED, "countersign:request", details));

        assertThat(result).isInstanceOf(ChangeResult.Applied.class);
        List<AuditEvent> trail = store.auditTrail(approval.approvalId());
        assertThat(types(trail)).containsExactly("REQUESTED", "NOTIFIED");
        assertThat(trail.get(1).details().get("sesMessageId").asText()).isEqualTo("0100-abc");
        assertThat(trail.get(1).prevHash()).isEqualTo(trail.get(0).hash());
    }

    @Test
    void append_ofADecisionEventType_isRefused_withAPointerToTheRightOperation() {
        ApprovalRecord approval = created(ApprovalRequests.request(clock, "refunds", "alice@example.com"));

        assertThatThrownBy(() -> store.append(approval.approvalId(),
                AuditEntry.of(AuditEventType.APPROVED, "alice@example.com")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("use decide");
    }

    @Test
    void append_fromManyWritersAtOnce_keepsSeqGapFree_andTheChainIntact() throws Exception {
        ApprovalRecord approval = created(ApprovalRequests.request(clock, "refunds", "alice@example.com"));
        int writers = 20;
        var pool = java.util.concurrent.Executors.newFixedThreadPool(writers);
        var start = new java.util.concurrent.CountDownLatch(1);
        try {
            List<java.util.concurrent.Future<ChangeResult>> futures = new java.util.ArrayList<>();
            for (int i = 0; i < writers; i++) {
                int n = i;
                futures.add(pool.submit(() -> {
                    start.await();
                    return store.append(approval.approvalId(), new AuditEntry(AuditEventType.VIEWED,
                            "alice@example.com", Json.object().put("view", n)));
                }));
            }
            start.countDown();
            for (var f : futures) {
                assertThat(f.get()).isInstanceOf(ChangeResult.Applied.class);
            }
        } finally {
            pool.shutdownNow();
        }

        List<AuditEvent> trail = store.auditTrail(approval.approvalId());
        // Two writers that both read seq n must not both write seq n+1: the version condition serialises them.
        assertThat(trail).extracting(AuditEvent::seq)
                .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, writers + 1).boxed().toList());
        assertThat(store.verifyChain(approval.approvalId())).get().isInstanceOf(ChainVerification.Intact.class);
    }
}
