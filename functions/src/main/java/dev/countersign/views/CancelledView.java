package dev.countersign.views;

import dev.countersign.views.internal.Fields;

import java.time.Instant;

/**
 * The page for a link to an approval that was cancelled.
 *
 * @param approval    which approval
 * @param cancelledAt when
 * @param cancelledBy who cancelled it, or "" when unknown
 * @param reason      why, or ""
 */
public record CancelledView(ApprovalRef approval, Instant cancelledAt, String cancelledBy, String reason) {

    public CancelledView {
        Fields.required(approval, "CancelledView.approval", "an ApprovalRef");
        Fields.required(cancelledAt, "CancelledView.cancelledAt", "when it was cancelled");
        cancelledBy = cancelledBy == null ? "" : cancelledBy;
        reason = reason == null ? "" : reason;
    }
}
