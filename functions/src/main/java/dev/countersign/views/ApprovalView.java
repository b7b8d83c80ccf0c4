package dev.countersign.views;

import dev.countersign.views.internal.Fields;

import java.time.Instant;

/**
 * The approval's identity and timing at the recipient's level.
 *
 * @param approvalId  the approval's id (shown for reference; it is not a secret)
 * @param level       the escalation level this recipient decides at (1 = first approvers)
 * @param requestedAt when the approval was first requested (level 1), for "the request has waited …"
 * @param deadline    when this level times out
 */
public record ApprovalView(String approvalId, int level, Instant requestedAt, Instant deadline) {

    public ApprovalView {
        Fields.text(approvalId, "ApprovalView.approvalId", "the approval record's id");
        Fields.level(level, "ApprovalView.level");
        Fields.required(requestedAt, "ApprovalView.requestedAt", "when the approval was first requested");
        Fields.required(deadline, "ApprovalView.deadline", "when this level times out");
    }
}
