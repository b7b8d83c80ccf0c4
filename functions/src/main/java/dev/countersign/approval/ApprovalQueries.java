package dev.countersign.approval;

import dev.countersign.audit.AuditEvent;
import dev.countersign.audit.ChainVerification;
import java.util.List;
import java.util.Optional;

/** The read side of approvals: the lists ({@link ApprovalLists}), and an approval's audit trail and its check. */
public interface ApprovalQueries extends ApprovalLists {

    /** An approval's audit trail in order (empty if the approval does not exist). */
    List<AuditEvent> auditTrail(ApprovalId approvalId);

    /** Verifies an approval's chain against the anchor its item keeps (empty if the approval does not exist). */
    Optional<ChainVerification> verifyChain(ApprovalId approvalId);
}
