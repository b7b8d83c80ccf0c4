package dev.countersign.views;

import dev.countersign.views.internal.Fields;

import java.time.Instant;
import java.util.List;

/**
 * The receipt an approver gets after deciding. It carries no link: the decision is final.
 *
 * @param recipient  the approver (name or address)
 * @param approval   which approval
 * @param level      the level they decided at
 * @param outcome    APPROVED or REJECTED
 * @param decidedAt  when the decision was recorded
 * @param comment    their comment, or ""
 * @param resumption whether the workflow has taken the decision yet
 * @param changes    parameters they changed before approving; may be empty
 */
public record DecisionReceiptEmailView(String recipient, ApprovalRef approval, int level, OutcomeText outcome,
                                       Instant decidedAt, String comment, WorkflowResumption resumption,
                                       List<ParamChange> changes) {

    public DecisionReceiptEmailView {
        Fields.text(recipient, "DecisionReceiptEmailView.recipient", "the approver's name or address");
        Fields.required(approval, "DecisionReceiptEmailView.approval", "an ApprovalRef");
        Fields.level(level, "DecisionReceiptEmailView.level");
        Fields.required(outcome, "DecisionReceiptEmailView.outcome", "APPROVED or REJECTED");
        if (!outcome.isPersonal()) {
            throw new IllegalArgumentException("DecisionReceiptEmailView.outcome is " + outcome
                    + ": a receipt is for a person's decision, pass APPROVED or REJECTED");
        }
        Fields.required(decidedAt, "DecisionReceiptEmailView.decidedAt", "when the decision was recorded");
        comment = comment == null ? "" : comment;
        Fields.required(resumption, "DecisionReceiptEmailView.resumption", "RESUMED or PENDING");
        changes = Fields.list(changes, "DecisionReceiptEmailView.changes");
    }
}
