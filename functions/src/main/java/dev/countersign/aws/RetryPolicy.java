package dev.countersign.aws;

import java.time.Duration;
import java.util.Objects;

/**
 * How often and how long a caller retries a transient AWS failure (throttling, 5xx, a dropped connection): at most
 * {@code maxAttempts} attempts, exponential backoff with full jitter between {@code initialDelay} and
 * {@code maxDelay}, and never past {@code maxTotal} since the first attempt. The SDK's own retries are off for the
 * services that use this (see {@link AwsClients}), so every attempt is the caller's to see and record.
 *
 * @param maxAttempts  attempts in all, the first included (at least 1)
 * @param initialDelay the pause before the second attempt, before jitter
 * @param maxDelay     the longest pause between two attempts
 * @param maxTotal     no attempt starts later than this after the first one
 */
public record RetryPolicy(int maxAttempts, Duration initialDelay, Duration maxDelay, Duration maxTotal) {

    /** Email: four attempts within about two seconds (an approval request is not worth a Lambda timeout). */
    public static final RetryPolicy EMAIL = new RetryPolicy(4, Duration.ofMillis(200), Duration.ofSeconds(1),
            Duration.ofSeconds(5));
    /** Task callbacks: six attempts within ten seconds, well inside API Gateway's 30-second limit. */
    public static final RetryPolicy CALLBACK = new RetryPolicy(6, Duration.ofMillis(100), Duration.ofSeconds(3),
            Duration.ofSeconds(10));

    /**
     * The approval store, on top of its transport's own few quick retries: three attempts within about three seconds,
     * so that a dropped connection or a restarting local DynamoDB costs a page a moment, and a longer outage becomes
     * {@code Countersign.StoreUnavailable} quickly — the gate's steps retry that for minutes, the pages say "try again".
     */
    public static final RetryPolicy STORE = new RetryPolicy(3, Duration.ofMillis(250), Duration.ofSeconds(2),
            Duration.ofSeconds(3));

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts is " + maxAttempts + ": give at least 1 (no retries)");
        }
        Objects.requireNonNull(initialDelay, "initialDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        Objects.requireNonNull(maxTotal, "maxTotal");
        if (initialDelay.isNegative() || maxDelay.compareTo(initialDelay) < 0 || maxTotal.isNegative()) {
            throw new IllegalArgumentException("delays must satisfy 0 <= initialDelay <= maxDelay and maxTotal >= 0;"
                    + " got " + initialDelay + ", " + maxDelay + ", " + maxTotal);
        }
    }

    /** {@code attempts} tries without pausing: for tests, which must not wait. */
    public static RetryPolicy immediate(int attempts) {
        return new RetryPolicy(attempts, Duration.ZERO, Duration.ZERO, Duration.ofMinutes(1));
    }

    /**
     * The pause before attempt {@code attempt} (2 for the first retry): {@code initialDelay * 2^(attempt-2)}, capped at
     * {@code maxDelay}, scaled by {@code jitter} in [0, 1) ("full jitter", so that retrying callers spread out).
     */
    public Duration delayBefore(int attempt, double jitter) {
        if (attempt < 2) {
            return Duration.ZERO;
        }
        long base = initialDelay.toMillis() << Math.min(attempt - 2, 20);
        long capped = Math.min(Math.max(base, 0), maxDelay.toMillis());
        return Duration.ofMillis((long) (capped * Math.max(0, Math.min(jitter, 1))));
    }

    /**
     * Whether another attempt may follow attempt {@code attempt}, {@code elapsed} after the first one started, when
     * the next pause would be {@code nextDelay}.
     */
    public boolean allowsAnother(int attempt, Duration elapsed, Duration nextDelay) {
        return attempt < maxAttempts && elapsed.plus(nextDelay).compareTo(maxTotal) <= 0;
    }
}
