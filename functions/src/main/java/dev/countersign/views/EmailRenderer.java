package dev.countersign.views;

import dev.countersign.views.internal.Display;
import dev.countersign.views.internal.DisplayText;
import dev.countersign.views.internal.TemplateOutputs;
import gg.jte.output.StringOutput;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Renders every email: subject, HTML part (templates in {@code email-templates/html}, HTML-escaped by context) and
 * plain-text part ({@code email-templates/text}, never HTML-escaped). Pure: no I/O, no AWS; "now" comes from the
 * clock (relative times such as "in 23 hours"). Times are shown in UTC. Thread-safe.
 */
public final class EmailRenderer {

    private final Clock clock;

    public EmailRenderer(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * The approval request (also its reminder and escalation variants): what is asked, by when, the proposal,
     * and one "Review and decide" link to the review page — never links that decide on click.
     */
    public RenderedEmail approvalRequest(ApprovalRequestEmailView view) {
        Objects.requireNonNull(view, "view");
        Display d = new Display(clock.instant());
        StringOutput html = TemplateOutputs.buffer(24 * 1024);
        dev.countersign.views.generated.emailhtml.JteapprovalrequestGenerated.render(TemplateOutputs.html(html),
                null, view, d);
        StringOutput text = TemplateOutputs.buffer(8 * 1024);
        dev.countersign.views.generated.emailtext.JteapprovalrequestGenerated.render(text, null, view, d);
        return new RenderedEmail(approvalRequestSubject(view, d), html.toString(), text.toString());
    }

    /** The receipt to an approver after their decision: what, when, the comment, what happens next. No link. */
    public RenderedEmail decisionReceipt(DecisionReceiptEmailView view) {
        Objects.requireNonNull(view, "view");
        Display d = new Display(clock.instant());
        StringOutput html = TemplateOutputs.buffer(12 * 1024);
        dev.countersign.views.generated.emailhtml.JtedecisionreceiptGenerated.render(TemplateOutputs.html(html),
                null, view, d);
        StringOutput text = TemplateOutputs.buffer(4 * 1024);
        dev.countersign.views.generated.emailtext.JtedecisionreceiptGenerated.render(text, null, view, d);
        String subject = subject("Recorded: you " + view.outcome().pastTense() + " ", view.approval().summary(), "");
        return new RenderedEmail(subject, html.toString(), text.toString());
    }

    private static String approvalRequestSubject(ApprovalRequestEmailView view, Display d) {
        String prefix;
        if (view.reminder()) {
            String left = d.passed(view.approval().deadline()) ? "no time left"
                    : d.duration(Duration.between(d.now(), view.approval().deadline())) + " left";
            prefix = "Reminder (" + left + ")" + (view.escalation() != null ? ", escalated to you: " : ": ");
        } else if (view.handOver() != null) {
            prefix = "Handed to you: ";
        } else if (view.escalation() != null) {
            prefix = "Escalated to you: ";
        } else {
            prefix = "Approval needed: ";
        }
        return subject(prefix, view.proposal().action().summary(), " — by " + d.whenShort(view.approval().deadline()));
    }

    /**
     * prefix + summary + suffix in at most {@link RenderedEmail#MAX_SUBJECT_LENGTH} code points: the summary is
     * the part that gets cut, so "what" starts it and "by when" always ends it. One line, no control characters.
     */
    static String subject(String prefix, String summary, String suffix) {
        int room = RenderedEmail.MAX_SUBJECT_LENGTH - DisplayText.length(prefix) - DisplayText.length(suffix);
        String what = DisplayText.headerLine(summary, Math.max(10, room));
        if (what.isEmpty()) {
            what = "a proposed action";
        }
        return DisplayText.headerLine(prefix + what + suffix, RenderedEmail.MAX_SUBJECT_LENGTH);
    }
}
