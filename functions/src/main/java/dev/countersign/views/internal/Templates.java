package dev.countersign.views.internal;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;

import java.util.Map;

/**
 * The three template sets, compiled to classes at build time by jte-maven-plugin. Each engine is built once, on
 * first use (a holder class each, so the request function never builds the pages' engine and the other way round).
 */
public final class Templates {

    private Templates() {
    }

    private static final class EmailHtml {
        static final TemplateEngine ENGINE = precompiled(ContentType.Html, "dev.countersign.views.generated.emailhtml");
    }

    private static final class EmailText {
        static final TemplateEngine ENGINE = precompiled(ContentType.Plain, "dev.countersign.views.generated.emailtext");
    }

    private static final class Pages {
        static final TemplateEngine ENGINE = precompiled(ContentType.Html, "dev.countersign.views.generated.pages");
    }

    private static TemplateEngine precompiled(ContentType type, String packageName) {
        // No class directory: the generated classes are on the function's own class path.
        return TemplateEngine.createPrecompiled(null, type, Templates.class.getClassLoader(), packageName);
    }

    /** An email's HTML part from {@code email-templates/html/<name>}. */
    public static String emailHtml(String name, Object view, Display display) {
        return render(EmailHtml.ENGINE, name, view, display, 24 * 1024);
    }

    /** An email's plain-text part from {@code email-templates/text/<name>}. */
    public static String emailText(String name, Object view, Display display) {
        return render(EmailText.ENGINE, name, view, display, 8 * 1024);
    }

    /** A page from {@code functions/src/main/jte/pages/<name>}. */
    public static String page(String name, Object view, Display display) {
        return render(Pages.ENGINE, name, view, display, 16 * 1024);
    }

    private static String render(TemplateEngine engine, String name, Object view, Display display, int capacity) {
        StringOutput out = new StringOutput(capacity);
        engine.render(name, Map.of("view", view, "d", display), out);
        return out.toString();
    }
}
