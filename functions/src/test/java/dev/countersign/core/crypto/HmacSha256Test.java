package dev.countersign.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.countersign.testing.Case;
import dev.countersign.testing.Generator;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class HmacSha256Test {
    record Input(byte[] key, byte[] data) {
    }

    static Stream<Case<Input>> inputs() {
        // Keys around the 64-byte block (shorter, equal, longer: hashed first) and empty data.
        return Generator.cases(0x5EC0DE, 300, g -> new Input(bytes(g, g.oneOf(0, 1, 31, 32, 63, 64, 65, 128, 300)),
                bytes(g, g.between(0, 2000))));
    }

    private static byte[] bytes(Generator g, int length) {
        byte[] bytes = new byte[length];
        g.random().nextBytes(bytes);
        return bytes;
    }

    @ParameterizedTest
    @MethodSource("inputs")
    void mac_equalsTheJdksHmacSha256(Case<Input> c) throws Exception {
        // A zero-length key is refused by SecretKeySpec; RFC 2104 pads it like any short key.
        byte[] key = c.value().key();
        byte[] expected = key.length == 0 ? null : jdk(key, c.value().data());

        byte[] actual = HmacSha256.mac(key, c.value().data());

        if (expected != null) {
            assertThat(actual).as(c.toString()).isEqualTo(expected);
        }
        assertThat(new HmacSha256(key).mac(c.value().data())).as("same object reused, " + c).isEqualTo(actual);
    }

    @Test
    void mac_matchesRfc4231TestCase2() {
        // RFC 4231, test case 2: key "Jefe", data "what do ya want for nothing?".
        byte[] mac = HmacSha256.mac("Jefe".getBytes(StandardCharsets.US_ASCII),
                "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII));

        assertThat(HexFormat.of().formatHex(mac))
                .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }

    private static byte[] jdk(byte[] key, byte[] data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data);
    }
}
