package dev.countersign.approval;

import java.util.Locale;

/**
 * Which pending approvals to list: everyone's, one approver's, one workflow's, or one approver's in one workflow.
 *
 * @param approver an approver's address (compared case-insensitively), or null for every approver
 * @param workflow a workflow name (exact), or null for every workflow
 */
public record PendingFilter(String approver, String workflow) {
    public PendingFilter {
        approver = approver == null || approver.isBlank() ? null : approver.trim().toLowerCase(Locale.ROOT);
        workflow = workflow == null || workflow.isBlank() ? null : workflow.trim();
    }

    public static PendingFilter all() {
        return new PendingFilter(null, null);
    }

    public static PendingFilter approver(String approver) {
        return new PendingFilter(approver, null);
    }

    public static PendingFilter workflow(String workflow) {
        return new PendingFilter(null, workflow);
    }

    /** The list's name, as a page token is bound to it and as a person reads it. */
    public String list() {
        if (approver != null && workflow != null) {
            return "pending approvals of " + approver + " in workflow " + workflow;
        }
        if (approver != null) {
            return "pending approvals of " + approver;
        }
        return workflow != null ? "pending approvals of workflow " + workflow : "pending approvals";
    }
}
