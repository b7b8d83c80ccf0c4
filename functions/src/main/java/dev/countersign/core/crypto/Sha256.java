package dev.countersign.core.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * SHA-256 digests, cloned from one the JCA made once: a clone skips the provider lookup and the reflective
 * construction of {@code MessageDigest.getInstance} (which, after fifteen calls, generates an accessor class in
 * Java 17) — a cold start hashes for every signed request, every audit event and every link.
 */
public final class Sha256 {
    private static final MessageDigest PROTOTYPE;

    static {
        try {
            PROTOTYPE = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    private Sha256() {
    }

    /** A new digest, ready for {@code update} and {@code digest}. */
    public static MessageDigest digest() {
        try {
            return (MessageDigest) PROTOTYPE.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("this JVM's SHA-256 cannot be cloned", e);
        }
    }

    /** The SHA-256 of {@code bytes}. */
    public static byte[] hash(byte[] bytes) {
        return digest().digest(bytes);
    }
}
