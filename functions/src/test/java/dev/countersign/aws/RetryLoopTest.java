package dev.countersign.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.countersign.aws.RetryLoop.Attempt;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RetryLoopTest {
    private final List<Duration> pauses = new ArrayList<>();

    @AfterEach
    void clearInterrupt() {
        Thread.interrupted();
    }

    @Test
    void aRetryableFailure_isRetried_untilAnAttemptSucceeds() {
        String result = new RetryLoop(RetryPolicy.immediate(5), this::pause).run(n -> n < 3
                ? Attempt.failed("failed " + n, true) : Attempt.done("done at " + n));

        assertThat(result).isEqualTo("done at 3");
        assertThat(pauses).hasSize(2);
    }

    @Test
    void aFailureThatRetryingCannotFix_isAnsweredAtOnce() {
        String result = new RetryLoop(RetryPolicy.immediate(5), this::pause).run(n -> Attempt.failed("no " + n,
                false));

        assertThat(result).isEqualTo("no 1");
        assertThat(pauses).isEmpty();
    }

    @Test
    void whenThePolicyAllowsNoMore_theLastFailureIsTheAnswer() {
        List<Integer> attempts = new ArrayList<>();
        String result = new RetryLoop(RetryPolicy.immediate(4), this::pause).run(n -> {
            attempts.add(n);
            return Attempt.failed("failed " + n, true);
        });

        assertThat(result).isEqualTo("failed 4");
        assertThat(attempts).containsExactly(1, 2, 3, 4);
    }

    @Test
    void anInterruptedPause_endsTheRetries_withTheLastFailure_andTheThreadStaysInterrupted() {
        List<Integer> attempts = new ArrayList<>();
        Thread.currentThread().interrupt();
        // The real pause: sleeping with the interrupt flag set fails at once.
        String result = new RetryLoop(new RetryPolicy(5, Duration.ofMillis(50), Duration.ofMillis(50),
                Duration.ofMinutes(1))).run(n -> {
                    attempts.add(n);
                    return Attempt.failed("failed " + n, true);
                });

        assertThat(result).isEqualTo("failed 1");
        assertThat(attempts).containsExactly(1);
        assertThat(Thread.currentThread().isInterrupted()).isTrue();
    }

    private boolean pause(Duration delay) {
        pauses.add(delay);
        return true;
    }
}
