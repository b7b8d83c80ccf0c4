package dev.countersign.approval;

import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.audit.AuditEntry;
import dev.countersign.audit.AuditEvent;
import dev.countersign.audit.ChainVerification;
import dev.countersign.core.Outcome;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Approvals and their audit trails. Every state change is one conditional single-item write that also appends its
 * audit events; concurrent callers are serialised by the approval's version, and losers are told what happened.
 *
 * <p>Nothing here returns the task token except {@link #taskTokenForCallback}, which only the callback path calls.
 */
public interface ApprovalStore {

    /**
     * Creates the approval for an execution's gate, idempotently: a retry returns the existing approval (and stores
     * the retry's task token if the level is still pending, since Step Functions may issue a new one per attempt).
     */
    CreateResult create(NewApproval request);

    /** The approval as pages show it (strongly consistent). */
    Optional<ApprovalRecord> get(ApprovalId approvalId);

    /** The proposal the approval was created with, as stored. */
    Optional<JsonNode> proposal(ApprovalId approvalId);

    /**
     * The proposal of an approval already read ({@link ApprovalRecord#proposalHash()}): one read instead of two, for
     * the review page.
     */
    Optional<JsonNode> proposal(ApprovalId approvalId, String proposalHash);

    /** An approver's verdict for one level; the loser of a race learns who decided, what and when. */
    DecideResult decide(DecisionRequest request);

    /** Records the timeout of {@code fromLevel} and asks the next level. */
    ChangeResult escalate(ApprovalId approvalId, int fromLevel, NextLevel next, String actor);

    /** Records the timeout of the last level: the approval ends TIMED_OUT with {@code fallback} applied. */
    default ChangeResult timeOut(ApprovalId approvalId, int level, Outcome fallback, String actor) {
        return timeOut(approvalId, level, fallback, actor, null);
    }

    /**
     * As {@link #timeOut(ApprovalId, int, Outcome, String)}, recording {@code policy} (the rule, its fallback) in the
     * FALLBACK_APPLIED event. APPROVED is accepted for a low-risk proposal only.
     */
    ChangeResult timeOut(ApprovalId approvalId, int level, Outcome fallback, String actor,
                         com.fasterxml.jackson.databind.node.ObjectNode policy);

    ChangeResult cancel(ApprovalId approvalId, String actor, String reason);

    /** Records a verdict that came after its level ended (LATE_DECISION); changes nothing else. */
    ChangeResult lateDecision(ApprovalId approvalId, int level, String approver, Verdict verdict, String comment);

    /** Hands a recipient's place at the current level to someone else. */
    ChangeResult reassign(ApprovalId approvalId, int level, String from, String to, String actor, String reason);

    /** Appends an informational event (ROUTED, NOTIFIED, NOTIFY_FAILED, VIEWED, REMINDED...) to the chain. */
    ChangeResult append(ApprovalId approvalId, AuditEntry entry);

    /**
     * Appends an informational event unless the trail already has one of the same type, actor and
     * {@code details.level} ({@link ChangeResult.AlreadyApplied} then). Concurrent callers record it once.
     */
    ChangeResult appendOnce(ApprovalId approvalId, AuditEntry entry);

    /** Pending approvals an approver is asked to decide, newest first. */
    Page<PendingApproval> pendingForApprover(String approver, PageRequest page);

    /** Pending approvals of a workflow, newest first. */
    Page<PendingApproval> pendingForWorkflow(String workflow, PageRequest page);

    /** An approval's audit trail in order (empty if the approval does not exist). */
    List<AuditEvent> auditTrail(ApprovalId approvalId);

    /** Audit events of one actor across approvals, oldest first, with {@code from <= at <= to}. */
    Page<AuditEvent> auditEventsByActor(String actor, Instant from, Instant to, PageRequest page);

    /** Verifies an approval's chain against the anchor its item keeps (empty if the approval does not exist). */
    Optional<ChainVerification> verifyChain(ApprovalId approvalId);

    /**
     * The task token of a level, for the Step Functions callback only (SendTaskSuccess/Failure). Never pass the result
     * to a page, an email, a log or a response.
     */
    Optional<TaskToken> taskTokenForCallback(ApprovalId approvalId, int level);

    /**
     * Brings the list projections (pending lists, audit events by actor) up to date for approvals whose writer died
     * before projecting. Safe to run at any time, concurrently with writers.
     *
     * @return how many approvals were re-projected
     */
    int repairProjections(int maxApprovals);
}
