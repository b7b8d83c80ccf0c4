package dev.countersign.aws;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntFunction;

/**
 * The one retry loop of Countersign's calls to other services (task callbacks, review-link emails, receipts): attempt,
 * and while the attempt failed in a way that another may fix and {@link RetryPolicy} allows another, pause and attempt
 * again. The caller sees and records every attempt; the loop returns the last attempt's result.
 *
 * <p>Interruption policy (the same for every caller): an interrupted pause ends the retries; the last attempt's
 * result stands as the answer, and the thread stays interrupted for whoever runs it. Nothing is thrown.
 */
public final class RetryLoop {

    /**
     * One attempt's result.
     *
     * @param result    what the caller answers if no further attempt follows
     * @param retryable true when another attempt may turn out differently (throttling, 5xx, a dropped connection)
     */
    public record Attempt<R>(R result, boolean retryable) {
        public static <R> Attempt<R> done(R result) {
            return new Attempt<>(result, false);
        }

        public static <R> Attempt<R> failed(R result, boolean retryable) {
            return new Attempt<>(result, retryable);
        }
    }

    /** Waits between attempts; false when the wait was interrupted (the thread's interrupt flag then stays set). */
    public interface Pause {
        Pause SLEEP = delay -> {
            if (Thread.currentThread().isInterrupted()) {
                return false;
            }
            try {
                Thread.sleep(delay.toMillis());
                return true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        };

        boolean pause(Duration delay);
    }

    private final RetryPolicy policy;
    private final Pause pause;

    public RetryLoop(RetryPolicy policy) {
        this(policy, Pause.SLEEP);
    }

    public RetryLoop(RetryPolicy policy, Pause pause) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.pause = Objects.requireNonNull(pause, "pause");
    }

    /** @param attempt makes attempt number {@code n} (1 for the first) */
    public <R> R run(IntFunction<Attempt<R>> attempt) {
        long start = System.nanoTime();
        Duration paused = Duration.ZERO;
        for (int n = 1; ; n++) {
            Attempt<R> outcome = attempt.apply(n);
            if (!outcome.retryable()) {
                return outcome.result();
            }
            Duration next = policy.delayBefore(n + 1, ThreadLocalRandom.current().nextDouble());
            // At least the pauses taken, even if the clock says less (so the bound holds whatever the pause does).
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            if (elapsed.compareTo(paused) < 0) {
                elapsed = paused;
            }
            if (!policy.allowsAnother(n, elapsed, next) || !pause.pause(next)) {
                return outcome.result();
            }
            paused = paused.plus(next);
        }
    }
}
