package dev.countersign.core;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * How one parameter reads (the proposal's {@code action.display}): the agent says that {@code amount} is money in
 * EUR, or that {@code body} is multi-line text, without changing the parameter itself. Pages and emails format the
 * value accordingly; the approved params stay exactly as sent.
 *
 * @param as       money, percent, number, plain, datetime, date, url or text
 * @param currency for money: the ISO 4217 code ("EUR"); otherwise null
 * @param fraction for percent: true when the value is a fraction (0.15 reads "15 %"), false when it is already in
 *                 percent (15 reads "15 %")
 * @param unit     for number: a unit written after the value ("kg", "seats"), or null
 */
public record ParamFormat(Kind as, String currency, boolean fraction, String unit) {
    /** A plain decimal held in a string ("129.90"): agents send money this way to keep its digits exact. */
    public static final java.util.regex.Pattern DECIMAL_TEXT =
            java.util.regex.Pattern.compile("-?(?:0|[1-9][0-9]*)(?:\\.[0-9]+)?");

    /** The ways a parameter can read. */
    public enum Kind {
        /** A number or decimal string with its currency: "EUR 1,500.00". */
        MONEY("money"),
        /** "15 %". */
        PERCENT("percent"),
        /** A number with thousands separators and an optional unit: "12,500 kg" (also the default for numbers). */
        NUMBER("number"),
        /** Exactly as written, without separators: IDs and codes that happen to be numbers. */
        PLAIN("plain"),
        /** An RFC 3339 time, shown in UTC: "Fri 27 Nov 2026, 17:00 UTC". */
        DATETIME("datetime"),
        /** A calendar date: "Fri 27 Nov 2026". */
        DATE("date"),
        /** A link when it is an http(s) URL, shown with its host. */
        URL("url"),
        /** Multi-line text, line breaks kept. */
        TEXT("text");

        private final String wireName;

        Kind(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }

        /** The kind for a contract value. */
        public static Kind fromWire(String value) {
            for (Kind kind : values()) {
                if (kind.wireName.equals(value)) {
                    return kind;
                }
            }
            throw new IllegalArgumentException("display 'as' is '" + value + "'; use one of money, percent, number,"
                    + " plain, datetime, date, url, text");
        }

        /** Whether the kind formats a number (or a decimal string). */
        public boolean numeric() {
            return this == MONEY || this == PERCENT || this == NUMBER;
        }
    }

    public ParamFormat {
        Objects.requireNonNull(as, "as");
    }

    /** The contract's JSON: {@code {"as": "money", "currency": "EUR"}}. */
    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode().put("as", as.wireName());
        if (currency != null) {
            json.put("currency", currency);
        }
        if (fraction) {
            json.put("fraction", true);
        }
        if (unit != null) {
            json.put("unit", unit);
        }
        return json;
    }
}
