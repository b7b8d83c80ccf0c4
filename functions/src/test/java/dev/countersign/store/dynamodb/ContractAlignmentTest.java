package dev.countersign.store.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.countersign.approval.ApprovalKey;
import dev.countersign.approval.ApprovalRecord;
import dev.countersign.approval.DecisionRequest;
import dev.countersign.approval.NewApproval;
import dev.countersign.approval.TaskToken;
import dev.countersign.approval.Verdict;
import dev.countersign.contract.ContractSchema;
import dev.countersign.contract.Proposals;
import dev.countersign.core.Channel;
import dev.countersign.core.Decision;
import dev.countersign.core.Outcome;
import dev.countersign.core.Proposal;
import dev.countersign.core.json.Json;
import dev.countersign.testing.DynaliteExtension;
import dev.countersign.testing.MutableClock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The store speaks the contracts: the proposal hash is the Proposal's, and every ending is a valid Decision. */
class ContractAlignmentTest {
    @RegisterExtension
    static final DynaliteExtension dynalite = new DynaliteExtension();

    private final MutableClock clock = MutableClock.at("2026-11-24T09:00:00Z");
    private final DynamoDbApprovalStore store = dynalite.store(clock);
    private final Proposal proposal = Proposal.fromJson(Proposals.full());

    private ApprovalRecord created() {
        NewApproval request = NewApproval.forProposal(proposal, new ApprovalKey(
                "arn:aws:states:eu-west-1:123456789012:execution:refunds:" + UUID.randomUUID(), "ApproveRefund"), 1,
                List.of("lee@shop.example"), 1, clock.instant().plus(Duration.ofHours(1)), new TaskToken("tok"),
                "countersign:request", null);
        return store.create(request).approval();
    }

    private static void assertValidDecision(Decision decision) {
        assertThat(ContractSchema.decision().validate(decision.toJson())).isEmpty();
        assertThat(Decision.fromJson(decision.toJson())).isEqualTo(decision);
    }

    @Test
    void createdFromAProposal_storesItsHash_andItsNormalisedJson() {
        ApprovalRecord approval = created();

        assertThat(approval.proposalHash()).isEqualTo(proposal.hash());
        assertThat(approval.requester()).isEqualTo("dana@shop.example");
        assertThat(approval.summary()).isEqualTo(proposal.action().summary());
        // Stored canonical (120.00 is kept as 120): the same proposal by hash, which is what the decision carries.
        assertThat(Proposal.fromJson(store.proposal(approval.approvalId()).orElseThrow()).hash())
                .isEqualTo(proposal.hash());
    }

    @Test
    void approvedWithModifications_isAValidDecision() {
        ApprovalRecord approval = created();
        store.decide(new DecisionRequest(approval.approvalId(), 1, "lee@shop.example", Verdict.APPROVE,
                "100 is enough", Channel.EMAIL_LINK, Json.object().put("amount", 100)));

        Decision decision = store.get(approval.approvalId()).orElseThrow().decisionOutput().orElseThrow();

        assertThat(decision.outcome()).isEqualTo(Outcome.APPROVED);
        assertThat(decision.decidedBy()).isEqualTo("lee@shop.example");
        assertThat(decision.proposalHash()).isEqualTo(proposal.hash());
        assertThat(decision.modifications()).isEqualTo(Json.object().put("amount", 100));
        assertValidDecision(decision);
    }

    @Test
    void timedOutAndCancelled_areValidDecisions_andPendingHasNone() {
        ApprovalRecord timedOut = created();
        ApprovalRecord cancelled = created();
        assertThat(timedOut.decisionOutput()).isEmpty();

        store.timeOut(timedOut.approvalId(), 1, Outcome.REJECTED, "countersign:escalate");
        store.cancel(cancelled.approvalId(), "countersign:api", "workflow stopped");

        Decision timeout = store.get(timedOut.approvalId()).orElseThrow().decisionOutput().orElseThrow();
        Decision cancel = store.get(cancelled.approvalId()).orElseThrow().decisionOutput().orElseThrow();
        assertThat(timeout.outcome()).isEqualTo(Outcome.TIMED_OUT);
        assertThat(cancel.outcome()).isEqualTo(Outcome.CANCELLED);
        assertThat(cancel.comment()).isEqualTo("workflow stopped");
        assertValidDecision(timeout);
        assertValidDecision(cancel);
    }
}
