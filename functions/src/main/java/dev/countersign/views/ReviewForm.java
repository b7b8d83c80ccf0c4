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
    /** Prefix of an edited parameter's field name; the rest is the parameter's {@link ParamRow#path()}. */
    public static final String MODIFY_PREFIX = "modify:";
    /** Longest comment the page accepts (the textarea says so; the handler must enforce it). */
    public static final int COMMENT_MAX_LENGTH = 2000;

    private ReviewForm() {
    }
}
