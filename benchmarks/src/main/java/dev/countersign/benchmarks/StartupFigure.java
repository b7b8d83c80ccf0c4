package dev.countersign.benchmarks;

import java.util.Arrays;
import java.util.Locale;

/**
 * Fresh-JVM times of one program, in milliseconds: wall time from process start to its marker line, and the CPU time
 * (user + system, all threads) the process reported for the same span.
 */
public record StartupFigure(int runs, double minMillis, double medianMillis, double p90Millis, double cpuMedianMillis) {

    /** Nearest-rank median and p90 of {@code wallNanos}; the median of {@code cpuNanos}. */
    public static StartupFigure of(long[] wallNanos, long[] cpuNanos) {
        if (wallNanos.length == 0) {
            throw new IllegalArgumentException("no runs");
        }
        long[] wall = wallNanos.clone();
        Arrays.sort(wall);
        long[] cpu = cpuNanos.clone();
        Arrays.sort(cpu);
        return new StartupFigure(wall.length, millis(wall[0]), millis(rank(wall, 0.50)), millis(rank(wall, 0.90)),
                cpu.length == 0 ? Double.NaN : millis(rank(cpu, 0.50)));
    }

    static long rank(long[] sorted, double percentile) {
        int index = (int) Math.ceil(percentile * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static double millis(long nanos) {
        return nanos / 1_000_000.0;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "min %4.0f ms, median %4.0f ms, p90 %4.0f ms; CPU median %4.0f ms (%d runs)",
                minMillis, medianMillis, p90Millis, cpuMedianMillis, runs);
    }
}
