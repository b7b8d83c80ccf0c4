package dev.countersign.views;

import dev.countersign.views.internal.Fields;

import java.time.Instant;
import java.util.List;

/**
 * How far a level that needs several approvals (N of M) has come, and where this page's reader stands in it.
 *
 * @param approvals  distinct approvals so far
 * @param required   approvals that decide the level
 * @param approvedBy who approved so far, in order
 * @param waitingFor recipients who have not given a verdict yet
 * @param rejections rejections so far (only a majority level keeps counting after one)
 * @param majority   whether a rejection only counts against the quorum (otherwise one rejection rejects)
 * @param yourVote   what this page's reader gave (APPROVED or REJECTED), or {@code null} when they have not yet
 * @param yourVoteAt when they gave it, or {@code null}
 */
public record QuorumView(int approvals, int required, List<String> approvedBy, List<String> waitingFor,
                         int rejections, boolean majority, OutcomeText yourVote, Instant yourVoteAt) {

    public QuorumView {
        if (required < 1 || approvals < 0 || rejections < 0) {
            throw new IllegalArgumentException("QuorumView counts are negative or required is below 1: pass the"
                    + " level's quorum and the votes so far");
        }
        approvedBy = Fields.list(approvedBy, "QuorumView.approvedBy");
        waitingFor = Fields.list(waitingFor, "QuorumView.waitingFor");
        if (yourVote != null && !yourVote.isPersonal()) {
            throw new IllegalArgumentException("QuorumView.yourVote is " + yourVote + ": pass APPROVED or REJECTED");
        }
        if (yourVote != null) {
            Fields.required(yourVoteAt, "QuorumView.yourVoteAt", "when the reader gave their verdict");
        }
    }

    /** Approvals still needed, never below zero. */
    public int stillNeeded() {
        return Math.max(0, required - approvals);
    }
}
