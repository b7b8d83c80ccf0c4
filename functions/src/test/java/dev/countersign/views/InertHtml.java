package dev.countersign.views;

import dev.countersign.views.internal.DisplayText;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.TextNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Parses rendered HTML the way a browser would (jsoup) and lists everything that could execute, load or reorder:
 * tags and attributes outside what the templates themselves write, event handlers, non-web links, sources,
 * styles that load, and raw bidi controls outside form controls.
 */
final class InertHtml {

    /** Every element the templates write; anything else came from data. */
    static final Set<String> TAGS = Set.of("html", "head", "meta", "title", "style", "body", "main", "div", "p",
            "span", "strong", "h1", "h2", "dl", "dt", "dd", "ul", "ol", "li", "a", "bdi", "br", "time", "form",
            "input", "textarea", "label", "button", "details", "summary", "footer", "nav", "select", "option");
    /** Every attribute the templates write. */
    static final Set<String> ATTRIBUTES = Set.of("lang", "dir", "charset", "name", "content", "style", "class",
            "href", "rel", "target", "datetime", "method", "action", "type", "value", "id", "for", "maxlength",
            "aria-describedby", "aria-invalid", "aria-hidden", "role", "open", "autocomplete", "spellcheck",
            "checked", "tabindex", "aria-labelledby", "aria-label", "autofocus", "inputmode", "selected");

    private InertHtml() {
    }

    static Document parse(String html) {
        return Jsoup.parse(html);
    }

    /** Every problem found; empty when the document is inert. */
    static List<String> problems(String html, Set<String> allowedHrefs) {
        Document doc = parse(html);
        List<String> problems = new ArrayList<>();
        for (Element e : doc.getAllElements()) {
            String tag = e.normalName();
            if (tag.equals("#root")) {
                continue;
            }
            if (!TAGS.contains(tag)) {
                problems.add("element <" + tag + "> is not one the templates write");
            }
            for (Attribute a : e.attributes()) {
                String name = a.getKey().toLowerCase(Locale.ROOT);
                if (name.startsWith("on")) {
                    problems.add("event handler attribute " + name + " on <" + tag + ">");
                } else if (!ATTRIBUTES.contains(name)) {
                    problems.add("attribute " + name + " on <" + tag + "> is not one the templates write");
                }
                if (name.equals("src") || name.equals("srcset") || name.equals("background")
                        || name.equals("poster") || name.equals("formaction") || name.equals("xlink:href")) {
                    problems.add("resource attribute " + name + "=" + a.getValue());
                }
                if (name.equals("style") && loads(a.getValue())) {
                    problems.add("style attribute that loads something: " + a.getValue());
                }
                // Form data goes back to the server unchanged and is never displayed as text around other text.
                boolean formValue = (tag.equals("input") || tag.equals("option"))
                        && (name.equals("value") || name.equals("name"));
                if (!formValue && a.getValue().codePoints().anyMatch(DisplayText::isBidiControl)) {
                    problems.add("raw bidi control in attribute " + name + " of <" + tag + ">");
                }
            }
            if (tag.equals("a")) {
                String href = e.attr("href");
                // A jump within the page ("#decide") is allowed when it names one of the page's own elements.
                boolean withinPage = href.matches("#[a-z][a-z0-9-]*") && doc.getElementById(href.substring(1)) != null;
                if (!withinPage && (!(href.startsWith("https://") || href.startsWith("http://"))
                        || !allowedHrefs.contains(href))) {
                    problems.add("link to something other than the review page or an evidence web link: " + href);
                }
            }
            if (tag.equals("style") && loads(e.data())) {
                problems.add("stylesheet that loads something");
            }
            if (tag.equals("meta") && e.hasAttr("http-equiv")) {
                problems.add("meta http-equiv " + e.attr("http-equiv"));
            }
        }
        for (Element e : doc.getAllElements()) {
            if (e.normalName().equals("textarea")) {
                continue;
            }
            for (TextNode t : e.textNodes()) {
                if (t.getWholeText().codePoints().anyMatch(DisplayText::isBidiControl)) {
                    problems.add("raw bidi control in the text of <" + e.normalName() + ">");
                }
            }
        }
        return problems;
    }

    static void assertInert(String html, Set<String> allowedHrefs) {
        assertThat(problems(html, allowedHrefs)).as("what could execute, load or reorder").isEmpty();
    }

    private static boolean loads(String css) {
        String c = css.toLowerCase(Locale.ROOT).replace(" ", "");
        return c.contains("url(") || c.contains("@import") || c.contains("expression(") || c.contains("image-set(")
                || c.contains("@font-face");
    }
}
