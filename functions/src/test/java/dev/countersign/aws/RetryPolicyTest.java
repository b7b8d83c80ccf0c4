package dev.countersign.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    @Test
    void delays_doubleFromTheInitialDelay_upToTheCap() {
        RetryPolicy policy = new RetryPolicy(8, Duration.ofMillis(100), Duration.ofMillis(1000),
                Duration.ofSeconds(10));

        assertThat(policy.delayBefore(1, 1.0)).isZero();
        assertThat(policy.delayBefore(2, 1.0)).isEqualTo(Duration.ofMillis(100));
        assertThat(policy.delayBefore(3, 1.0)).isEqualTo(Duration.ofMillis(200));
        assertThat(policy.delayBefore(4, 1.0)).isEqualTo(Duration.ofMillis(400));
        assertThat(policy.delayBefore(6, 1.0)).isEqualTo(Duration.ofMillis(1000));
        assertThat(policy.delayBefore(60, 1.0)).isEqualTo(Duration.ofMillis(1000));
    }

    @RepeatedTest(20)
    void everyDelay_liesWithinZeroAndTheCap_andTheTotalBoundHolds(RepetitionInfo info) {
        long seed = 9000L + info.getCurrentRepetition();
        SplittableRandom random = new SplittableRandom(seed);
        RetryPolicy policy = new RetryPolicy(1 + random.nextInt(10), Duration.ofMillis(random.nextInt(500)),
                Duration.ofMillis(500 + random.nextInt(5000)), Duration.ofMillis(random.nextInt(20_000)));
        Duration elapsed = Duration.ZERO;
        int attempt = 1;
        while (true) {
            Duration next = policy.delayBefore(attempt + 1, random.nextDouble());
            assertThat(next).as("seed %d", seed).isBetween(Duration.ZERO, policy.maxDelay());
            if (!policy.allowsAnother(attempt, elapsed, next)) {
                break;
            }
            elapsed = elapsed.plus(next);
            attempt++;
        }
        assertThat(attempt).as("seed %d", seed).isLessThanOrEqualTo(policy.maxAttempts());
        assertThat(elapsed).as("seed %d", seed).isLessThanOrEqualTo(policy.maxTotal());
    }

    @Test
    void nonsense_isRefusedWithTheRule() {
        assertThatThrownBy(() -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO, Duration.ZERO))
                .hasMessageContaining("maxAttempts is 0");
        assertThatThrownBy(() -> new RetryPolicy(2, Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ZERO))
                .hasMessageContaining("initialDelay <= maxDelay");
    }
}
