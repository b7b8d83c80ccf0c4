package dev.countersign.views;

import dev.countersign.views.internal.Fields;

import java.time.Instant;

/**
 * The page for a link that was handed to someone else.
 *
 * @param approval     which approval
 * @param reassignedAt when
 * @param to           the new approver, or "" when not to be shown
 * @param by           who reassigned it, or ""
 */
public record ReassignedView(ApprovalRef approval, Instant reassignedAt, String to, String by) {

    public ReassignedView {
        Fields.required(approval, "ReassignedView.approval", "an ApprovalRef");
        Fields.required(reassignedAt, "ReassignedView.reassignedAt", "when it was reassigned");
        to = to == null ? "" : to;
        by = by == null ? "" : by;
    }
}
