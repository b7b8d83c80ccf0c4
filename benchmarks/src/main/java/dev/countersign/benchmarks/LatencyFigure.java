package dev.countersign.benchmarks;

import java.util.Arrays;

/** Percentiles of a set of latencies, in milliseconds. */
public record LatencyFigure(int samples, double p50Millis, double p95Millis, double p99Millis, double maxMillis) {

    /** Nearest-rank percentiles of {@code nanos}. */
    public static LatencyFigure of(long[] nanos) {
        if (nanos.length == 0) {
            throw new IllegalArgumentException("no samples");
        }
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return new LatencyFigure(sorted.length, millis(rank(sorted, 0.50)), millis(rank(sorted, 0.95)),
                millis(rank(sorted, 0.99)), millis(sorted[sorted.length - 1]));
    }

    private static long rank(long[] sorted, double percentile) {
        int index = (int) Math.ceil(percentile * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static double millis(long nanos) {
        return nanos / 1_000_000.0;
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, max %.2f ms (%d samples)",
                p50Millis, p95Millis, p99Millis, maxMillis, samples);
    }
}
