package dev.countersign.views;

import dev.countersign.views.internal.Fields;

/**
 * A parameter the routing rule lets this approver change before approving.
 *
 * @param path     the parameter's path (the form field is {@link ReviewForm#MODIFY_PREFIX} + path)
 * @param original the proposed value
 * @param value    what the input shows: the original, or what the approver submitted when the page is re-rendered
 */
public record EditableParam(String path, String original, String value) {

    public EditableParam {
        Fields.text(path, "EditableParam.path", "the parameter's path");
        Fields.required(original, "EditableParam.original", "the proposed value as text");
        value = value == null ? original : value;
    }

    /** The form field's name. */
    public String fieldName() {
        return ReviewForm.MODIFY_PREFIX + path;
    }

    /**
     * Whether the proposed value spans lines (an article's body, a reply): the page offers a text area, since a
     * one-line input would drop the line breaks and so change the text without anyone touching it.
     */
    public boolean multiline() {
        return original.indexOf('\n') >= 0;
    }

    /** Whether the input differs from the proposal (the page opens the section then). */
    public boolean changed() {
        return !value.equals(original);
    }
}
