package dev.countersign.views;

import dev.countersign.views.internal.Fields;

import java.util.List;

/**
 * A parameter the routing rule lets this approver change before approving, with what it may become.
 *
 * @param path          the parameter's name (the form field is {@link ReviewForm#MODIFY_PREFIX} + path)
 * @param original      the proposed value as the page shows it ("EUR 1,500.00")
 * @param originalInput the proposed value as the input holds it ("1500.00"): what an unchanged field posts
 * @param value         what the input shows: the original, or what the approver submitted when the page is
 *                      re-rendered
 * @param input         which control the page offers
 * @param prefix        written before the input ("EUR"), or ""
 * @param suffix        written after the input ("%", "kg"), or ""
 * @param bounds        what the value may become, one sentence ("From EUR 0.01 to EUR 1,500.00, the proposed
 *                      value."), or ""
 * @param choices       the values a {@link Input#CHOICE} offers, in order; empty otherwise
 * @param maxLength     the most characters a text input takes; 0 for other inputs
 */
public record EditableParam(String path, String original, String originalInput, String value, Input input,
                            String prefix, String suffix, String bounds, List<String> choices, int maxLength) {

    /** The control for one parameter. */
    public enum Input {
        /** A number, typed. */
        NUMBER,
        /** One line of text. */
        LINE,
        /** Text with line breaks: a text area. */
        MULTILINE,
        /** One of {@link #choices}: a drop-down. */
        CHOICE
    }

    public EditableParam {
        Fields.text(path, "EditableParam.path", "the parameter's path");
        Fields.required(original, "EditableParam.original", "the proposed value as text");
        originalInput = originalInput == null ? original : originalInput;
        value = value == null ? originalInput : value;
        input = input == null ? Input.LINE : input;
        prefix = prefix == null ? "" : prefix;
        suffix = suffix == null ? "" : suffix;
        bounds = bounds == null ? "" : bounds;
        choices = Fields.list(choices, "EditableParam.choices");
    }

    /** A one-line text field without stated bounds. */
    public EditableParam(String path, String original, String value) {
        this(path, original, original, value, Input.LINE, "", "", "", List.of(), 0);
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
        return !value.equals(originalInput);
    }

    /** The id of the sentence that states the bounds (for {@code aria-describedby}). */
    public String hintId(int index) {
        return "modify-" + index + "-hint";
    }
}
