package dev.countersign.views;

import dev.countersign.views.internal.Display;
import dev.countersign.views.internal.DisplayText;
import dev.countersign.views.internal.Templates;

import java.time.Clock;
import java.util.Objects;

/**
 * Renders every email: subject, HTML part and plain-text part, from a view record. Pure: no I/O, no AWS; "now"
 * comes from the clock (relative times such as "in 23 hours"). Times are shown in UTC. Thread-safe.
 */
public final class EmailRenderer {

    private final Clock clock;

    public EmailRenderer(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * The approval request (also its reminder and escalation variants): what is asked, by when, the proposal in
     * full, and one "Review and decide" link to the review page — never links that decide on click.
     */
    public RenderedEmail approvalRequest(ApprovalRequestEmailView view) {
        Objects.requireNonNull(view, "view");
        Display d = new Display(clock.instant());
        return new RenderedEmail(approvalRequestSubject(view, d),
                Templates.emailHtml("approval-request.jte", view, d),
                Templates.emailText("approval-request.jte", view, d));
    }

    /** The receipt to an approver after their decision: what, when, the comment, what happens next. No link. */
    public RenderedEmail decisionReceipt(DecisionReceiptEmailView view) {
        Objects.requireNonNull(view, "view");
        Display d = new Display(clock.instant());
        String subject = subject("Recorded: you " + view.outcome().pastTense() + " ", view.approval().summary(),
                "");
        return new RenderedEmail(subject,
                Templates.emailHtml("decision-receipt.jte", view, d),
                Templates.emailText("decision-receipt.jte", view, d));
    }

    private static String approvalRequestSubject(ApprovalRequestEmailView view, Display d) {
        String prefix;
        if (view.reminder()) {
            String left = d.passed(view.approval().deadline()) ? "no time left"
                    : d.duration(java.time.Duration.between(d.now(), view.approval().deadline())) + " left";
            prefix = "Reminder (" + left + ")" + (view.escalation() != null ? ", escalated to you: " : ": ");
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
