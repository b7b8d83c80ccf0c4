package dev.countersign.views.internal;

import gg.jte.html.HtmlTemplateOutput;
import gg.jte.html.OwaspHtmlTemplateOutput;
import gg.jte.output.StringOutput;

/**
 * Output buffers for the generated template classes. The renderers call those classes' static {@code render}
 * methods directly (jte-maven-plugin names them {@code Jte<name>Generated}): no TemplateEngine, no reflection, and a
 * template whose parameters no longer match its view record fails the build instead of a request. On a cold JVM this
 * saves ~15 ms and ~160 loaded classes compared with {@code TemplateEngine.createPrecompiled} + {@code render}.
 */
public final class TemplateOutputs {

    private TemplateOutputs() {
    }

    /** A buffer for a template's output. */
    public static StringOutput buffer(int capacity) {
        return new StringOutput(capacity);
    }

    /** jte's context-aware HTML escaping over {@code buffer}: what every HTML template must be given. */
    public static HtmlTemplateOutput html(StringOutput buffer) {
        return new OwaspHtmlTemplateOutput(buffer);
    }
}
