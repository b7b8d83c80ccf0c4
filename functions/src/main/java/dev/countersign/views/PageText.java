package dev.countersign.views;

import dev.countersign.views.internal.DisplayText;
import dev.countersign.views.internal.TemplateOutputs;
import gg.jte.html.HtmlTemplateOutput;
import gg.jte.output.StringOutput;

/**
 * For pages rendered outside this module (the local runtime's mailbox): the same neutralising of untrusted text and
 * the same escaping template output the review pages use, without reaching into {@code views.internal}.
 */
public final class PageText {
    private PageText() {
    }

    /** Single-line text with every control, bidi and line-break character made harmless and visible. */
    public static String line(String text) {
        return DisplayText.line(text);
    }

    /** Multi-line text: line breaks kept, every other control or bidi character made harmless and visible. */
    public static String block(String text) {
        return DisplayText.block(text);
    }

    /** A buffer for a generated template's output. */
    public static StringOutput buffer(int capacity) {
        return TemplateOutputs.buffer(capacity);
    }

    /** jte's context-aware HTML escaping over {@code buffer}: what every HTML template must be given. */
    public static HtmlTemplateOutput html(StringOutput buffer) {
        return TemplateOutputs.html(buffer);
    }
}
