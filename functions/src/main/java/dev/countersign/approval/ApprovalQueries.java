package dev.countersign.approval;

import dev.countersign.audit.AuditEvent;
import dev.countersign.audit.ChainVerification;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The read side of approvals: lists for people and workflows, and audit queries. The lists come from projections of
 * the approval items, kept up to date by every write and repaired by {@link ProjectionRepair}; what a list shows may
 * trail the approval by one repair sweep at most.
 */
public interface ApprovalQueries {

    /** Pending approvals an approver is asked to decide, newest first. */
    ListPage<PendingApproval> pendingForApprover(String approver, PageRequest page);

    /** Pending approvals of a workflow, newest first. */
    ListPage<PendingApproval> pendingForWorkflow(String workflow, PageRequest page);

    /** An approval's audit trail in order (empty if the approval does not exist). */
    List<AuditEvent> auditTrail(ApprovalId approvalId);

    /** Audit events of one actor across approvals, oldest first, with {@code from <= at <= to}. */
    ListPage<AuditEvent> auditEventsByActor(String actor, Instant from, Instant to, PageRequest page);

    /** Verifies an approval's chain against the anchor its item keeps (empty if the approval does not exist). */
    Optional<ChainVerification> verifyChain(ApprovalId approvalId);
}
