package dev.countersign.local.engine.internal.asl;

import java.util.List;

/**
 * One element of a state's {@code Retry}.
 *
 * @param maxDelaySeconds null when unset
 * @param fullJitter      {@code JitterStrategy: FULL}
 */
public record Retrier(List<String> errorEquals, int intervalSeconds, int maxAttempts, double backoffRate,
                      Integer maxDelaySeconds, boolean fullJitter) {
    public Retrier {
        errorEquals = List.copyOf(errorEquals);
    }
}
