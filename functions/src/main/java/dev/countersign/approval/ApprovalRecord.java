package dev.countersign.approval;

import dev.countersign.audit.AuditEvent;
import dev.countersign.audit.AuditEventType;
import dev.countersign.audit.ChainAnchor;
import dev.countersign.core.Decision;
import dev.countersign.core.RiskLevel;
import dev.countersign.core.json.Json;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * An approval as pages, emails and APIs see it: everything except the task token, which this type has no field for
 * (it stays in the store and leaves only through {@link ApprovalStore#taskTokenForCallback}).
 *
 * @param approvalId   the approval's id
 * @param executionArn the paused execution
 * @param gate         the gate in that execution
 * @param workflow     the workflow name from the proposal (what pending lists group by)
 * @param summary      one line about the proposed action, for lists and email subjects
 * @param riskLevel    the proposal's risk level
 * @param requester    the person the agent acts for (may not approve), or null
 * @param proposedBy   the proposing agent (may not approve)
 * @param proposalHash SHA-256 of the canonical proposal
 * @param status       PENDING until decided, timed out or cancelled
 * @param currentLevel the level being asked now (or the last one asked)
 * @param levels       the levels reached so far, in order
 * @param decision     how it ended, or null while pending
 * @param createdAt    when it was requested
 * @param updatedAt    when it last changed
 * @param version      increases with every write (optimistic concurrency)
 * @param auditCount   the number of audit events written: the chain's anchor
 * @param lastHash     the hash of event {@code auditCount}: the chain's anchor
 * @param trailBytes   the stored size of the audit trail (item-size budget)
 * @param auditTrail   the audit events as read, in stored order
 */
public record ApprovalRecord(ApprovalId approvalId, String executionArn, String gate, String workflow,
                             String summary, RiskLevel riskLevel, String requester, String proposedBy,
                             String proposalHash, ApprovalStatus status, int currentLevel,
                             List<EscalationLevel> levels, DecisionRecord decision, Instant createdAt,
                             Instant updatedAt, long version, int auditCount, String lastHash, int trailBytes,
                             List<AuditEvent> auditTrail) {
    public ApprovalRecord {
        levels = List.copyOf(levels);
        auditTrail = List.copyOf(auditTrail);
    }

    /** A level by its number. */
    public EscalationLevel level(int number) {
        return levels.stream().filter(l -> l.number() == number).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("approval " + approvalId + " has no level " + number
                        + "; its levels are 1.." + currentLevel));
    }

    public Optional<EscalationLevel> findLevel(int number) {
        return levels.stream().filter(l -> l.number() == number).findFirst();
    }

    public EscalationLevel current() {
        return level(currentLevel);
    }

    /** The terms level {@code number} was asked under (majority, modifiable parameters), from its audit event. */
    public LevelTerms terms(int number) {
        return LevelTerms.of(auditTrail, number);
    }

    public Optional<DecisionRecord> decisionIfAny() {
        return Optional.ofNullable(decision);
    }

    /** The gate's output (the Decision contract) once the approval has ended; empty while pending. */
    public Optional<Decision> decisionOutput() {
        if (decision == null) {
            return Optional.empty();
        }
        // A timed-out level whose rule auto-approves (low risk only, checked when it was applied) approves by policy.
        dev.countersign.core.Outcome outcome = decision.outcome() == dev.countersign.core.Outcome.TIMED_OUT
                && decision.fallback() == dev.countersign.core.Outcome.APPROVED ? decision.fallback()
                : decision.outcome();
        return Optional.of(new Decision(approvalId.value(), outcome, decision.decidedBy(),
                decision.decidedAt(), decision.comment(), decision.level(), decision.channel(),
                decision.approvedProposalHash() == null ? proposalHash : decision.approvedProposalHash(),
                decision.modificationsJson() == null ? null
                        : (com.fasterxml.jackson.databind.node.ObjectNode) Json.parse(decision.modificationsJson())));
    }

    /**
     * The gate's output once the approval has ended: {@link #decisionOutput()} as JSON, plus {@code approvals} (each
     * approval that counted, for a level that needed several) and {@code fallback} (what applied after the last
     * level timed out). Both extra members are declared in the decision schema; version 1 readers may ignore them.
     */
    public Optional<com.fasterxml.jackson.databind.node.ObjectNode> decisionJson() {
        return decisionOutput().map(output -> {
            com.fasterxml.jackson.databind.node.ObjectNode json = output.toJson();
            Optional<EscalationLevel> level = findLevel(decision.level());
            if (decision.outcome() == dev.countersign.core.Outcome.APPROVED && level.isPresent()
                    && level.get().quorum() > 1) {
                com.fasterxml.jackson.databind.node.ArrayNode approvals = json.putArray("approvals");
                for (Vote vote : level.get().votes()) {
                    if (vote.verdict() != Verdict.APPROVE) {
                        continue;
                    }
                    com.fasterxml.jackson.databind.node.ObjectNode one = approvals.addObject()
                            .put("by", vote.approver()).put("at", java.time.format.DateTimeFormatter.ISO_INSTANT
                                    .format(vote.at())).put("channel", vote.channel().wireName());
                    auditTrail.stream().filter(e -> e.seq() == vote.seq()).findFirst()
                            .map(e -> e.details().path("comment").asText(""))
                            .filter(c -> !c.isEmpty()).ifPresent(c -> one.put("comment", c));
                }
            }
            if (decision.outcome() == dev.countersign.core.Outcome.TIMED_OUT && decision.fallback() != null) {
                json.put("fallback", decision.fallback() == dev.countersign.core.Outcome.TIMED_OUT ? "FAILED"
                        : decision.fallback().wireName());
            }
            return json;
        });
    }

    // ---------------------------------------------------------------- what the audit trail says

    /** Whether {@code recipient} has a VIEWED event for {@code level} (one is recorded per recipient and level). */
    public boolean viewedBy(String recipient, int level) {
        for (AuditEvent event : auditTrail) {
            if (is(event, AuditEventType.VIEWED) && event.actor().equals(recipient) && level(event, "level") == level) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the decision of {@code level} has been settled with its workflow: delivered (CALLBACK_DELIVERED), or
     * refused for good (a final CALLBACK_FAILED: the task is closed or unknown). A retryable failure settles nothing.
     */
    public boolean callbackSettled(int level) {
        for (AuditEvent event : auditTrail) {
            if (level(event, "level") != level) {
                continue;
            }
            if (is(event, AuditEventType.CALLBACK_DELIVERED)
                    || is(event, AuditEventType.CALLBACK_FAILED) && event.details().path("final").asBoolean(false)) {
                return true;
            }
        }
        return false;
    }

    /** When {@code fromLevel} escalated to the next level (its ESCALATED event), if it did. */
    public Optional<Instant> escalatedAt(int fromLevel) {
        for (AuditEvent event : auditTrail) {
            if (is(event, AuditEventType.ESCALATED) && level(event, "fromLevel") == fromLevel) {
                return Optional.of(event.at());
            }
        }
        return Optional.empty();
    }

    /** The last time {@code recipient}'s place was handed to someone else. */
    public Optional<Reassignment> lastReassignmentFrom(String recipient) {
        return lastReassignment("from", recipient);
    }

    /** The last time someone's place was handed to {@code recipient}. */
    public Optional<Reassignment> lastReassignmentTo(String recipient) {
        return lastReassignment("to", recipient);
    }

    /** When the last verdict of {@code approver} that came after its level ended was recorded (LATE_DECISION). */
    public Optional<Instant> lastLateDecision(String approver) {
        Instant at = null;
        for (AuditEvent event : auditTrail) {
            if (is(event, AuditEventType.LATE_DECISION) && event.actor().equals(approver)) {
                at = event.at();
            }
        }
        return Optional.ofNullable(at);
    }

    private Optional<Reassignment> lastReassignment(String side, String address) {
        Reassignment last = null;
        for (AuditEvent event : auditTrail) {
            if (!is(event, AuditEventType.REASSIGNED)) {
                continue;
            }
            com.fasterxml.jackson.databind.node.ObjectNode details = event.details();
            if (details.path(side).asText("").equals(address)) {
                last = new Reassignment(event.at(), details.path("from").asText(""), details.path("to").asText(""),
                        event.actor());
            }
        }
        return Optional.ofNullable(last);
    }

    private static boolean is(AuditEvent event, AuditEventType type) {
        return type.name().equals(event.type());
    }

    private static int level(AuditEvent event, String field) {
        return event.details().path(field).asInt(-1);
    }

    public ChainAnchor anchor() {
        return new ChainAnchor(auditCount, lastHash);
    }

    /** The deadline of the current level while pending. */
    public Optional<Instant> deadline() {
        return status == ApprovalStatus.PENDING ? Optional.of(current().deadline()) : Optional.empty();
    }

    ApprovalRecord withState(ApprovalStatus newStatus, int newCurrentLevel, List<EscalationLevel> newLevels,
                             DecisionRecord newDecision) {
        return new ApprovalRecord(approvalId, executionArn, gate, workflow, summary, riskLevel, requester, proposedBy,
                proposalHash, newStatus, newCurrentLevel, newLevels, newDecision, createdAt, updatedAt, version,
                auditCount, lastHash, trailBytes, auditTrail);
    }

    ApprovalRecord withLevel(EscalationLevel replacement) {
        List<EscalationLevel> updated = levels.stream()
                .map(l -> l.number() == replacement.number() ? replacement : l).toList();
        return withState(status, currentLevel, updated, decision);
    }

    /** The record after a write appended {@code events}: the store calls this with what it wrote. */
    public ApprovalRecord afterWrite(List<AuditEvent> events, int addedBytes, Instant at) {
        List<AuditEvent> trail = new java.util.ArrayList<>(auditTrail);
        trail.addAll(events);
        AuditEvent last = events.isEmpty() ? null : events.get(events.size() - 1);
        return new ApprovalRecord(approvalId, executionArn, gate, workflow, summary, riskLevel, requester, proposedBy,
                proposalHash, status, currentLevel, levels, decision, createdAt, at, version + 1,
                last == null ? auditCount : last.seq(), last == null ? lastHash : last.hash(), trailBytes + addedBytes,
                trail);
    }
}
