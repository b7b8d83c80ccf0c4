package dev.countersign.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the harness with tiny parameters: it must produce every figure. Never judges a timing. */
class EngineBenchmarkSmokeTest {
    @TempDir
    Path work;

    @Test
    void harness_printsEveryFigure_withItsTarget() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        EngineBenchmarkParameters tiny = new EngineBenchmarkParameters(12, 3, 5, 4, 25, 4);

        EngineBenchmarkReport report;
        try (PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
            report = new EngineBenchmark(tiny, out, work).run();
        }

        assertThat(report.throughputDefaultFsync()).isPositive();
        assertThat(report.throughputFsyncOff()).isPositive();
        assertThat(report.inProcessLatency().samples()).isEqualTo(5);
        assertThat(report.httpLatency().samples()).isEqualTo(4);
        assertThat(report.pausedExecutions()).isEqualTo(25);
        assertThat(report.baselineHeapBytes()).isPositive();
        assertThat(report.pausedHeapBytes()).isPositive();
        assertThat(report.openToRecoveredMillis()).isPositive();
        assertThat(report.openToFirstCallMillis()).isPositive();
        String text = printed.toString(StandardCharsets.UTF_8);
        assertThat(text)
                .contains("throughput, 10-state Pass/Choice machine, fsync ALWAYS (engine default): ")
                .contains("throughput, 10-state Pass/Choice machine, fsync NEVER: ")
                .contains("in-process API: p50 ")
                .contains("HTTP API with SfnClient: p50 ")
                .contains("memory per paused execution (25 paused): ")
                .contains("empty-engine baseline")
                .contains("restart recovery (25 paused): open -> all recovered: ")
                .contains("restart recovery (25 paused): open -> first API call served: ")
                .contains("a token issued before the restart completed its execution");
        // Every figure line carries its DESIGN.md target.
        assertThat(text.lines().filter(line -> line.contains(": ") && !line.startsWith(" ")
                && !line.startsWith("Countersign"))).hasSize(7)
                .allSatisfy(line -> assertThat(line).contains("[DESIGN.md target: "));
    }

    @Test
    void latencyFigure_usesNearestRankPercentiles() {
        long[] nanos = new long[100];
        for (int i = 0; i < 100; i++) {
            nanos[i] = (100 - i) * 1_000_000L; // 100 ms down to 1 ms, unsorted on purpose
        }

        LatencyFigure figure = LatencyFigure.of(nanos);

        assertThat(figure.p50Millis()).isEqualTo(50.0);
        assertThat(figure.p95Millis()).isEqualTo(95.0);
        assertThat(figure.p99Millis()).isEqualTo(99.0);
        assertThat(figure.maxMillis()).isEqualTo(100.0);
    }
}
