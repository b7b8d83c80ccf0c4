package dev.countersign.views;

/**
 * What the review form shows: empty on a GET; on a refused POST, the approver's input kept and the problem.
 *
 * @param comment        the comment to show in the textarea ("" when none)
 * @param problem        why the last POST was refused, or {@code null}
 * @param detail         what exactly was wrong (which parameter, which address), shown under the problem; "" when none
 * @param handOverTo     the colleague's address as typed in the hand-over form ("" when none)
 * @param handOverReason the hand-over reason as typed ("" when none)
 * @param receipt        whether the "Email me a receipt" box is ticked (a GET shows it unticked)
 */
public record ReviewFormState(String comment, Problem problem, String detail, String handOverTo,
                              String handOverReason, boolean receipt) {

    /** The form as a GET shows it. */
    public static final ReviewFormState EMPTY = new ReviewFormState("", null);

    public ReviewFormState {
        comment = comment == null ? "" : comment;
        detail = detail == null ? "" : detail;
        handOverTo = handOverTo == null ? "" : handOverTo;
        handOverReason = handOverReason == null ? "" : handOverReason;
    }

    /** A refused POST with the receipt box unticked. */
    public ReviewFormState(String comment, Problem problem, String detail, String handOverTo, String handOverReason) {
        this(comment, problem, detail, handOverTo, handOverReason, false);
    }

    /** A refused decision: the comment kept, the problem named. */
    public ReviewFormState(String comment, Problem problem) {
        this(comment, problem, "", "", "");
    }

    /** The same form with the receipt box as the refused POST had it, so a second press keeps the choice. */
    public ReviewFormState withReceipt(boolean ticked) {
        return new ReviewFormState(comment, problem, detail, handOverTo, handOverReason, ticked);
    }

    /** A POST the handler refused without recording anything; the page explains and keeps the input. */
    public enum Problem {
        COMMENT_REQUIRED_TO_REJECT("To reject, write a comment saying why: the requester and the audit trail need "
                + "the reason. Nothing was recorded yet."),
        COMMENT_TOO_LONG("Your comment is longer than " + ReviewForm.COMMENT_MAX_LENGTH + " characters: shorten it "
                + "and press the button again. Nothing was recorded yet."),
        NO_DECISION_CHOSEN("Press Approve or Reject to decide. Nothing was recorded yet."),
        MODIFICATION_NOT_ALLOWED("You changed a parameter that may not be changed on this request. Nothing was"
                + " recorded: approve or reject the parameters as proposed, or change only those offered below."),
        MODIFICATION_INVALID("A changed parameter is not allowed as you entered it: correct it and press Approve"
                + " again. Nothing was recorded yet."),
        MODIFICATION_REROUTED("Your change would send this request to other approvers, so it cannot be approved"
                + " here. Nothing was recorded: approve the request as proposed, choose a value this rule still"
                + " covers, or reject it and say in your comment what you would approve."),
        MODIFICATION_UNCHECKED("Changes cannot be approved here: the changed request could not be checked against"
                + " the routing rules. Nothing was recorded: approve the request as proposed, or reject it and say in"
                + " your comment what you would approve."),
        HAND_OVER_ADDRESS("To hand this request over, give your colleague's email address (name@example.com)."
                + " Nothing was recorded yet."),
        HAND_OVER_REASON("To hand this request over, say why in a few words (up to "
                + ReviewForm.HAND_OVER_REASON_MAX_LENGTH + " characters). Nothing was recorded yet."),
        HAND_OVER_NOT_ALLOWED("This request cannot be handed to that person. Nothing was recorded; choose someone"
                + " else or decide yourself."),
        HAND_OVER_AMBIGUOUS("You filled in a colleague's address but pressed Approve or Reject (or Enter). Nothing"
                + " was recorded: press Hand over to hand the request over, or empty the address to decide yourself."),
        HAND_OVER_NOT_DELIVERED("Your colleague could not be emailed, so the request stays with you. Check the"
                + " address, or decide yourself."),
        RECEIPT_INVALID("The form's '" + ReviewForm.RECEIPT + "' field may only be '" + ReviewForm.RECEIPT_YES
                + "' (the box ticked) or left out (no receipt). Nothing was recorded: tick or untick the box below"
                + " and press the button again.");

        private final String message;

        Problem(String message) {
            this.message = message;
        }

        /** What the page says, naming what to do. */
        public String message() {
            return message;
        }

        /** Whether the problem is about the comment field (the page marks that field). */
        public boolean concernsComment() {
            return this == COMMENT_REQUIRED_TO_REJECT || this == COMMENT_TOO_LONG;
        }

        /** Whether the problem is about a changed parameter (the page opens that section and marks the fields). */
        public boolean concernsParameters() {
            return this == MODIFICATION_NOT_ALLOWED || this == MODIFICATION_INVALID || this == MODIFICATION_REROUTED
                    || this == MODIFICATION_UNCHECKED;
        }

        /** Whether the problem is about the receipt checkbox (the page marks it). */
        public boolean concernsReceipt() {
            return this == RECEIPT_INVALID;
        }

        /** Whether the problem is about the hand-over form (the page opens that section and marks its fields). */
        public boolean concernsHandOver() {
            return this == HAND_OVER_ADDRESS || this == HAND_OVER_REASON || this == HAND_OVER_NOT_ALLOWED
                    || this == HAND_OVER_NOT_DELIVERED || this == HAND_OVER_AMBIGUOUS;
        }
    }
}
