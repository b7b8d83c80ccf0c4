package dev.countersign.approval;

/** A page token that this list did not issue (edited, expired with a key change, or from another list). */
public final class InvalidPageTokenException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidPageTokenException(String list) {
        super("pageToken is not a token of " + list + " (it was changed, or belongs to another list): ask for the"
                + " first page again without pageToken");
    }
}
