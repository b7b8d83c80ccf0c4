package dev.countersign.approval;

import dev.countersign.core.crypto.Sha256;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.regex.Pattern;

/**
 * An approval's id: {@code ap_} and 26 base32 characters (130 bits) of SHA-256 over its {@link ApprovalKey}.
 *
 * <p>Derived, not random, so that creating an approval is one conditional put: a retry computes the same id and
 * finds the item instead of needing a second idempotency item (no transactions on dynalite).
 */
public record ApprovalId(String value) {
    private static final Pattern FORMAT = Pattern.compile("ap_[a-z2-7]{26}");
    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

    public ApprovalId {
        if (value == null || !FORMAT.matcher(value).matches()) {
            throw new IllegalArgumentException("approval id '" + value + "' is not an approval id (ap_ followed by 26"
                    + " characters a-z, 2-7): use the id from the approval's link or decision");
        }
    }

    public static ApprovalId forKey(ApprovalKey key) {
        MessageDigest sha = Sha256.digest();
        sha.update(key.executionArn().getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
        sha.update(key.gate().getBytes(StandardCharsets.UTF_8));
        byte[] digest = sha.digest();
        StringBuilder out = new StringBuilder("ap_");
        int buffer = 0;
        int bits = 0;
        int index = 0;
        while (out.length() < 3 + 26) {
            if (bits < 5) {
                buffer = (buffer << 8) | (digest[index++] & 0xff);
                bits += 8;
            }
            out.append(BASE32[(buffer >> (bits - 5)) & 31]);
            bits -= 5;
        }
        return new ApprovalId(out.toString());
    }

    /** True if the text has the shape of an id (for input from URLs, before looking anything up). */
    public static boolean isWellFormed(String text) {
        return text != null && FORMAT.matcher(text).matches();
    }

    @Override
    public String toString() {
        return value;
    }
}
