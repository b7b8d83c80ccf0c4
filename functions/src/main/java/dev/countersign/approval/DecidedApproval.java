package dev.countersign.approval;

import dev.countersign.core.RiskLevel;
import java.time.Instant;

/** A line of the recent-decisions list: an approval that has ended, and how. */
public record DecidedApproval(ApprovalId approvalId, String workflow, String summary, RiskLevel riskLevel,
                              ApprovalStatus status, DecisionRecord decision, Instant createdAt) {
}
