package dev.countersign.approval;

import dev.countersign.audit.AuditEvent;
import java.time.Instant;

/**
 * Lists across approvals, for the people who read them: what waits for whom, what was decided lately, and which audit
 * events were written when. They come from projections of the approval items, kept up to date by every write and
 * repaired by {@link ProjectionRepair}; a list may trail the approvals by one repair sweep at most, and an approval
 * read by its id is the truth.
 */
public interface ApprovalLists {

    /** Pending approvals, newest first: everyone's, or as {@code filter} narrows them. */
    ListPage<PendingApproval> pending(PendingFilter filter, PageRequest page);

    /** Pending approvals an approver is asked to decide, newest first. */
    default ListPage<PendingApproval> pendingForApprover(String approver, PageRequest page) {
        if (approver == null || approver.isBlank()) {
            throw new IllegalArgumentException("approver is empty: give the approver's address");
        }
        return pending(PendingFilter.approver(approver), page);
    }

    /** Pending approvals of a workflow, newest first. */
    default ListPage<PendingApproval> pendingForWorkflow(String workflow, PageRequest page) {
        if (workflow == null || workflow.isBlank()) {
            throw new IllegalArgumentException("workflow is empty: give the workflow's name");
        }
        return pending(PendingFilter.workflow(workflow), page);
    }

    /** Approvals that have ended (approved, rejected, timed out, cancelled), the most recently ended first. */
    ListPage<DecidedApproval> recentDecisions(PageRequest page);

    /** Audit events of one actor across approvals, oldest first, with {@code from <= at <= to}. */
    ListPage<AuditEvent> auditEventsByActor(String actor, Instant from, Instant to, PageRequest page);

    /** Where the audit events of a window are, oldest first (by time, then approval, then seq). */
    ListPage<EventRef> auditEvents(AuditWindow window, PageRequest page);
}
