package dev.countersign.views;

import dev.countersign.views.generated.pages.JtealreadydecidedGenerated;
import dev.countersign.views.generated.pages.JtecancelledGenerated;
import dev.countersign.views.generated.pages.JtedecisionrecordedGenerated;
import dev.countersign.views.generated.pages.JteerrorGenerated;
import dev.countersign.views.generated.pages.JteescalatedGenerated;
import dev.countersign.views.generated.pages.JteexpiredGenerated;
import dev.countersign.views.generated.pages.JtelatedecisionGenerated;
import dev.countersign.views.generated.pages.JtelinknotvalidGenerated;
import dev.countersign.views.generated.pages.JtereassignedGenerated;
import dev.countersign.views.generated.pages.JtereviewGenerated;
import dev.countersign.views.generated.pages.JteselfapprovalrefusedGenerated;
import dev.countersign.views.internal.Display;
import dev.countersign.views.internal.TemplateOutputs;
import gg.jte.html.HtmlTemplateOutput;
import gg.jte.output.StringOutput;

import java.time.Clock;
import java.util.Objects;

/**
 * Renders every page of the decision function (templates in {@code functions/src/main/jte/pages}), each with the
 * HTTP status it stands for. Pure: no I/O, no AWS; "now" comes from the clock. Pages contain no script and no link
 * secret, except the review page's hidden field. Serve each with {@link RenderedPage#headers()}. Thread-safe.
 */
public final class PageRenderer {

    /** The one answer for every link that does not work, rendered once: it cannot differ by reason. */
    private static final class NotValid {
        static final RenderedPage PAGE;

        static {
            StringOutput buffer = TemplateOutputs.buffer(4 * 1024);
            JtelinknotvalidGenerated.render(TemplateOutputs.html(buffer), null);
            PAGE = new RenderedPage(404, buffer.toString());
        }
    }

    private final Clock clock;

    public PageRenderer(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The review page: 200, or 422 when re-rendered after a refused POST (the form shows the problem). */
    public RenderedPage review(ReviewPageView view) {
        Page p = new Page(view, 16 * 1024);
        JtereviewGenerated.render(p.html, null, view, p.display);
        return p.done(view.form().problem() == null ? 200 : 422);
    }

    /** The decision was recorded (200). */
    public RenderedPage decisionRecorded(DecisionRecordedView view) {
        Page p = new Page(view, 4 * 1024);
        JtedecisionrecordedGenerated.render(p.html, null, view, p.display);
        return p.done(200);
    }

    /** Someone (or this person, earlier) already decided this level (409). */
    public RenderedPage alreadyDecided(AlreadyDecidedView view) {
        Page p = new Page(view, 4 * 1024);
        JtealreadydecidedGenerated.render(p.html, null, view, p.display);
        return p.done(409);
    }

    /** This level's time ran out (410). */
    public RenderedPage expired(ExpiredView view) {
        Page p = new Page(view, 4 * 1024);
        JteexpiredGenerated.render(p.html, null, view, p.display);
        return p.done(410);
    }

    /** This level was escalated; its links no longer work (410). */
    public RenderedPage escalated(EscalatedView view) {
        Page p = new Page(view, 4 * 1024);
        JteescalatedGenerated.render(p.html, null, view, p.display);
        return p.done(410);
    }

    /** The approval was cancelled (410). */
    public RenderedPage cancelled(CancelledView view) {
        Page p = new Page(view, 4 * 1024);
        JtecancelledGenerated.render(p.html, null, view, p.display);
        return p.done(410);
    }

    /** A decision after the approval closed: recorded as LATE_DECISION, nothing changed (409). */
    public RenderedPage lateDecision(LateDecisionView view) {
        Page p = new Page(view, 4 * 1024);
        JtelatedecisionGenerated.render(p.html, null, view, p.display);
        return p.done(409);
    }

    /** This approver handed the request to a colleague (200). */
    public RenderedPage handedOver(HandedOverView view) {
        Page p = new Page(view, 4 * 1024);
        dev.countersign.views.generated.pages.JtehandedoverGenerated.render(p.html, null, view, p.display);
        return p.done(200);
    }

    /** The link was handed to someone else (410). */
    public RenderedPage reassigned(ReassignedView view) {
        Page p = new Page(view, 4 * 1024);
        JtereassignedGenerated.render(p.html, null, view, p.display);
        return p.done(410);
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
        Page p = new Page(view, 4 * 1024);
        JteselfapprovalrefusedGenerated.render(p.html, null, view, p.display);
        return p.done(403);
    }

    /** Something failed; the page says whether the decision was recorded (500). */
    public RenderedPage error(ErrorPageView view) {
        Page p = new Page(view, 4 * 1024);
        JteerrorGenerated.render(p.html, null, view, p.display);
        return p.done(500);
    }

    /**
     * A passing outage of the approval store (503): nothing is claimed about the approval; it says to try again in a
     * moment, and what is known about a decision being made.
     */
    public RenderedPage unavailable(UnavailableView view) {
        Page p = new Page(view, 4 * 1024);
        dev.countersign.views.generated.pages.JteunavailableGenerated.render(p.html, null, view, p.display);
        return p.done(503);
    }

    /** One page being rendered: its buffer, the escaping output over it, and "now". */
    private final class Page {
        final StringOutput buffer;
        final HtmlTemplateOutput html;
        final Display display;

        Page(Object view, int capacity) {
            Objects.requireNonNull(view, "view");
            buffer = TemplateOutputs.buffer(capacity);
            html = TemplateOutputs.html(buffer);
            display = new Display(clock.instant());
        }

        RenderedPage done(int status) {
            return new RenderedPage(status, buffer.toString());
        }
    }
}
