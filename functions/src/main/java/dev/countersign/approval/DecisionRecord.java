package dev.countersign.approval;

import dev.countersign.core.Channel;
import dev.countersign.core.Outcome;
import java.time.Instant;
import java.util.List;

/**
 * How an approval ended: the data of the gate's Decision output.
 *
 * @param outcome           APPROVED, REJECTED, TIMED_OUT or CANCELLED
 * @param decidedBy         the approver whose verdict decided it, or the system actor (timeout, cancellation)
 * @param decidedAt         when
 * @param level             the level at which it was decided
 * @param comment           the deciding approver's comment (or the cancellation reason), may be null
 * @param channel           how the verdict arrived (email-link, api, policy)
 * @param approvers         everyone whose approval counted (the quorum), in order
 * @param modificationsJson approved changes to the proposal as canonical JSON, or null
 * @param fallback          for TIMED_OUT: the outcome the workflow applies (REJECTED by default; TIMED_OUT when the
 *                          gate fails instead; APPROVED only for a low-risk proposal whose rule says so); otherwise null
 * @param approvedProposalHash SHA-256 of the proposal as approved, when the approver changed parameters (the stored
 *                          proposal with {@code modificationsJson} applied to {@code action.params}); otherwise null
 */
public record DecisionRecord(Outcome outcome, String decidedBy, Instant decidedAt, int level, String comment,
                             Channel channel, List<String> approvers, String modificationsJson,
                             Outcome fallback, String approvedProposalHash) {
    public DecisionRecord {
        approvers = approvers == null ? List.of() : List.copyOf(approvers);
    }

    /** A decision of the proposal exactly as requested (no parameter changed). */
    public DecisionRecord(Outcome outcome, String decidedBy, Instant decidedAt, int level, String comment,
                          Channel channel, List<String> approvers, String modificationsJson, Outcome fallback) {
        this(outcome, decidedBy, decidedAt, level, comment, channel, approvers, modificationsJson, fallback, null);
    }
}
