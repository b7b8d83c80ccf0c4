package dev.countersign.views;

import dev.countersign.views.internal.Fields;

import java.time.Instant;

/**
 * The page for a decision attempt on a level that is already decided (a lost race or a second click).
 *
 * @param approval      which approval
 * @param outcome       what was decided
 * @param decidedBy     who decided
 * @param decidedAt     when
 * @param comment       their comment, or ""
 * @param decidedByYou  whether the person holding this link made that decision (a second click)
 * @param resumption    whether the workflow has the decision yet, or null when the page does not say (a vote that
 *                      did not decide its level)
 */
public record AlreadyDecidedView(ApprovalRef approval, OutcomeText outcome, String decidedBy, Instant decidedAt,
                                 String comment, boolean decidedByYou, WorkflowResumption resumption) {

    /** The page without a word on the workflow: for a verdict that counted without deciding its level. */
    public AlreadyDecidedView(ApprovalRef approval, OutcomeText outcome, String decidedBy, Instant decidedAt,
                              String comment, boolean decidedByYou) {
        this(approval, outcome, decidedBy, decidedAt, comment, decidedByYou, null);
    }

    public AlreadyDecidedView {
        Fields.required(approval, "AlreadyDecidedView.approval", "an ApprovalRef");
        Fields.required(outcome, "AlreadyDecidedView.outcome", "the recorded outcome");
        Fields.text(decidedBy, "AlreadyDecidedView.decidedBy", "who decided, from the record");
        Fields.required(decidedAt, "AlreadyDecidedView.decidedAt", "when the decision was recorded");
        comment = comment == null ? "" : comment;
    }
}
