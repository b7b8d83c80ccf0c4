package dev.countersign.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.countersign.local.dynalite.ProjectRoot;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the cold-start harness with tiny parameters on the real jars (after package): it must print every figure with
 * its budget. Never judges a timing.
 */
class ColdStartBenchmarkIT {
    @TempDir
    Path work;

    @Test
    void harness_printsEveryFigure_withItsBudget() throws Exception {
        Path lambdaJar = BenchmarkMain.onlyFile(ProjectRoot.locate().resolve("functions/target"), "-lambda.jar");
        ColdStartParameters tiny = new ColdStartParameters(2, 0, lambdaJar,
                Path.of(System.getProperty("countersign.naiveSdkDefaultJar")),
                Path.of(System.getProperty("countersign.naiveUrlConnectionJar")), false);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        ColdStartReport report;
        try (PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
            report = new ColdStartBenchmark(tiny, out, work, "./countersign bench cold-start --runs 2 --warmup 0")
                    .run();
        }

        for (StartupFigure figure : new StartupFigure[] {report.hello(), report.naiveSdkDefault(), report.naiveUrl(),
                report.decisionGet()}) {
            assertThat(figure.runs()).isEqualTo(2);
            assertThat(figure.minMillis()).isPositive();
            assertThat(figure.medianMillis()).isGreaterThanOrEqualTo(figure.minMillis());
            assertThat(figure.p90Millis()).isGreaterThanOrEqualTo(figure.medianMillis());
        }
        assertThat(report.lambdaJarBytes()).isPositive();
        String text = printed.toString(StandardCharsets.UTF_8);
        assertThat(text)
                .startsWith("Countersign cold-start benchmark: ./countersign bench cold-start --runs 2 --warmup 0")
                .contains("JVM flags of every measured JVM (AWS Lambda's Java 17 runtime defaults): "
                        + String.join(" ", ColdStartBenchmark.LAMBDA_JVM_FLAGS))
                .contains("Lambda jar: " + lambdaJar.getFileName())
                .contains("[DESIGN.md budget: under 15,000,000 bytes]")
                .contains("bare JVM, hello: ")
                .contains("naive baseline, SDK default HTTP client (apache5-client): ")
                .contains("naive baseline, url-connection-client: ")
                .contains("decision GET, first view, shaded Lambda jar: ")
                .contains("[DESIGN.md budget: under 400 ms]")
                .contains("ratio decision GET / naive baseline (SDK default client), medians: ")
                .contains("[DESIGN.md budget: under 0.5]")
                .contains("ratio decision GET / naive baseline (url-connection-client), medians: ")
                .containsPattern("budget: (met|NOT met) \\(");
    }
}
