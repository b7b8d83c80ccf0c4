package dev.countersign.approval;

import dev.countersign.core.RiskLevel;
import java.time.Instant;

/** A line of a pending list (an approver's inbox or a workflow's queue). */
public record PendingApproval(ApprovalId approvalId, String workflow, String summary, RiskLevel riskLevel, int level,
                              Instant deadline, Instant createdAt) {
}
