package dev.countersign.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EcmaScriptNumberTest {

    // RFC 8785 Appendix B: IEEE 754 bit patterns and their required text.
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "0000000000000000, 0",
        "8000000000000000, 0",
        "0000000000000001, 5e-324",
        "8000000000000001, -5e-324",
        "7fefffffffffffff, 1.7976931348623157e+308",
        "ffefffffffffffff, -1.7976931348623157e+308",
        "4340000000000000, 9007199254740992",
        "c340000000000000, -9007199254740992",
        "4430000000000000, 295147905179352830000",
        "44b52d02c7e14af5, 9.999999999999997e+22",
        "44b52d02c7e14af6, 1e+23",
        "44b52d02c7e14af7, 1.0000000000000001e+23",
        "444b1ae4d6e2ef4e, 999999999999999700000",
        "444b1ae4d6e2ef4f, 999999999999999900000",
        "444b1ae4d6e2ef50, 1e+21",
        "3eb0c6f7a0b5ed8c, 9.999999999999997e-7",
        "3eb0c6f7a0b5ed8d, 0.000001",
        "41b3de4355555553, 333333333.3333332",
        "41b3de4355555554, 333333333.33333325",
        "41b3de4355555555, 333333333.3333333",
        "41b3de4355555556, 333333333.3333334",
        "41b3de4355555557, 333333333.33333343",
        "becbf647612f3696, -0.0000033333333333333333",
        "43143ff3c1cb0959, 1424953923781206.2",
    })
    void format_matchesRfc8785AppendixB(String bits, String expected) {
        double value = Double.longBitsToDouble(Long.parseUnsignedLong(bits, 16));

        assertThat(EcmaScriptNumber.format(value)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"7fffffffffffffff", "7ff0000000000000", "fff0000000000000"})
    void format_refusesNanAndInfinities(String bits) {
        double value = Double.longBitsToDouble(Long.parseUnsignedLong(bits, 16));

        assertThatThrownBy(() -> EcmaScriptNumber.format(value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("only finite numbers");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        // Java 17's Double.toString prints these with a superfluous or wrong digit (JDK-4511638).
        "1.0E23, 1e+23",
        "2e23, 2e+23",
        "8.41e21, 8.41e+21",
        "2.82879384806159E17, 282879384806159000",
        "1.9400994884341945E25, 1.9400994884341945e+25",
        "5.684341886080802E-14, 5.684341886080802e-14",
        // The ECMAScript layout boundaries: fixed up to 1e21, exponent from 1e21, and down to 1e-6.
        "1e20, 100000000000000000000",
        "1e21, 1e+21",
        "1.5e-6, 0.0000015",
        "1e-7, 1e-7",
        "123.456, 123.456",
        "-0.5, -0.5",
        "4.50, 4.5",
    })
    void format_isShortestRoundTrip_whereJava17IsNot(double value, String expected) {
        assertThat(EcmaScriptNumber.format(value)).isEqualTo(expected);
    }
}
