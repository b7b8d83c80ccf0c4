package dev.countersign.views;

import dev.countersign.views.generated.pages.JtealreadydecidedGenerated;
import dev.countersign.views.generated.pages.JtecancelledGenerated;
import dev.countersign.views.generated.pages.JtedecisionrecordedGenerated;
import dev.countersign.views.generated.pages.JteerrorGenerated;
import dev.countersign.views.generated.pages.JteescalatedGenerated;
import dev.countersign.views.generated.pages.JteexpiredGenerated;
import dev.countersign.views.generated.pages.JteformtoolargeGenerated;
import dev.countersign.views.generated.pages.JtelatedecisionGenerated;
import dev.countersign.views.generated.pages.JtelinknotvalidGenerated;
import dev.countersign.views.generated.pages.JtereassignedGenerated;
import dev.countersign.views.generated.pages.JtehandedoverGenerated;
import dev.countersign.views.generated.pages.JtereviewGenerated;
import dev.countersign.views.generated.pages.JteselfapprovalrefusedGenerated;
import dev.countersign.views.internal.Display;
import dev.countersign.views.internal.TemplateOutputs;
import gg.jte.html.HtmlInterceptor;
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
        return page(view, 16 * 1024, view.form().problem() == null ? 200 : 422, JtereviewGenerated::render);
    }

    /** The decision was recorded (200). */
    public RenderedPage decisionRecorded(DecisionRecordedView view) {
        return page(view, 4 * 1024, 200, JtedecisionrecordedGenerated::render);
    }

    /** Someone (or this person, earlier) already decided this level (409). */
    public RenderedPage alreadyDecided(AlreadyDecidedView view) {
        return page(view, 4 * 1024, 409, JtealreadydecidedGenerated::render);
    }

    /** This level's time ran out (410). */
    public RenderedPage expired(ExpiredView view) {
        return page(view, 4 * 1024, 410, JteexpiredGenerated::render);
    }

    /** This level was escalated; its links no longer work (410). */
    public RenderedPage escalated(EscalatedView view) {
        return page(view, 4 * 1024, 410, JteescalatedGenerated::render);
    }

    /** The approval was cancelled (410). */
    public RenderedPage cancelled(CancelledView view) {
        return page(view, 4 * 1024, 410, JtecancelledGenerated::render);
    }

    /** A decision after the approval closed: recorded as LATE_DECISION, nothing changed (409). */
    public RenderedPage lateDecision(LateDecisionView view) {
        return page(view, 4 * 1024, 409, JtelatedecisionGenerated::render);
    }

    /** This approver handed the request to a colleague (200). */
    public RenderedPage handedOver(HandedOverView view) {
        return page(view, 4 * 1024, 200, JtehandedoverGenerated::render);
    }

    /** The link was handed to someone else (410). */
    public RenderedPage reassigned(ReassignedView view) {
        return page(view, 4 * 1024, 410, JtereassignedGenerated::render);
    }

    /**
     * The single answer for an unknown, malformed, tampered, truncated, other-recipient or other-approval link
     * (404). It takes no argument on purpose: its bytes cannot tell the cases apart, or tell whether an approval
     * with that id exists.
     */
    public RenderedPage linkNotValid() {
        return NotValid.PAGE;
    }

    /**
     * A form body larger than {@code limitBytes}, refused unread (413): the page says nothing was recorded and what
     * to do, without reading a field of it.
     */
    public RenderedPage formTooLarge(int limitBytes) {
        StringOutput buffer = TemplateOutputs.buffer(2 * 1024);
        JteformtoolargeGenerated.render(TemplateOutputs.html(buffer), null, limitBytes);
        return new RenderedPage(413, buffer.toString());
    }

    /** The requester or the proposing agent tried to decide their own proposal (403). */
    public RenderedPage selfApprovalRefused(SelfApprovalRefusedView view) {
        return page(view, 4 * 1024, 403, JteselfapprovalrefusedGenerated::render);
    }

    /** Something failed; the page says whether the decision was recorded (500). */
    public RenderedPage error(ErrorPageView view) {
        return page(view, 4 * 1024, 500, JteerrorGenerated::render);
    }

    /** A compiled page template's render method (jte generates one static method per template). */
    @FunctionalInterface
    private interface Template<V> {
        void render(HtmlTemplateOutput html, HtmlInterceptor interceptor, V view, Display display);
    }

    /** Renders {@code view} with {@code template} into a buffer of {@code capacity} characters, "now" from the clock. */
    private <V> RenderedPage page(V view, int capacity, int status, Template<V> template) {
        Objects.requireNonNull(view, "view");
        StringOutput buffer = TemplateOutputs.buffer(capacity);
        template.render(TemplateOutputs.html(buffer), null, view, new Display(clock.instant()));
        return new RenderedPage(status, buffer.toString());
    }
}
