package dev.countersign.approval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.audit.AuditEntry;
import dev.countersign.core.Outcome;
import java.time.Instant;
import java.util.Optional;

/**
 * The write side of approvals: a narrow port that an implementation fills with five operations — {@link #create},
 * {@link #get}, {@link #proposal(ApprovalId, String)}, {@link #taskTokenForCallback} and {@link #apply}, the
 * read–decide–write loop every change goes through. Every change is one conditional single-item write that also
 * appends its audit events; concurrent callers are serialised by the approval's version, and a loser's rule is asked
 * again on the newer state, which is how it learns what happened.
 *
 * <p>The operations below {@link #apply} are the domain's changes, each one rule of {@link ApprovalTransitions} run
 * through the loop; an implementation does not override them. Lists and audit queries are on the read side
 * ({@link ApprovalQueries}); link grants on {@link dev.countersign.link.LinkStore}.
 *
 * <p>Nothing here returns the task token except {@link #taskTokenForCallback}, which only the callback path calls.
 */
public interface ApprovalStore {

    /**
     * A rule of the read–decide–write loop: what to write (or answer) given the approval as just read and "now".
     * It may be asked more than once (after a lost race), so it must have no side effects.
     */
    @FunctionalInterface
    interface Rule<R> {
        Transition<R> decide(ApprovalRecord current, Instant now);
    }

    /**
     * Creates the approval for an execution's gate, idempotently: a retry returns the existing approval (and stores
     * the retry's task token if the level is still pending, since Step Functions may issue a new one per attempt).
     */
    CreateResult create(NewApproval request);

    /** The approval as pages show it (strongly consistent). */
    Optional<ApprovalRecord> get(ApprovalId approvalId);

    /**
     * The proposal of an approval already read ({@link ApprovalRecord#proposalHash()}), as stored: one read instead
     * of two, for the review page.
     */
    Optional<JsonNode> proposal(ApprovalId approvalId, String proposalHash);

    /**
     * The task token of a level, for the Step Functions callback only (SendTaskSuccess/Failure). Never pass the result
     * to a page, an email, a log or a response.
     */
    Optional<TaskToken> taskTokenForCallback(ApprovalId approvalId, int level);

    /**
     * Reads the approval, asks {@code rule}, and applies its {@link Transition.Write} as one conditional write; when
     * another writer came first, reads again and asks again. Answers what the rule answers (from the approval as
     * written), or empty when there is no such approval.
     *
     * @throws ApprovalStoreException when the store cannot be reached, or the approval kept changing under the loop
     */
    <R> Optional<R> apply(ApprovalId approvalId, Rule<R> rule);

    // ---------------------------------------------------------------- the domain's changes, through apply

    /** The proposal the approval was created with, as stored. */
    default Optional<JsonNode> proposal(ApprovalId approvalId) {
        return get(approvalId).flatMap(approval -> proposal(approvalId, approval.proposalHash()));
    }

    /** An approver's verdict for one level; the loser of a race learns who decided, what and when. */
    default DecideResult decide(DecisionRequest request) {
        return apply(request.approvalId(), (current, now) -> ApprovalTransitions.decide(current, request, now))
                .orElseGet(() -> new DecideResult.NotFound(request.approvalId()));
    }

    /** Records the timeout of {@code fromLevel} and asks the next level. */
    default ChangeResult escalate(ApprovalId approvalId, int fromLevel, NextLevel next, String actor) {
        return change(approvalId, (current, now) -> ApprovalTransitions.escalate(current, fromLevel, next, actor,
                now));
    }

    /** Records the timeout of the last level: the approval ends TIMED_OUT with {@code fallback} applied. */
    default ChangeResult timeOut(ApprovalId approvalId, int level, Outcome fallback, String actor) {
        return timeOut(approvalId, level, fallback, actor, null);
    }

    /**
     * As {@link #timeOut(ApprovalId, int, Outcome, String)}, recording {@code policy} (the rule, its fallback) in the
     * FALLBACK_APPLIED event. APPROVED is accepted for a low-risk proposal only.
     */
    default ChangeResult timeOut(ApprovalId approvalId, int level, Outcome fallback, String actor, ObjectNode policy) {
        return change(approvalId, (current, now) -> ApprovalTransitions.timeOut(current, level, fallback, actor,
                policy, now));
    }

    default ChangeResult cancel(ApprovalId approvalId, String actor, String reason) {
        return change(approvalId, (current, now) -> ApprovalTransitions.cancel(current, actor, reason, now));
    }

    /** Cancels a pending approval, recording {@code details} (what cancelled it) in the CANCELLED event. */
    default ChangeResult cancel(ApprovalId approvalId, String actor, String reason, ObjectNode details) {
        return change(approvalId, (current, now) -> ApprovalTransitions.cancel(current, actor, reason, details,
                now));
    }

    /** Records a verdict that came after its level ended (LATE_DECISION); changes nothing else. */
    default ChangeResult lateDecision(ApprovalId approvalId, int level, String approver, Verdict verdict,
                                      String comment) {
        return change(approvalId, (current, now) -> ApprovalTransitions.lateDecision(current, level, approver,
                verdict, comment, now));
    }

    /** Hands a recipient's place at the current level to someone else. */
    default ChangeResult reassign(ApprovalId approvalId, int level, String from, String to, String actor,
                                  String reason) {
        return change(approvalId, (current, now) -> ApprovalTransitions.reassign(current, level, from, to, actor,
                reason, now));
    }

    /**
     * Appends an informational event (ROUTED, NOTIFIED, NOTIFY_FAILED, VIEWED, REMINDED...) to the chain; refused
     * ({@link ChangeResult.NotApplicable}, {@link ApprovalTransitions#TRAIL_FULL}) when its budget is used up.
     */
    default ChangeResult append(ApprovalId approvalId, AuditEntry entry) {
        return change(approvalId, (current, now) -> InformationalEvents.append(current, entry));
    }

    /**
     * Appends an informational event unless the trail already has one of the same type, actor and
     * {@code details.level} ({@link ChangeResult.AlreadyApplied} then). Concurrent callers record it once.
     */
    default ChangeResult appendOnce(ApprovalId approvalId, AuditEntry entry) {
        return change(approvalId, (current, now) -> InformationalEvents.appendOnce(current, entry));
    }

    /**
     * Records how handing the decision of a level to its workflow went (CALLBACK_DELIVERED or CALLBACK_FAILED): once
     * the level is settled nothing more is written ({@link ChangeResult.AlreadyApplied}), and a retryable failure is
     * recorded once per level and error.
     */
    default ChangeResult callbackOutcome(ApprovalId approvalId, AuditEntry entry) {
        return change(approvalId, (current, now) -> InformationalEvents.callbackOutcome(current, entry));
    }

    private ChangeResult change(ApprovalId approvalId, Rule<ChangeResult> rule) {
        return apply(approvalId, rule).orElseGet(() -> new ChangeResult.NotFound(approvalId));
    }
}
