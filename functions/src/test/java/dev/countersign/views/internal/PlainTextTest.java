package dev.countersign.views.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PlainTextTest {

    @Test
    void wrap_breaksAtSpaces_keepsParagraphs_andIndentsEveryLine() {
        String text = "one two three ".repeat(10).strip() + "\n\nsecond paragraph";
        String wrapped = PlainText.wrap(text, 2);
        assertThat(wrapped.lines()).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(PlainText.WIDTH));
        assertThat(wrapped.lines().filter(l -> !l.isEmpty())).allSatisfy(l -> assertThat(l).startsWith("  "));
        assertThat(wrapped).contains("\n\n  second paragraph");
        assertThat(wrapped.replaceAll("\\s+", " ").strip()).isEqualTo(text.replaceAll("\\s+", " "));
    }

    @Test
    void wrap_cutsAWordLongerThanALine_intoLineSizedPieces() {
        String word = "W".repeat(10_000);
        String wrapped = PlainText.wrap(word, 4);
        assertThat(wrapped.lines()).allSatisfy(l -> {
            assertThat(l.length()).isLessThanOrEqualTo(PlainText.WIDTH);
            assertThat(l).startsWith("    W");
        });
        // Nothing lost, nothing added but line breaks and indentation.
        assertThat(wrapped.replace("\n", "").replace(" ", "")).isEqualTo(word);
    }

    @Test
    void wrap_countsCharactersNotUtf16Units() {
        String wrapped = PlainText.wrap("😀".repeat(100), 0);
        assertThat(wrapped.lines().findFirst().orElseThrow().codePointCount(0, 
                wrapped.lines().findFirst().orElseThrow().length())).isEqualTo(PlainText.WIDTH);
        assertThat(wrapped).doesNotContain("\uFFFD");
    }
}
