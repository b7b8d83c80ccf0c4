package dev.countersign.views;

import dev.countersign.views.internal.Fields;

import java.time.Instant;

/**
 * The page for a decision that arrived after the approval had closed: recorded as LATE_DECISION, nothing changed.
 *
 * @param approval     which approval
 * @param attempted    what the person tried: APPROVED or REJECTED
 * @param recordedAt   when the late decision was recorded
 * @param closedAs     how the approval had closed: TIMED_OUT or CANCELLED (or the fallback's outcome)
 * @param closedAt     when it closed
 */
public record LateDecisionView(ApprovalRef approval, OutcomeText attempted, Instant recordedAt, OutcomeText closedAs,
                               Instant closedAt) {

    public LateDecisionView {
        Fields.required(approval, "LateDecisionView.approval", "an ApprovalRef");
        Fields.required(attempted, "LateDecisionView.attempted", "APPROVED or REJECTED");
        if (!attempted.isPersonal()) {
            throw new IllegalArgumentException("LateDecisionView.attempted is " + attempted
                    + ": pass what the person chose, APPROVED or REJECTED");
        }
        Fields.required(recordedAt, "LateDecisionView.recordedAt", "when LATE_DECISION was recorded");
        Fields.required(closedAs, "LateDecisionView.closedAs", "how the approval closed (TIMED_OUT, CANCELLED…)");
        Fields.required(closedAt, "LateDecisionView.closedAt", "when the approval closed");
    }
}
