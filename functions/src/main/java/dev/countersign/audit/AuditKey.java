package dev.countersign.audit;

import dev.countersign.core.crypto.HmacSha256;
import java.util.Arrays;

/**
 * The HMAC key of the audit chain (at least 32 bytes). Never printed: {@link #toString()} names only its source.
 */
public final class AuditKey {
    public static final int MIN_BYTES = 32;

    private final byte[] bytes;
    private final String source;
    private final HmacSha256 hmac;

    public AuditKey(byte[] bytes, String source) {
        if (bytes == null || bytes.length < MIN_BYTES) {
            throw new IllegalArgumentException("the audit key from " + source + " has "
                    + (bytes == null ? 0 : bytes.length) + " bytes; it needs at least " + MIN_BYTES
                    + ": generate one with `head -c 32 /dev/urandom | base64`");
        }
        this.bytes = bytes.clone();
        this.source = source;
        this.hmac = new HmacSha256(this.bytes);
    }

    /** HMAC-SHA256 of {@code data} under this key. */
    public byte[] hmac(byte[] data) {
        return hmac.mac(data);
    }

    /** A key for another purpose derived from this one (HMAC of the purpose's label), so one secret serves both. */
    public byte[] derive(String purpose) {
        return hmac(("countersign/" + purpose).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Where the key came from (an environment variable, a secret's id, a file): safe to log. */
    public String source() {
        return source;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AuditKey key && java.security.MessageDigest.isEqual(bytes, key.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(derive("key-id"));
    }

    @Override
    public String toString() {
        return "AuditKey[from " + source + "]";
    }
}
