package dev.countersign.core.json;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * ECMAScript's Number::toString for a double (ECMA-262, section "Number::toString"), which RFC 8785 uses for
 * every JSON number.
 *
 * <p>Java 17's {@link Double#toString(double)} is not always the shortest round-trip form (JDK-4511638 was
 * only fixed in Java 19), so the digits are found here: for k = 1, 2, … the k-digit decimals just below and
 * just above the exact binary value are tried, and the first that reads back as the same double wins (the
 * nearer one if both do, the even one on a tie — ECMA-262's choice of s).
 */
public final class EcmaScriptNumber {
    private static final double TWO_POW_53 = 9007199254740992.0;

    private EcmaScriptNumber() {
    }

    /**
     * The ECMAScript text of {@code value}.
     *
     * @throws IllegalArgumentException for NaN and the infinities, which JSON cannot carry
     */
    public static String format(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(value + " is not a JSON number (only finite numbers are allowed)");
        }
        if (value == 0) {
            return "0"; // also -0, as ECMAScript prints it
        }
        if (value == Math.rint(value) && Math.abs(value) < TWO_POW_53) {
            return Long.toString((long) value); // below 2^53 an integer's own digits are the shortest round trip
        }
        String sign = value < 0 ? "-" : "";
        double magnitude = Math.abs(value);
        BigDecimal digits = shortestRoundTrip(magnitude);
        String s = digits.unscaledValue().toString();
        int k = s.length();
        int n = k - digits.scale(); // value = s × 10^(n−k)
        return sign + layout(s, k, n);
    }

    /**
     * The decimal a JSON number with the value {@code value} is hashed and stored as (RFC 8785 reads every number as a
     * double), or null when it is not finite. Equal to {@code value} (compareTo) exactly when nothing is rounded.
     */
    public static BigDecimal asJsonNumber(double value) {
        return Double.isFinite(value) ? shortestDecimal(value) : null;
    }

    /**
     * The decimal ECMAScript prints for {@code value} (finite), as a number: the fewest significant digits that
     * read back as {@code value}. {@code shortestDecimal(0.1)} is exactly 0.1 although the double is not.
     */
    static BigDecimal shortestDecimal(double value) {
        if (value == 0) {
            return BigDecimal.ZERO;
        }
        BigDecimal magnitude = shortestRoundTrip(Math.abs(value));
        return value < 0 ? magnitude.negate() : magnitude;
    }

    private static BigDecimal shortestRoundTrip(double magnitude) {
        BigDecimal exact = new BigDecimal(magnitude);
        for (int k = 1; k <= 17; k++) {
            BigDecimal below = exact.round(new MathContext(k, RoundingMode.FLOOR));
            BigDecimal above = exact.round(new MathContext(k, RoundingMode.CEILING));
            boolean belowOk = readsBackAs(below, magnitude);
            boolean aboveOk = readsBackAs(above, magnitude);
            if (belowOk && aboveOk && below.compareTo(above) != 0) {
                int cmp = exact.subtract(below).compareTo(above.subtract(exact));
                if (cmp < 0) {
                    return below.stripTrailingZeros();
                }
                if (cmp > 0) {
                    return above.stripTrailingZeros();
                }
                return (below.unscaledValue().testBit(0) ? above : below).stripTrailingZeros();
            }
            if (belowOk) {
                return below.stripTrailingZeros();
            }
            if (aboveOk) {
                return above.stripTrailingZeros();
            }
        }
        throw new AssertionError("17 significant digits always identify a double: " + magnitude);
    }

    private static boolean readsBackAs(BigDecimal candidate, double magnitude) {
        return Double.parseDouble(candidate.toString()) == magnitude; // parseDouble rounds correctly
    }

    // ECMA-262 Number::toString steps for k digits s and decimal exponent n.
    private static String layout(String s, int k, int n) {
        StringBuilder text = new StringBuilder(k + 8);
        if (k <= n && n <= 21) {
            text.append(s);
            text.append("0".repeat(n - k));
        } else if (0 < n && n <= 21) {
            text.append(s, 0, n).append('.').append(s, n, k);
        } else if (-6 < n && n <= 0) {
            text.append("0.").append("0".repeat(-n)).append(s);
        } else {
            int e = n - 1;
            text.append(s.charAt(0));
            if (k > 1) {
                text.append('.').append(s, 1, k);
            }
            text.append('e').append(e < 0 ? '-' : '+').append(Math.abs(e));
        }
        return text.toString();
    }
}
