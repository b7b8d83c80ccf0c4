package dev.countersign.link;

import java.util.regex.Pattern;

/**
 * The secret part of an approver's link: 256 bits from {@link java.security.SecureRandom}, URL-safe base64 without
 * padding (43 characters). It goes into the email and nowhere else; the store keeps only its {@link LinkSecretHash}.
 */
public final class LinkSecret {
    public static final int BYTES = 32;
    public static final int LENGTH = 43;
    private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9_-]{43}");

    private final String value;

    private LinkSecret(String value) {
        this.value = value;
    }

    /** A secret presented by a browser; empty if it cannot be one we issued (wrong length or alphabet). */
    public static java.util.Optional<LinkSecret> parse(String presented) {
        if (presented == null || !FORMAT.matcher(presented).matches()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new LinkSecret(presented));
    }

    static LinkSecret of(String value) {
        return new LinkSecret(value);
    }

    /** The text to put in the link (and only there). */
    public String reveal() {
        return value;
    }

    public LinkSecretHash hash() {
        return LinkSecretHash.of(this);
    }

    @Override
    public String toString() {
        return "LinkSecret[<redacted>]";
    }
}
