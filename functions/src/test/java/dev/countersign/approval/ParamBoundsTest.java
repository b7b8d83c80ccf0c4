package dev.countersign.approval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.core.json.Json;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What an approver may change a parameter to: the bounds of each kind, checked without I/O. */
class ParamBoundsTest {
    private static final ParamBounds.Number LOWER_ONLY = new ParamBounds.Number("amount",
            new ParamBounds.Limit(new BigDecimal("0.01")), ParamBounds.Limit.PROPOSED_VALUE, 2);

    private static String breach(ParamBounds bounds, JsonNode proposed, JsonNode changed) {
        return bounds.breach(proposed, changed, ParamBounds.NumberText.PLAIN);
    }

    private static JsonNode n(String number) {
        return Json.number(new BigDecimal(number));
    }

    @Test
    void aNumberUpToTheProposedValue_refusesARaise_andANegative_andAcceptsALowerAmount() {
        JsonNode proposed = Json.nodes().numberNode(new BigDecimal("1500.00"));

        assertThat(breach(LOWER_ONLY, proposed, n("5000000")))
                .isEqualTo("may be at most 1500.00, the proposed value; you entered 5000000");
        assertThat(breach(LOWER_ONLY, proposed, n("-100"))).isEqualTo("may be no less than 0.01; you entered -100");
        assertThat(breach(LOWER_ONLY, proposed, n("1200.5"))).isNull();
        assertThat(breach(LOWER_ONLY, proposed, n("1500"))).isNull();
    }

    @Test
    void decimals_limitTheDigitsAfterThePoint() {
        JsonNode proposed = n("1500");

        assertThat(breach(LOWER_ONLY, proposed, n("12.345")))
                .isEqualTo("may have at most 2 digits after the point; you entered 12.345");
        ParamBounds.Number whole = new ParamBounds.Number("seats", new ParamBounds.Limit(BigDecimal.ONE),
                new ParamBounds.Limit(BigDecimal.TEN), 0);
        assertThat(breach(whole, n("4"), n("2.5"))).isEqualTo("must be a whole number; you entered 2.5");
    }

    @Test
    void aNumberADoubleCannotHoldExactly_isRefused_neverRounded() {
        ParamBounds.Number anything = new ParamBounds.Number("id", new ParamBounds.Limit(BigDecimal.ZERO),
                new ParamBounds.Limit(new BigDecimal("1e30")), null);

        // 12345678901234567 as a double is 12345678901234568: hashing and recording that would change the value.
        assertThat(breach(anything, n("1"), n("12345678901234567"))).isEqualTo("has more digits than a JSON number"
                + " holds exactly: 12345678901234567 would be recorded as 12345678901234568; enter at most 15"
                + " significant digits");
        assertThat(breach(anything, n("1"), n("0.12345678901234567891"))).startsWith("has more digits");
        assertThat(breach(anything, n("1"), n("9007199254740991"))).isNull();
        assertThat(breach(anything, n("1"), n("100000000000000000000"))).isNull();
    }

    @Test
    void aDecimalString_isANumberToo_andStaysAString() {
        JsonNode proposed = Json.nodes().textNode("1500.00");

        assertThat(LOWER_ONLY.fits(proposed)).isTrue();
        assertThat(breach(LOWER_ONLY, proposed, Json.nodes().textNode("1600"))).startsWith("may be at most 1500.00");
        assertThat(breach(LOWER_ONLY, proposed, Json.nodes().textNode("99.90"))).isNull();
        // A number where a string was proposed (or the reverse) changes the parameter's type: refused.
        assertThat(breach(LOWER_ONLY, proposed, n("99.9"))).isEqualTo("must be a number");
        assertThat(LOWER_ONLY.fits(Json.nodes().textNode("fifteen"))).isFalse();
    }

    @Test
    void text_isBoundedInLength_notBlank_oneLineUnlessMultiline_andFreeOfHiddenCharacters() {
        ParamBounds.Text headline = new ParamBounds.Text("headline", 10, false);
        JsonNode proposed = Json.nodes().textNode("Old");

        assertThat(breach(headline, proposed, Json.nodes().textNode("A new title"))).isEqualTo("may be at most 10"
                + " characters long; yours has 11");
        assertThat(breach(headline, proposed, Json.nodes().textNode("  "))).startsWith("may not be empty");
        assertThat(breach(headline, proposed, Json.nodes().textNode("Two\nlines"))).startsWith("must be one line");
        assertThat(breach(new ParamBounds.Text("body", 100, true), proposed, Json.nodes().textNode("Two\nlines")))
                .isNull();
        assertThat(breach(headline, proposed, Json.nodes().textNode("Hi\u200Bthere"))).contains("U+200B");
        assertThat(breach(headline, proposed, Json.nodes().textNode("Hi\u202Ethere"))).contains("U+202E");
        // Joiners belong to scripts and emoji sequences; they hide nothing.
        assertThat(breach(headline, proposed, Json.nodes().textNode("\uD83D\uDC69\u200D\uD83D\uDCBB"))).isNull();
    }

    @Test
    void aChoice_acceptsOnlyItsValues_andABoolean_onlyTrueOrFalse() {
        ParamBounds.Choice channel = new ParamBounds.Choice("channel", List.of("email", "letter"));

        assertThat(breach(channel, Json.nodes().textNode("email"), Json.nodes().textNode("fax")))
                .isEqualTo("must be one of email, letter");
        assertThat(breach(channel, Json.nodes().textNode("email"), Json.nodes().textNode("letter"))).isNull();
        assertThat(breach(new ParamBounds.Flag("notify"), Json.nodes().booleanNode(true),
                Json.nodes().textNode("yes"))).isEqualTo("must be true or false");
    }

    @Test
    void entries_roundTripThroughTheirJson_andBareNamesReadAsNothing() {
        List<ParamBounds> all = List.of(LOWER_ONLY, new ParamBounds.Text("body", 4000, true),
                new ParamBounds.Choice("channel", List.of("email", "letter")), new ParamBounds.Flag("notify"));

        assertThat(ParamBounds.listFromJson(ParamBounds.listToJson(all))).isEqualTo(all);
        assertThat(ParamBounds.listFromJson(Json.parse("[\"amount\", {\"param\": \"notify\", \"type\":"
                + " \"boolean\"}]"))).containsExactly(new ParamBounds.Flag("notify"));
    }
}
