package dev.countersign.views;

/**
 * The review page's form contract: the field names the page posts and the decision handler reads.
 * The approver's identity is never a form field; it comes from the link's record.
 */
public final class ReviewForm {

    /** Hidden field carrying the raw link secret of this recipient's link. */
    public static final String SECRET = "secret";
    /** The pressed button: {@link #APPROVE} or {@link #REJECT}. */
    public static final String DECISION = "decision";
    public static final String APPROVE = "approve";
    public static final String REJECT = "reject";
    /** The approver's comment; required when rejecting (the handler enforces it and re-renders with a problem). */
    public static final String COMMENT = "comment";
    /** The hand-over button's {@link #DECISION} value: give the request to a colleague instead of deciding. */
    public static final String HAND_OVER = "hand-over";
    /** The colleague's email address in the hand-over form. */
    public static final String HAND_OVER_TO = "handOverTo";
    /** Why the request is handed over (required). */
    public static final String HAND_OVER_REASON = "handOverReason";
    /** Longest hand-over reason the page accepts (the store's limit for reasons). */
    public static final int HAND_OVER_REASON_MAX_LENGTH = 500;
    /** Prefix of an edited parameter's field name; the rest is the parameter's {@link ParamRow#path()}. */
    public static final String MODIFY_PREFIX = "modify:";
    /** Longest comment the page accepts (the textarea says so; the handler must enforce it). */
    public static final int COMMENT_MAX_LENGTH = 2000;
    /**
     * The "Email me a receipt" checkbox: absent means no receipt, {@link #RECEIPT_YES} asks for one, and any other
     * value is refused. Off by default because an email is a third of the cost budget of an approval.
     */
    public static final String RECEIPT = "receipt";
    /** The value the ticked {@link #RECEIPT} checkbox posts. */
    public static final String RECEIPT_YES = "yes";

    private ReviewForm() {
    }
}
