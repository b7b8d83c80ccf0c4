package dev.countersign.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the redelivery benchmark with tiny parameters: it must crash, restart and print every figure. No timing judged. */
class RedeliveryBenchmarkSmokeTest {
    @TempDir
    Path work;

    @Test
    void harness_strandsDecisions_crashesAndRestarts_andPrintsEveryFigureWithTheBudget() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        RedeliveryBenchmark.Report report;
        try (PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
            report = new RedeliveryBenchmark(new RedeliveryBenchmark.Parameters(2, 2, 1), out, work).run();
        }

        assertThat(report.runs()).singleElement().satisfies(run -> {
            // The start-up sweep, not a click, handed the two stranded decisions over.
            assertThat(run.redeliveredAtStart()).isEqualTo(2);
            assertThat(run.lastDelivered()).isPositive();
            assertThat(run.lastFinished()).isGreaterThanOrEqualTo(run.lastDelivered());
        });
        assertThat(report.baselineReady()).hasSize(1);
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .contains("restart to ready (banner), nothing stranded  [baseline]")
                .contains("restart to the last stranded decision delivered")
                .contains("budget 10 s: ")
                .contains("restart to the last of their workflows finished");
    }
}
