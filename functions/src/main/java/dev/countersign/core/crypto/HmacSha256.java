package dev.countersign.core.crypto;

import java.security.MessageDigest;
import java.util.Arrays;

/**
 * HMAC-SHA256 (RFC 2104) over the JDK's SHA-256 {@link MessageDigest}. Why not {@code javax.crypto.Mac}: to find
 * HmacSHA256 the JCA loads and registers every security provider before SunJCE, about 15 ms of a fresh JVM that the
 * decision function's cold start cannot spare; SHA-256 comes from the first provider. Same bytes as
 * {@code Mac.getInstance("HmacSHA256")} for every key and message (HmacSha256Test). Immutable and thread-safe.
 */
public final class HmacSha256 {
    private static final int BLOCK = 64;

    private final byte[] innerPad;
    private final byte[] outerPad;

    /** @param key any length; keys longer than the block size are hashed first, as RFC 2104 says */
    public HmacSha256(byte[] key) {
        byte[] k = key.length > BLOCK ? digest().digest(key) : key;
        byte[] block = Arrays.copyOf(k, BLOCK);
        innerPad = new byte[BLOCK];
        outerPad = new byte[BLOCK];
        for (int i = 0; i < BLOCK; i++) {
            innerPad[i] = (byte) (block[i] ^ 0x36);
            outerPad[i] = (byte) (block[i] ^ 0x5c);
        }
        Arrays.fill(block, (byte) 0);
    }

    /** The 32-byte MAC of {@code data}. */
    public byte[] mac(byte[] data) {
        MessageDigest sha = digest();
        sha.update(innerPad);
        byte[] inner = sha.digest(data);
        sha.update(outerPad);
        return sha.digest(inner);
    }

    /** One-shot: the MAC of {@code data} under {@code key}. */
    public static byte[] mac(byte[] key, byte[] data) {
        return new HmacSha256(key).mac(data);
    }

    private static MessageDigest digest() {
        return Sha256.digest();
    }
}
