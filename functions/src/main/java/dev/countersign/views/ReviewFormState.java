package dev.countersign.views;

/**
 * What the review form shows: empty on a GET; on a refused POST, the approver's comment kept and the problem.
 *
 * @param comment the comment to show in the textarea ("" when none)
 * @param problem why the last POST was refused, or {@code null}
 */
public record ReviewFormState(String comment, Problem problem) {

    /** The form as a GET shows it. */
    public static final ReviewFormState EMPTY = new ReviewFormState("", null);

    public ReviewFormState {
        comment = comment == null ? "" : comment;
    }

    /** A POST the handler refused without recording anything; the page explains and keeps the input. */
    public enum Problem {
        COMMENT_REQUIRED_TO_REJECT("To reject, write a comment saying why: the requester and the audit trail need "
                + "the reason. Nothing was recorded yet."),
        COMMENT_TOO_LONG("Your comment is longer than " + ReviewForm.COMMENT_MAX_LENGTH + " characters: shorten it "
                + "and press the button again. Nothing was recorded yet."),
        NO_DECISION_CHOSEN("Press Approve or Reject to decide. Nothing was recorded yet.");

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
    }
}
