package dev.countersign.link;

import dev.countersign.core.crypto.Sha256;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * SHA-256 of a link secret's text, base64url without padding: what the store keeps and looks links up by. A plain
 * hash suffices because the secret has 256 random bits (nothing to brute-force, so no salt or slow hash needed).
 */
public record LinkSecretHash(String value) {
    private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9_-]{43}");

    public LinkSecretHash {
        if (value == null || !FORMAT.matcher(value).matches()) {
            throw new IllegalArgumentException("link secret hash '" + value + "' is not 43 base64url characters");
        }
    }

    public static LinkSecretHash of(LinkSecret secret) {
        byte[] digest = Sha256.hash(secret.reveal().getBytes(StandardCharsets.US_ASCII));
        return new LinkSecretHash(Base64.getUrlEncoder().withoutPadding().encodeToString(digest));
    }

    /** Constant-time comparison, so that a mismatch's position never shows in timing. */
    public boolean matches(LinkSecretHash other) {
        return other != null && MessageDigest.isEqual(value.getBytes(StandardCharsets.US_ASCII),
                other.value.getBytes(StandardCharsets.US_ASCII));
    }
}
