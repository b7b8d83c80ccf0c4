package dev.countersign.views.internal;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

class PageStyleTest {

    @Test
    void cspSource_isTheHashOfTheStylesheet() throws Exception {
        String hash = "'sha256-" + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                .digest(PageStyle.CSS.getBytes(StandardCharsets.UTF_8))) + "'";
        // A stale hash makes browsers block the stylesheet: every page would show unstyled.
        assertThat(PageStyle.CSP_SOURCE).as("PageStyle.CSS changed: set PageStyle.CSP_SOURCE to %s", hash)
                .isEqualTo(hash);
    }

    @Test
    void stylesheet_loadsNothing_andWrapsLongWords() {
        assertThat(PageStyle.CSS).doesNotContain("url(", "@import", "@font-face", "expression(", "</");
        assertThat(PageStyle.CSS).contains("overflow-wrap:anywhere", "unicode-bidi:isolate");
    }
}
