package dev.countersign.approval;

import dev.countersign.audit.AuditEvent;
import dev.countersign.audit.ChainVerification;
import java.util.List;
import java.util.Optional;

/** The read side of approvals: the lists ({@link ApprovalLists}), and an approval's audit trail and its check. */
public interface ApprovalQueries extends ApprovalLists {

    /** An approval's audit trail in order (empty if the approval does not exist). */
    List<AuditEvent> auditTrail(ApprovalId approvalId);

    /**
     * Approvals whose person's decision is recorded and not yet settled with its workflow
     * ({@link ApprovalRecord#awaitsCallback()}), least recently changed first: what the redelivery sweep works through.
     * The list may trail the approvals by a moment; read each one before acting on it.
     */
    ListPage<ApprovalId> awaitingCallback(PageRequest page);

    /** Verifies an approval's chain against the anchor its item keeps (empty if the approval does not exist). */
    Optional<ChainVerification> verifyChain(ApprovalId approvalId);
}
