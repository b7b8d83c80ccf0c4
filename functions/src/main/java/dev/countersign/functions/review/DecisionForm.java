package dev.countersign.functions.review;

import dev.countersign.approval.ApprovalRecord;
import dev.countersign.approval.ApprovalStatus;
import dev.countersign.approval.Verdict;
import dev.countersign.functions.internal.FormBody;
import dev.countersign.functions.internal.ParameterChanges;
import dev.countersign.views.ReviewForm;
import dev.countersign.views.ReviewFormState;
import java.util.Map;

/**
 * What a review form POST asks for, read and checked without I/O: a verdict to record, a hand-over, or nothing that
 * may be recorded (with the form to show again, keeping what the approver typed).
 */
public sealed interface DecisionForm {

    /**
     * Nothing may be recorded.
     *
     * @param shown the review page's form with the problem named, or null when the link does not decide anything now
     *              (its state page answers)
     * @param edits the parameter values as typed, shown again
     */
    record Invalid(ReviewFormState shown, Map<String, String> edits) implements DecisionForm {
    }

    /**
     * A verdict to record.
     *
     * @param comment      the comment as recorded (cleaned; null when none)
     * @param typed        the comment as typed, to show again should the store refuse
     * @param changes      parameter changes to approve, or null
     * @param receiptAsked whether the approver ticked "Email me a receipt"
     */
    record Decide(Verdict verdict, String comment, String typed, ParameterChanges.Changed changes,
                  boolean receiptAsked, Map<String, String> edits) implements DecisionForm {
    }

    /** The request handed to a colleague: the fields as typed (checked by {@link HandOver}). */
    record HandOverAsked(String typedTo, String typedReason) implements DecisionForm {
    }

    /** Reads {@code form} for {@code link}; {@code rerouting} routes a changed proposal again. */
    static DecisionForm read(FormBody form, ReviewLink link, ParameterChanges.Rerouting rerouting) {
        if (ReviewForm.HAND_OVER.equals(form.get(ReviewForm.DECISION))) {
            return new HandOverAsked(orEmpty(form.get(ReviewForm.HAND_OVER_TO)),
                    orEmpty(form.get(ReviewForm.HAND_OVER_REASON)));
        }
        Verdict verdict = verdict(form.get(ReviewForm.DECISION));
        String typed = orEmpty(form.get(ReviewForm.COMMENT));
        String comment = clean(typed);
        Map<String, String> edits = form.withPrefix(ReviewForm.MODIFY_PREFIX);
        // Strict: the checkbox posts "yes" or nothing, so anything else is a crafted or broken form.
        String receiptField = form.get(ReviewForm.RECEIPT);
        boolean receiptAsked = ReviewForm.RECEIPT_YES.equals(receiptField);
        boolean receiptInvalid = receiptField != null && !receiptAsked;
        ApprovalRecord approval = link.approval();

        if (!link.open()) {
            boolean expiredButPending = link.expired() && approval.status() == ApprovalStatus.PENDING
                    && approval.currentLevel() == link.level();
            if (expiredButPending || verdict == null || receiptInvalid) {
                // The link's time is up (the timeout step has not run yet), or the form is not one the page posts:
                // nothing to record.
                return new Invalid(null, edits);
            }
            return new Decide(verdict, comment == null ? null : clip(comment, ReviewForm.COMMENT_MAX_LENGTH), typed,
                    null, receiptAsked, edits);
        }
        if (receiptInvalid) {
            return new Invalid(new ReviewFormState(typed, ReviewFormState.Problem.RECEIPT_INVALID, "Field '"
                    + ReviewForm.RECEIPT + "' was '" + clip(receiptField, 40) + "'; it accepts only '"
                    + ReviewForm.RECEIPT_YES + "', or no field at all for no receipt.", "", ""), edits);
        }
        ReviewFormState.Problem problem = verdict == null ? ReviewFormState.Problem.NO_DECISION_CHOSEN
                : verdict == Verdict.REJECT && comment == null
                ? ReviewFormState.Problem.COMMENT_REQUIRED_TO_REJECT
                : comment != null && comment.length() > ReviewForm.COMMENT_MAX_LENGTH
                ? ReviewFormState.Problem.COMMENT_TOO_LONG : null;
        String handOverTo = form.get(ReviewForm.HAND_OVER_TO);
        if (verdict != null && handOverTo != null && !handOverTo.isBlank()) {
            // Enter in the hand-over fields submits the form's first button (Approve): never decide on that.
            return new Invalid(new ReviewFormState(typed, ReviewFormState.Problem.HAND_OVER_AMBIGUOUS, "", handOverTo,
                    form.get(ReviewForm.HAND_OVER_REASON), receiptAsked), edits);
        }
        ParameterChanges.Requested requested = ParameterChanges.read(edits, link.proposal(),
                approval.level(link.level()), approval.terms(link.level()),
                verdict == Verdict.APPROVE ? rerouting : changed -> null);
        if (requested instanceof ParameterChanges.Refused refused
                && (verdict == Verdict.APPROVE || refused.reason() == ParameterChanges.Refusal.NOT_ALLOWED)) {
            // A change the rule does not allow (or an invalid value) is refused whole: nothing is recorded. Values
            // matter only to an approval (a rejection changes nothing), but a crafted field is refused either way.
            return new Invalid(new ReviewFormState(typed, switch (refused.reason()) {
                case NOT_ALLOWED -> ReviewFormState.Problem.MODIFICATION_NOT_ALLOWED;
                case INVALID -> ReviewFormState.Problem.MODIFICATION_INVALID;
                case REROUTED -> ReviewFormState.Problem.MODIFICATION_REROUTED;
                case UNCHECKED -> ReviewFormState.Problem.MODIFICATION_UNCHECKED;
            }, refused.detail(), "", "", receiptAsked), edits);
        }
        if (problem != null) {
            return new Invalid(new ReviewFormState(typed, problem).withReceipt(receiptAsked), edits);
        }
        ParameterChanges.Changed changes = verdict == Verdict.APPROVE
                && requested instanceof ParameterChanges.Changed changed ? changed : null;
        return new Decide(verdict, comment, typed, changes, receiptAsked, edits);
    }

    /** Text as recorded: trimmed, invisible control characters removed (line breaks and tabs kept); null if empty. */
    static String clean(String typed) {
        StringBuilder clean = new StringBuilder(typed.length());
        typed.codePoints().filter(c -> !Character.isISOControl(c) || c == '\n' || c == '\r' || c == '\t')
                .forEach(clean::appendCodePoint);
        String text = clean.toString().strip();
        return text.isEmpty() ? null : text;
    }

    static String clip(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    private static Verdict verdict(String value) {
        if (ReviewForm.APPROVE.equals(value)) {
            return Verdict.APPROVE;
        }
        if (ReviewForm.REJECT.equals(value)) {
            return Verdict.REJECT;
        }
        return null;
    }
}
