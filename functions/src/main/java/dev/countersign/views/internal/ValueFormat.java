package dev.countersign.views.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.approval.ParamBounds;
import dev.countersign.core.ParamFormat;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Set;

/**
 * How a parameter's value reads on pages and in emails: money with its currency, percentages, grouped numbers,
 * times in UTC, links. Never rounds: a value with more digits than its currency uses keeps them all, because the
 * approver must see exactly what will be done. Hand-rolled, as {@link Display} is: locale data would cost a cold
 * start tens of milliseconds.
 */
public final class ValueFormat {
    /** ISO 4217 currencies without minor units; every other currency shows 2 decimals, except {@link #THREE}. */
    private static final Set<String> NONE = Set.of("BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG",
            "RWF", "UGX", "UYI", "VND", "VUV", "XAF", "XOF", "XPF");
    private static final Set<String> THREE = Set.of("BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND");

    private ValueFormat() {
    }

    /** 1500 → "1,500"; 1234.5678 → "1,234.5678"; -0.5 → "-0.5". Digits after the point as given. */
    public static String grouped(BigDecimal value) {
        String plain = value.abs().toPlainString();
        if (value.abs().compareTo(BigDecimal.TEN.pow(30)) >= 0) {
            return value.toString(); // written out it would be unreadable; the exponent form is exact
        }
        int point = plain.indexOf('.');
        String whole = point < 0 ? plain : plain.substring(0, point);
        StringBuilder out = new StringBuilder(plain.length() + whole.length() / 3 + 1);
        if (value.signum() < 0) {
            out.append('-');
        }
        int lead = whole.length() % 3 == 0 ? 3 : whole.length() % 3;
        out.append(whole, 0, Math.min(lead, whole.length()));
        for (int i = lead; i < whole.length(); i += 3) {
            out.append(',').append(whole, i, i + 3);
        }
        if (point >= 0) {
            out.append(plain, point, plain.length());
        }
        return out.toString();
    }

    /** "EUR 1,500.00": the currency's decimals added, never cut ("EUR 129.905" stays). */
    public static String money(BigDecimal value, String currency) {
        return currency + " " + grouped(withMinorUnits(value, currency));
    }

    /** The value with at least the currency's decimals ("1500" → "1500.00" for EUR): for inputs and messages. */
    public static BigDecimal withMinorUnits(BigDecimal value, String currency) {
        int digits = NONE.contains(currency) ? 0 : THREE.contains(currency) ? 3 : 2;
        return value.scale() < digits ? value.setScale(digits) : value;
    }

    /** "15 %" for 15, or for 0.15 when {@code fraction}. */
    public static String percent(BigDecimal value, boolean fraction) {
        BigDecimal points = fraction ? value.movePointRight(2) : value;
        return grouped(points.scale() > 0 ? points.stripTrailingZeros() : points) + " %";
    }

    /** A number as {@code format} says, or grouped without one. */
    public static String number(BigDecimal value, ParamFormat format) {
        if (format == null) {
            return grouped(value);
        }
        return switch (format.as()) {
            case MONEY -> money(value, format.currency());
            case PERCENT -> percent(value, format.fraction());
            case PLAIN -> value.toPlainString();
            default -> grouped(value) + (format.unit() == null ? "" : " " + format.unit());
        };
    }

    /** How numbers read in messages about {@code format}'s parameter ("EUR 1,500.00"). */
    public static ParamBounds.NumberText numbers(ParamFormat format) {
        return value -> number(value, format != null && format.as().numeric() ? format : null);
    }

    /** "Fri 27 Nov 2026, 17:00 UTC", with the time as given when it was not UTC; null when not RFC 3339. */
    public static String dateTime(String text) {
        try {
            OffsetDateTime time = OffsetDateTime.parse(text);
            String utc = Display.whenUtc(time.toInstant());
            return time.getOffset().getTotalSeconds() == 0 ? utc : utc + " (" + text + " as given)";
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** "Fri 27 Nov 2026"; null when not a calendar date (YYYY-MM-DD). */
    public static String date(String text) {
        try {
            LocalDate date = LocalDate.parse(text);
            String when = Display.whenUtc(Instant.ofEpochSecond(date.toEpochDay() * 86_400));
            return when.substring(0, when.indexOf(','));
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** The number a value holds for a numeric format (a JSON number or a decimal string), or null. */
    public static BigDecimal numeric(JsonNode value) {
        return ParamBounds.Number.value(value);
    }
}
