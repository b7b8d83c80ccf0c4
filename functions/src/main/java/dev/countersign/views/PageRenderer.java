package dev.countersign.views;

import dev.countersign.views.internal.Display;
import dev.countersign.views.internal.Templates;

import java.time.Clock;
import java.util.Objects;

/**
 * Renders every page of the decision function, each with the HTTP status it stands for. Pure: no I/O, no AWS;
 * "now" comes from the clock. Pages contain no script and no link secret, except the review page's hidden field.
 * Serve each with {@link RenderedPage#headers()}. Thread-safe.
 */
public final class PageRenderer {

    /** The one answer for every link that does not work, rendered once: it cannot differ by reason. */
    private static final class NotValid {
        static final RenderedPage PAGE = new RenderedPage(404,
                Templates.page("link-not-valid.jte", new Object(), new Display(java.time.Instant.EPOCH)));
    }

    private final Clock clock;

    public PageRenderer(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The review page: 200, or 422 when re-rendered after a refused POST (the form shows the problem). */
    public RenderedPage review(ReviewPageView view) {
        return page(view.form().problem() == null ? 200 : 422, "review.jte", view);
    }

    /** The decision was recorded (200). */
    public RenderedPage decisionRecorded(DecisionRecordedView view) {
        return page(200, "decision-recorded.jte", view);
    }

    /** Someone (or this person, earlier) already decided this level (409). */
    public RenderedPage alreadyDecided(AlreadyDecidedView view) {
        return page(409, "already-decided.jte", view);
    }

    /** This level's time ran out (410). */
    public RenderedPage expired(ExpiredView view) {
        return page(410, "expired.jte", view);
    }

    /** This level was escalated; its links no longer work (410). */
    public RenderedPage escalated(EscalatedView view) {
        return page(410, "escalated.jte", view);
    }

    /** The approval was cancelled (410). */
    public RenderedPage cancelled(CancelledView view) {
        return page(410, "cancelled.jte", view);
    }

    /** A decision after the approval closed: recorded as LATE_DECISION, nothing changed (409). */
    public RenderedPage lateDecision(LateDecisionView view) {
        return page(409, "late-decision.jte", view);
    }

    /** The link was handed to someone else (410). */
    public RenderedPage reassigned(ReassignedView view) {
        return page(410, "reassigned.jte", view);
    }

    /**
     * The single answer for an unknown, malformed, tampered, truncated, other-recipient or other-approval link
     * (404). It takes no argument on purpose: its bytes cannot tell the cases apart, or tell whether an approval
     * with that id exists.
     */
    public RenderedPage linkNotValid() {
        return NotValid.PAGE;
    }

    /** The requester or the proposing agent tried to decide their own proposal (403). */
    public RenderedPage selfApprovalRefused(SelfApprovalRefusedView view) {
        return page(403, "self-approval-refused.jte", view);
    }

    /** Something failed; the page says whether the decision was recorded (500). */
    public RenderedPage error(ErrorPageView view) {
        return page(500, "error.jte", view);
    }

    private RenderedPage page(int status, String template, Object view) {
        Objects.requireNonNull(view, "view");
        return new RenderedPage(status, Templates.page(template, view, new Display(clock.instant())));
    }
}
