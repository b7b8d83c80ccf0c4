package dev.countersign.views;

import dev.countersign.views.internal.Fields;

import java.time.Instant;
import java.util.List;

/**
 * The confirmation page after a decision was recorded.
 *
 * @param approval   which approval
 * @param outcome    APPROVED or REJECTED
 * @param decidedBy  who decided (from the link's record)
 * @param decidedAt  when it was recorded
 * @param comment    the comment, or ""
 * @param resumption whether the workflow has taken the decision yet
 * @param changes    parameters changed before approving; may be empty
 * @param quorum     for a verdict that counted towards a level needing several approvals but did not decide it
 *                   yet: the progress; {@code null} when this verdict decided the level
 * @param receipt    whether a receipt was asked for and sent to {@code decidedBy}
 */
public record DecisionRecordedView(ApprovalRef approval, OutcomeText outcome, String decidedBy, Instant decidedAt,
                                   String comment, WorkflowResumption resumption, List<ParamChange> changes,
                                   QuorumView quorum, ReceiptDelivery receipt) {

    /** A verdict that decided the level, no receipt asked for. */
    public DecisionRecordedView(ApprovalRef approval, OutcomeText outcome, String decidedBy, Instant decidedAt,
                                String comment, WorkflowResumption resumption, List<ParamChange> changes) {
        this(approval, outcome, decidedBy, decidedAt, comment, resumption, changes, null);
    }

    /** No receipt asked for. */
    public DecisionRecordedView(ApprovalRef approval, OutcomeText outcome, String decidedBy, Instant decidedAt,
                                String comment, WorkflowResumption resumption, List<ParamChange> changes,
                                QuorumView quorum) {
        this(approval, outcome, decidedBy, decidedAt, comment, resumption, changes, quorum,
                ReceiptDelivery.NOT_REQUESTED);
    }

    public DecisionRecordedView {
        Fields.required(approval, "DecisionRecordedView.approval", "an ApprovalRef");
        Fields.required(outcome, "DecisionRecordedView.outcome", "APPROVED or REJECTED");
        if (!outcome.isPersonal()) {
            throw new IllegalArgumentException("DecisionRecordedView.outcome is " + outcome
                    + ": the confirmation is for a person's decision, pass APPROVED or REJECTED");
        }
        Fields.text(decidedBy, "DecisionRecordedView.decidedBy", "the approver from the link's record");
        Fields.required(decidedAt, "DecisionRecordedView.decidedAt", "when the decision was recorded");
        comment = comment == null ? "" : comment;
        Fields.required(resumption, "DecisionRecordedView.resumption", "RESUMED or PENDING");
        changes = Fields.list(changes, "DecisionRecordedView.changes");
        Fields.required(receipt, "DecisionRecordedView.receipt", "NOT_REQUESTED, SENT, FAILED or NOT_FOR_A_VOTE");
    }
}
