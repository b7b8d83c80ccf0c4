package dev.countersign.views.internal;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class WebLinkTest {

    @ParameterizedTest
    @ValueSource(strings = {"https://shop.example.com/orders/8812", "http://localhost:8080/r?l=abc",
            "HTTPS://EXAMPLE.COM/", "https://example.com/a%20b?q=1#frag"})
    void httpAndHttps_becomeLinks(String url) {
        assertThat(WebLink.isWebLink(url)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)",
            "java\tscript:alert(1)", "java\nscript:alert(1)", "data:text/html,<script>alert(1)</script>",
            "vbscript:msgbox(1)", "mailto:a@example.com", "file:///etc/passwd", "//evil.example/x", "/relative",
            "https://bank.example.com@evil.example/", "https://user:pw@example.com/", "https:///nohost",
            "https://example.com/\"><script>", " https://example.com", "https://example.com/\u202Efdp.exe", "",
            "https://exa mple.com/", "https:example.com"})
    void everythingElse_staysText(String url) {
        assertThat(WebLink.isWebLink(url)).as(url).isFalse();
        assertThat(WebLink.orNull(url)).isNull();
        assertThat(WebLink.host(url)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {WebLink.MAX_LENGTH + 1})
    void overlongUrls_stayText(int length) {
        String url = "https://example.com/" + "a".repeat(length - 20);
        assertThat(url).hasSize(length);
        assertThat(WebLink.isWebLink(url)).isFalse();
    }
}
