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
 */
public record AlreadyDecidedView(ApprovalRef approval, OutcomeText outcome, String decidedBy, Instant decidedAt,
                                 String comment, boolean decidedByYou) {

    public AlreadyDecidedView {
        Fields.required(approval, "AlreadyDecidedView.approval", "an ApprovalRef");
        Fields.required(outcome, "AlreadyDecidedView.outcome", "the recorded outcome");
        Fields.text(decidedBy, "AlreadyDecidedView.decidedBy", "who decided, from the record");
        Fields.required(decidedAt, "AlreadyDecidedView.decidedAt", "when the decision was recorded");
        comment = comment == null ? "" : comment;
    }
}
