package dev.countersign.core.crypto;

import java.security.SecureRandom;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Where secret randomness comes from (link secrets, page-token nonces), safe under Lambda SnapStart: the generator is
 * created on first use and {@linkplain #forget() forgotten} just before a snapshot is taken and again just after the
 * process is restored from one, so the next use creates a new generator seeded from the restored machine's own
 * entropy. Without it, every environment restored from one snapshot would carry the same generator state and could
 * mint the same link secret — what AWS's SnapStart uniqueness guidance rules out. Outside SnapStart nothing calls
 * {@link #forget()} and it is a lazily created {@link SecureRandom}. Thread-safe.
 */
public final class RestoreSafeRandom implements Supplier<SecureRandom> {
    private static final RestoreSafeRandom PROCESS = new RestoreSafeRandom(SecureRandom::new);

    private final Supplier<? extends SecureRandom> factory;
    private SecureRandom current;

    /** @param factory makes a new generator (called on first use and on the first use after each {@link #forget()}) */
    public RestoreSafeRandom(Supplier<? extends SecureRandom> factory) {
        this.factory = Objects.requireNonNull(factory, "factory");
    }

    /** The process's instance: the one the SnapStart hooks reset. */
    public static RestoreSafeRandom process() {
        return PROCESS;
    }

    // Synchronized, not double-checked: a secret is minted a few times per approval, never in a hot loop.
    @Override
    public synchronized SecureRandom get() {
        if (current == null) {
            current = Objects.requireNonNull(factory.get(), "generator");
        }
        return current;
    }

    /** Drops the generator; the next {@link #get()} creates a new one. */
    public synchronized void forget() {
        current = null;
    }
}
