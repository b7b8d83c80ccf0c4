package dev.countersign.views;

import dev.countersign.views.internal.Fields;
import dev.countersign.views.internal.WebLink;

/**
 * The approval request email to one recipient.
 *
 * @param recipient  who it goes to (name or address), named in the footer
 * @param approval   id, level and timing
 * @param proposal   what is asked
 * @param reviewUrl  this recipient's review link (http/https; carries the link secret — it is the only place the
 *                   secret appears in the email)
 * @param escalation why it reached this level, or {@code null} at level 1
 * @param reminder   {@code true} for a reminder of a request already sent to this recipient
 * @param handOver   who handed the request to this recipient and why, or {@code null} when it was routed to them
 */
public record ApprovalRequestEmailView(String recipient, ApprovalView approval, ProposalView proposal,
                                       String reviewUrl, EscalationView escalation, boolean reminder,
                                       HandOverView handOver) {

    /** A request routed to the recipient (not handed over by a colleague). */
    public ApprovalRequestEmailView(String recipient, ApprovalView approval, ProposalView proposal, String reviewUrl,
                                    EscalationView escalation, boolean reminder) {
        this(recipient, approval, proposal, reviewUrl, escalation, reminder, null);
    }

    public ApprovalRequestEmailView {
        Fields.text(recipient, "ApprovalRequestEmailView.recipient", "the recipient's name or address");
        Fields.required(approval, "ApprovalRequestEmailView.approval", "an ApprovalView");
        Fields.required(proposal, "ApprovalRequestEmailView.proposal", "a ProposalView");
        if (!WebLink.isWebLink(reviewUrl)) {
            throw new IllegalArgumentException("ApprovalRequestEmailView.reviewUrl is not an absolute http(s) URL: "
                    + "pass the recipient's review link (e.g. https://approvals.example.com/r/…)");
        }
    }
}
