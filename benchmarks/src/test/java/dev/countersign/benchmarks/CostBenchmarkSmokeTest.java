package dev.countersign.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the cost harness once per path: every path of both workflows must complete and be priced. No timing. */
class CostBenchmarkSmokeTest {
    @TempDir
    Path work;

    @Test
    void harness_pricesEveryPathOfBothWorkflows() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
            new CostBenchmark(1, 1769, 1.0, out).run(work);
        }
        String text = printed.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("workflow approval-gate (per approval, mean over runs)")
                .contains("workflow refund-workflow (per approval, mean over runs)")
                .contains("approve path, $/1k by part: Step Functions ");
        // A path whose execution did not succeed aborts the harness, so three rows per workflow means three runs.
        assertThat(text.lines().filter(l -> l.matches("\\s+(approve|reject|timeout)\\s+\\d.*"))).hasSize(6);
    }
}
