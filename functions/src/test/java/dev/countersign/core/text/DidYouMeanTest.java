package dev.countersign.core.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DidYouMeanTest {
    private static final List<String> OPTIONS = List.of("senderAddress", "senderDomain", "baseUrl", "routingFile",
            "finance-leads", "editors");

    @ParameterizedTest
    @CsvSource({
        "sendrAddress, senderAddress",
        "SENDERADDRESS, senderAddress",
        "baseURL, baseUrl",
        "routing, routingFile",
        "finance-lead, finance-leads",
        "editor, editors",
    })
    void closest_suggestsTheKnownNameATypoMeant(String given, String expected) {
        assertThat(DidYouMean.closest(given, OPTIONS)).isEqualTo(expected);
    }

    @Test
    void closest_suggestsNothing_whenNothingIsClose() {
        // A far-fetched suggestion misleads more than none: "memory" is not a typo of anything here.
        assertThat(DidYouMean.closest("memory", OPTIONS)).isNull();
        assertThat(DidYouMean.closest("", OPTIONS)).isNull();
        assertThat(DidYouMean.closest("x".repeat(65), List.of("x".repeat(65)))).isNull();
        assertThat(DidYouMean.closest("editors", List.of())).isNull();
    }

    @Test
    void distance_countsInsertionsDeletionsAndSubstitutions() {
        assertThat(DidYouMean.distance("kitten", "sitting")).isEqualTo(3);
        assertThat(DidYouMean.distance("", "abc")).isEqualTo(3);
        assertThat(DidYouMean.distance("same", "same")).isZero();
    }
}
