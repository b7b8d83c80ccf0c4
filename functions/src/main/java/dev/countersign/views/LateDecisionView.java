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
 * @param repeated     true when this attempt was not recorded because a late decision of this person for this level
 *                     already was (at {@code recordedAt}): the trail keeps one
 */
public record LateDecisionView(ApprovalRef approval, OutcomeText attempted, Instant recordedAt, OutcomeText closedAs,
                               Instant closedAt, boolean repeated) {

    /** A late decision recorded now. */
    public LateDecisionView(ApprovalRef approval, OutcomeText attempted, Instant recordedAt, OutcomeText closedAs,
                            Instant closedAt) {
        this(approval, attempted, recordedAt, closedAs, closedAt, false);
    }

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
