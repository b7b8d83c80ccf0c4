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
        assertThat(ParamRow.fromJson(SampleViews.json("{\"a.b\": 1, \"say \\\"hi\\\"\": {\"x y\": 2}}")))
                .containsExactly(new ParamRow("[\"a.b\"]", "1"), new ParamRow("[\"say \\\"hi\\\"\"][\"x y\"]", "2"));
    }

    @Test
    void fromJson_rendersDecimalsAsWritten_withoutExponentNotation() {
        // 1250.00 must not become "1.25E+3" (what BigDecimal.toString gives once trailing zeros are stripped).
        assertThat(ParamRow.fromJson(SampleViews.json("{\"amount\": 1250.00, \"tiny\": 0.000001, \"huge\": 1e400}")))
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
}
