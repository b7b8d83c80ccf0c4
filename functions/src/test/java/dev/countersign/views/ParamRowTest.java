package dev.countersign.views;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ParamRowTest {

    @Test
    void fromJson_flattensNestedObjectsAndArrays_inDocumentOrder() {
        List<ParamRow> rows = ParamRow.fromJson(SampleViews.json("""
                {"orderId": "8812", "customer": {"address": {"city": "Lisbon"}},
                 "items": [{"sku": "A-1"}, "loose"], "flag": false, "none": null, "empty": {}, "list": []}"""));
        assertThat(rows).containsExactly(new ParamRow("orderId", "8812"),
                new ParamRow("customer.address.city", "Lisbon"), new ParamRow("items[0].sku", "A-1"),
                new ParamRow("items[1]", "loose"), new ParamRow("flag", "false"), new ParamRow("none", "null"),
                new ParamRow("empty", "{}"), new ParamRow("list", "[]"));
    }

    @Test
    void fromJson_quotesKeysThatAreNotPlainNames() {
        assertThat(raw(ParamRow.fromJson(SampleViews.json("{\"a.b\": 1, \"say \\\"hi\\\"\": {\"x y\": 2}}"))))
                .containsExactly(new ParamRow("[\"a.b\"]", "1"), new ParamRow("[\"say \\\"hi\\\"\"][\"x y\"]", "2"));
    }

    @Test
    void fromJson_rendersDecimalsAsWritten_withoutExponentNotation() {
        // 1250.00 must not become "1.25E+3" (what BigDecimal.toString gives once trailing zeros are stripped).
        assertThat(raw(ParamRow.fromJson(SampleViews.json("{\"amount\": 1250.00, \"tiny\": 0.000001, \"huge\": 1e400}"))))
                .containsExactly(new ParamRow("amount", "1250.00"), new ParamRow("tiny", "0.000001"),
                        new ParamRow("huge", "1E+400"));
        assertThat(ParamRow.decimal(new BigDecimal("1.25E+3"))).isEqualTo("1250");
    }

    @Test
    void fromJson_ofAScalarOrNothing() {
        assertThat(ParamRow.fromJson(JsonNodeFactory.instance.textNode("x"))).containsExactly(new ParamRow("", "x"));
        assertThat(ParamRow.fromJson(null)).isEmpty();
        assertThat(ParamRow.fromJson(JsonNodeFactory.instance.nullNode())).isEmpty();
    }

    /** The rows as given (path and raw value), without their formatting. */
    private static List<ParamRow> raw(List<ParamRow> rows) {
        return rows.stream().map(r -> new ParamRow(r.path(), r.value())).toList();
    }

    @Test
    void numbers_readWithThousandsSeparators_andTheDigitsAsWritten_withoutAHint() {
        List<ParamRow> rows = ParamRow.fromJson(SampleViews.json("{\"amount\": 1500, \"price\": 129.90,"
                + " \"big\": 12345678.5}"));

        assertThat(rows).extracting(ParamRow::shown).containsExactly("1,500", "129.90", "12,345,678.5");
        assertThat(rows).extracting(ParamRow::look).containsOnly(ParamRow.Look.NUMBER);
    }

    @Test
    void theAgentsDisplayHints_formatMoneyPercentDatesAndLinks_withoutChangingTheValues() {
        var params = SampleViews.json("""
                {"amount": 1500, "fee": "129.9", "yen": 1200, "rate": 0.125, "points": 15, "weight": 12500,
                 "orderId": 88123456, "sendAt": "2026-11-27T12:00:00-05:00", "due": "2026-12-01",
                 "page": "https://shop.example/orders/8812", "bad": "javascript:alert(1)", "reply": "Hi,\\nthanks"}""");
        var display = new java.util.LinkedHashMap<String, dev.countersign.core.ParamFormat>();
        display.put("amount", format("money", "EUR", false, null));
        display.put("fee", format("money", "EUR", false, null));
        display.put("yen", format("money", "JPY", false, null));
        display.put("rate", format("percent", null, true, null));
        display.put("points", format("percent", null, false, null));
        display.put("weight", format("number", null, false, "kg"));
        display.put("orderId", format("plain", null, false, null));
        display.put("sendAt", format("datetime", null, false, null));
        display.put("due", format("date", null, false, null));
        display.put("page", format("url", null, false, null));
        display.put("bad", format("url", null, false, null));
        display.put("reply", format("text", null, false, null));

        List<ParamRow> rows = ParamRow.fromJson(params, display);

        assertThat(rows).extracting(ParamRow::shown).containsExactly("EUR 1,500.00", "EUR 129.90", "JPY 1,200",
                "12.5 %", "15 %", "12,500 kg", "88123456", "Fri 27 Nov 2026, 17:00 UTC (2026-11-27T12:00:00-05:00 as"
                        + " given)", "Tue 1 Dec 2026", "https://shop.example/orders/8812", "javascript:alert(1)",
                "Hi,\nthanks");
        assertThat(rows).extracting(ParamRow::value).startsWith("1500", "129.9", "1200", "0.125");
        assertThat(rows.get(9).look()).isEqualTo(ParamRow.Look.LINK);
        assertThat(rows.get(9).linkHost()).isEqualTo("shop.example");
        // Only http(s) becomes a link, whatever the agent says the value is.
        assertThat(rows.get(10).look()).isEqualTo(ParamRow.Look.TEXT);
        assertThat(rows.get(10).href()).isNull();
        assertThat(rows.get(11).look()).isEqualTo(ParamRow.Look.MULTILINE);
    }

    @Test
    void money_isNeverRounded_toItsCurrencysDecimals() {
        var rows = ParamRow.fromJson(SampleViews.json("{\"amount\": 129.905}"),
                java.util.Map.of("amount", format("money", "EUR", false, null)));

        assertThat(rows.get(0).shown()).isEqualTo("EUR 129.905");
    }

    private static dev.countersign.core.ParamFormat format(String as, String currency, boolean fraction, String unit) {
        return new dev.countersign.core.ParamFormat(dev.countersign.core.ParamFormat.Kind.fromWire(as), currency,
                fraction, unit);
    }
}
