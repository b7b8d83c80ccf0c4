package dev.countersign.views;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The escaping tests are only as good as their oracle: it must see what an unescaped value would do. */
class InertHtmlTest {

    @Test
    void oracle_findsUnescapedMarkup() {
        String html = "<!DOCTYPE html><html><body><p>x\"><img src=x onerror=alert(1)></p>"
                + "<script>alert(1)</script><a href=\"javascript:alert(1)\">a</a>"
                + "<div style=\"background:url(https://t.example/p.gif)\">\u202Eabc</div></body></html>";
        assertThat(String.join("\n", InertHtml.problems(html, Set.of()))).contains(
                "element <img>", "event handler attribute onerror", "resource attribute src=x", "element <script>",
                "link to something other than the review page", "style attribute that loads something",
                "raw bidi control in the text of <div>");
    }

    @Test
    void oracle_acceptsWhatTheTemplatesWrite() {
        String html = "<!DOCTYPE html><html lang=\"en\"><body><p class=\"x\"><bdi>&lt;script&gt;</bdi>"
                + "<a href=\"https://ok.example/\" rel=\"noopener\">ok</a></p></body></html>";
        assertThat(InertHtml.problems(html, Set.of("https://ok.example/"))).isEmpty();
    }
}
