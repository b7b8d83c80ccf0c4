package dev.countersign.functions.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.countersign.approval.ApprovalId;
import dev.countersign.core.crypto.RestoreSafeRandom;
import dev.countersign.link.LinkSecrets;
import dev.countersign.testing.MutableClock;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class SnapStartHooksTest {
    private final MutableClock clock = MutableClock.at("2026-11-24T09:00:00Z");

    /**
     * A snapshot taken after init holds one generator state; every environment restored from it starts with that
     * state. Two generators seeded alike stand for two such environments; after the first restore they make new ones.
     */
    private static Supplier<SecureRandom> snapshottedThenFresh(byte[] seedInTheSnapshot) {
        AtomicInteger calls = new AtomicInteger();
        return () -> {
            if (calls.getAndIncrement() > 0) {
                return new SecureRandom();
            }
            try {
                SecureRandom cloned = SecureRandom.getInstance("SHA1PRNG");
                cloned.setSeed(seedInTheSnapshot);
                return cloned;
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        };
    }

    private String secret(LinkSecrets links) {
        return links.issue(ApprovalId.forKey(new dev.countersign.approval.ApprovalKey(
                "arn:aws:states:us-east-1:123456789012:execution:w:e", "g")), "lee@example.com", 1,
                Instant.parse("2026-11-25T09:00:00Z")).secret().reveal();
    }

    @Test
    void linkSecrets_issuedInTwoEnvironmentsRestoredFromOneSnapshot_differ() {
        byte[] seed = "state captured at init".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        RestoreSafeRandom first = new RestoreSafeRandom(snapshottedThenFresh(seed));
        RestoreSafeRandom second = new RestoreSafeRandom(snapshottedThenFresh(seed));
        LinkSecrets inFirst = new LinkSecrets(first, clock);
        LinkSecrets inSecond = new LinkSecrets(second, clock);
        // The simulation is faithful: without the hook, both environments mint the very same credential.
        assertThat(secret(inFirst)).isEqualTo(secret(inSecond));

        new SnapStartHooks.Hooks(() -> { }, first).afterRestore(null);
        new SnapStartHooks.Hooks(() -> { }, second).afterRestore(null);

        assertThat(secret(inFirst)).isNotEqualTo(secret(inSecond));
    }

    @Test
    void beforeCheckpoint_primesThenDropsTheGeneratorThatPrimingMayHaveCreated() {
        AtomicInteger made = new AtomicInteger();
        RestoreSafeRandom random = new RestoreSafeRandom(() -> {
            made.incrementAndGet();
            return new SecureRandom();
        });
        AtomicInteger primed = new AtomicInteger();
        SnapStartHooks.Hooks hooks = new SnapStartHooks.Hooks(() -> {
            primed.incrementAndGet();
            random.get();
        }, random);

        hooks.beforeCheckpoint(null);
        random.get();

        assertThat(primed).hasValue(1);
        // One generator during priming, a second one after the checkpoint: the first never reaches a request.
        assertThat(made).hasValue(2);
    }

    @Test
    void beforeCheckpoint_aFailingPrimingDoesNotStopTheSnapshot() {
        SnapStartHooks.Hooks hooks = new SnapStartHooks.Hooks(() -> {
            throw new IllegalStateException("sample data no longer valid");
        }, new RestoreSafeRandom(SecureRandom::new));

        assertThatCode(() -> hooks.beforeCheckpoint(null)).doesNotThrowAnyException();
    }

    @Test
    void register_onAnOrdinaryColdStart_registersNothing() {
        assertThat(SnapStartHooks.register(Map.of(), () -> { })).isFalse();
        assertThat(SnapStartHooks.register(Map.of(SnapStartHooks.INITIALIZATION_TYPE, "on-demand"), () -> { }))
                .isFalse();
    }

    @Test
    void register_whenLambdaInitialisesForASnapshot_registersWithTheCracContext() {
        assertThat(SnapStartHooks.register(Map.of(SnapStartHooks.INITIALIZATION_TYPE, SnapStartHooks.SNAP_START),
                () -> { })).isTrue();
    }

    @Test
    void priming_everyHandlersSampleRunsWithoutError() {
        // A change on a handler's path must not make its priming fail unseen (the hook swallows failures).
        assertThatCode(Priming::gateStep).doesNotThrowAnyException();
        assertThatCode(ColdStart::run).doesNotThrowAnyException();
        assertThat(Priming.routeInput().get("proposal").get("workflow").asText()).isEqualTo("w");
    }
}
