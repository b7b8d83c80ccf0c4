package dev.countersign.views.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DisplayTextTest {

    @Test
    void block_keepsLineBreaks_andMarksEveryBidiAndControlCharacter() {
        assertThat(DisplayText.block("a\r\nb\rc\u2028d\te")).isEqualTo("a\nb\nc\nd\te");
        assertThat(DisplayText.block("pay \u202Eexe.fdp\u202C now")).isEqualTo("pay [U+202E]exe.fdp[U+202C] now");
        assertThat(DisplayText.block("\u2066x\u2069\u200F\u061C")).isEqualTo("[U+2066]x[U+2069][U+200F][U+061C]");
        assertThat(DisplayText.block("bell\u0007 esc\u001B[31m del\u007F c1\u0085"))
                .isEqualTo("bell[U+0007] esc[U+001B][31m del[U+007F] c1[U+0085]");
        assertThat(DisplayText.block(null)).isEmpty();
    }

    @Test
    void invisibleFormatCharacters_areMarked_likeBidiControls() {
        // "pay\u200Bpal" reads as "paypal"; a tag character can smuggle text nobody sees.
        assertThat(DisplayText.line("pay\u200Bpal \u2060x\uFEFFy soft\u00ADhyphen \uDB40\uDC41"))
                .isEqualTo("pay[U+200B]pal [U+2060]x[U+FEFF]y soft[U+00AD]hyphen [U+E0041]");
        assertThat(DisplayText.block("a\u2061b\u180Ec")).isEqualTo("a[U+2061]b[U+180E]c");
        // Joiners shape scripts and emoji; they stay as they are.
        assertThat(DisplayText.line("\u0645\u200C\u0627 \uD83D\uDC69\u200D\uD83D\uDCBB"))
                .isEqualTo("\u0645\u200C\u0627 \uD83D\uDC69\u200D\uD83D\uDCBB");
    }

    @Test
    void headerLine_dropsInvisibleFormatCharacters_asItDropsBidiControls() {
        assertThat(DisplayText.headerLine("Refund\u200B to \uFEFForder\u2060 8812", 100))
                .isEqualTo("Refund to order 8812");
    }

    @Test
    void line_turnsEveryBreakIntoASpace() {
        assertThat(DisplayText.line("a\r\nb\nc\td\u2029e")).isEqualTo("a b c d e");
    }

    @Test
    void neutralise_replacesUnpairedSurrogates_andKeepsPairedOnes() {
        assertThat(DisplayText.line("ok😀")).isEqualTo("ok😀");
        assertThat(DisplayText.line("bad\uD800x\uDC00")).isEqualTo("bad\uFFFDx\uFFFD");
    }

    @Test
    void cleanText_isReturnedAsIs() {
        String clean = "Refund $1,250.00 — شكرا — 日本";
        assertThat(DisplayText.block(clean)).isSameAs(clean);
    }

    @Test
    void headerLine_removesControlsAndBidi_collapsesWhitespace_andBoundsLength() {
        assertThat(DisplayText.headerLine(" Refund\r\n\tBcc: x@example.com\u0000 \u202Eok ", 100))
                .isEqualTo("Refund Bcc: x@example.com ok");
        assertThat(DisplayText.headerLine("a".repeat(150), 100)).hasSize(100).endsWith("a…");
        assertThat(DisplayText.headerLine(null, 10)).isEmpty();
    }
}
