package dev.countersign.views;

import dev.countersign.views.internal.Fields;
import dev.countersign.views.internal.WebLink;

import java.util.List;

/**
 * The review page for one recipient's valid link.
 *
 * @param recipient  who the link belongs to
 * @param approval   id, level and timing
 * @param proposal   what is asked
 * @param escalation why it reached this level, or {@code null} at level 1
 * @param history    the audit events so far, oldest first
 * @param formAction where the form posts: a same-origin path ("/decide") or http(s) URL; never the review URL
 *                   (it must not contain the secret)
 * @param linkSecret the raw secret of this recipient's link: rendered once, as the hidden form field
 * @param editable   parameters the rule lets this approver change; may be empty (no section then)
 * @param form       the form's state ({@link ReviewFormState#EMPTY} on a GET)
 * @param quorum     progress of a level that needs several approvals, or where the reader's own vote stands;
 *                   {@code null} for a level one approval decides, before anyone voted
 * @param handOver   whether the page offers to hand the request to a colleague
 */
public record ReviewPageView(String recipient, ApprovalView approval, ProposalView proposal,
                             EscalationView escalation, List<HistoryRow> history, String formAction,
                             String linkSecret, List<EditableParam> editable, ReviewFormState form,
                             QuorumView quorum, boolean handOver) {

    /** A review page for a level one approval decides, without the hand-over section. */
    public ReviewPageView(String recipient, ApprovalView approval, ProposalView proposal, EscalationView escalation,
                          List<HistoryRow> history, String formAction, String linkSecret,
                          List<EditableParam> editable, ReviewFormState form) {
        this(recipient, approval, proposal, escalation, history, formAction, linkSecret, editable, form, null, false);
    }

    /** Whether the reader already gave their verdict on this level (the page then shows it instead of the form). */
    public boolean voted() {
        return quorum != null && quorum.yourVote() != null;
    }

    public ReviewPageView {
        Fields.text(recipient, "ReviewPageView.recipient", "the link owner's name or address");
        Fields.required(approval, "ReviewPageView.approval", "an ApprovalView");
        Fields.required(proposal, "ReviewPageView.proposal", "a ProposalView");
        history = Fields.list(history, "ReviewPageView.history");
        Fields.text(linkSecret, "ReviewPageView.linkSecret", "the raw secret of the recipient's link");
        Fields.text(formAction, "ReviewPageView.formAction", "the decision endpoint, e.g. \"/decide\"");
        if (!isSameSitePath(formAction) && !WebLink.isWebLink(formAction)) {
            throw new IllegalArgumentException("ReviewPageView.formAction '" + formAction + "' is neither a path "
                    + "starting with one '/' nor an http(s) URL: pass the decision endpoint, e.g. \"/decide\"");
        }
        if (formAction.contains(linkSecret)) {
            throw new IllegalArgumentException("ReviewPageView.formAction contains the link secret: post to a path "
                    + "without it; the secret travels in the hidden field only");
        }
        editable = Fields.list(editable, "ReviewPageView.editable");
        form = form == null ? ReviewFormState.EMPTY : form;
    }

    /** The id of the field the form's problem is about: where the page's "Go to …" link leads. */
    public String problemField() {
        ReviewFormState.Problem problem = form.problem();
        if (problem == null) {
            return "decide";
        }
        return switch (problem) {
            case COMMENT_REQUIRED_TO_REJECT, COMMENT_TOO_LONG -> "comment";
            case RECEIPT_INVALID -> "receipt";
            case HAND_OVER_REASON -> "hand-over-reason";
            case HAND_OVER_ADDRESS, HAND_OVER_NOT_ALLOWED, HAND_OVER_AMBIGUOUS, HAND_OVER_NOT_DELIVERED ->
                    "hand-over-to";
            case MODIFICATION_NOT_ALLOWED, MODIFICATION_INVALID, MODIFICATION_REROUTED, MODIFICATION_UNCHECKED ->
                    editable.isEmpty() ? "decide" : "modify-0";
            default -> "decide";
        };
    }

    /** The words for {@link #problemField()}: "Go to the comment". */
    public String problemFieldName() {
        return switch (problemField()) {
            case "comment" -> "the comment";
            case "receipt" -> "the receipt box";
            case "hand-over-reason" -> "the reason for handing over";
            case "hand-over-to" -> "your colleague's address";
            case "modify-0" -> "the parameters";
            default -> "your decision";
        };
    }

    /** Whether any editable input differs from the proposal (the page then opens that section). */
    public boolean anyEditableChanged() {
        for (EditableParam e : editable) {
            if (e.changed()) {
                return true;
            }
        }
        return false;
    }

    private static boolean isSameSitePath(String action) {
        if (!action.startsWith("/") || action.startsWith("//")) {
            return false;
        }
        for (int i = 0; i < action.length(); i++) {
            char c = action.charAt(i);
            if (c <= 0x20 || c == '\\' || c == 0x7F) {
                return false;
            }
        }
        return true;
    }
}
