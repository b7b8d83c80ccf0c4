package dev.countersign.views;

import dev.countersign.views.internal.PageStyle;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

class SecurityHeadersTest {

    @Test
    void everyResponseHeaderIsStrict() {
        assertThat(SecurityHeaders.ALL).containsOnlyKeys("Content-Security-Policy", "Cache-Control",
                "Referrer-Policy", "X-Content-Type-Options", "X-Frame-Options", "Permissions-Policy",
                "Cross-Origin-Opener-Policy", "Cross-Origin-Resource-Policy");
        assertThat(SecurityHeaders.ALL).contains(entry("Cache-Control", "no-store"),
                entry("Referrer-Policy", "no-referrer"), entry("X-Content-Type-Options", "nosniff"),
                entry("X-Frame-Options", "DENY"));
    }

    @Test
    void csp_allowsNoScript_onlyTheHashedStylesheet_andSameOriginForms() {
        assertThat(SecurityHeaders.CONTENT_SECURITY_POLICY).isEqualTo("default-src 'none'; style-src "
                + PageStyle.CSP_SOURCE + "; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
        assertThat(SecurityHeaders.CONTENT_SECURITY_POLICY).doesNotContain("script-src", "unsafe-inline",
                "unsafe-eval", "*");
    }

    @Test
    void renderedPageHeaders_addTheContentTypeToEverySecurityHeader() {
        RenderedPage page = new PageRenderer(SampleViews.CLOCK).linkNotValid();
        assertThat(page.headers()).containsEntry("Content-Type", "text/html; charset=utf-8")
                .containsAllEntriesOf(SecurityHeaders.ALL);
    }
}
