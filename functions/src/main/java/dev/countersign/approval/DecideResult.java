package dev.countersign.approval;

import dev.countersign.core.Outcome;
import java.time.Instant;

/** The answer to an approver's verdict. Every variant but {@link NotFound} carries the approval as it now stands. */
public sealed interface DecideResult {

    /** This verdict decided the level: the approval is now APPROVED or REJECTED (see its decision). */
    record Decided(ApprovalRecord approval) implements DecideResult {
    }

    /** An approval was counted, but the level needs more: {@code approvals} of {@code quorum} so far. */
    record VoteRecorded(ApprovalRecord approval, int approvals, int quorum) implements DecideResult {
    }

    /** Someone else decided this level first: who, what and when. Nothing was written. */
    record AlreadyDecided(String decidedBy, Outcome outcome, Instant decidedAt, int level,
                          ApprovalRecord approval) implements DecideResult {
    }

    /**
     * The level is over (timed out, escalated past, cancelled, or decided at another level): nothing changed, and the
     * attempt is in the trail as LATE_DECISION unless the trail was full ({@code recorded=false}).
     */
    record TooLate(ApprovalRecord approval, boolean recorded) implements DecideResult {
    }

    /** The verdict is not allowed; nothing was written. */
    record Refused(Refusal refusal, String message, ApprovalRecord approval) implements DecideResult {
    }

    record NotFound(ApprovalId approvalId) implements DecideResult {
    }

    enum Refusal {
        /** The approver is not asked at that level. */
        NOT_A_RECIPIENT,
        /** The approver is the requester or the proposing agent. */
        SELF_APPROVAL,
        /** The approver already gave a verdict at this level (quorum levels). */
        ALREADY_VOTED,
        /** Modifications need a level decided by one approval. */
        MODIFICATIONS_NOT_ALLOWED,
        /** The audit trail has no room left for this approval (see docs/data-design.md). */
        TRAIL_FULL
    }
}
