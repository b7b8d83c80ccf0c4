package dev.countersign.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.countersign.benchmarks.ColdStartReport.Probe;
import dev.countersign.local.dynalite.ProjectRoot;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the cold-start harness with tiny parameters on the real jars (after package): it must print every figure with
 * its budget, and every probe must have done its work. Never judges a timing.
 */
class ColdStartBenchmarkIT {
    @TempDir
    Path work;

    @Test
    void harness_printsEveryFigure_withItsBudget() throws Exception {
        Path lambdaJar = BenchmarkMain.onlyFile(ProjectRoot.locate().resolve("functions/target"), "-lambda.jar");
        ColdStartParameters tiny = new ColdStartParameters(2, 0, lambdaJar,
                Path.of(System.getProperty("countersign.naiveSdkDefaultJar")),
                Path.of(System.getProperty("countersign.naiveUrlConnectionJar")), false, true);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        ColdStartReport report;
        try (PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
            report = new ColdStartBenchmark(tiny, out, work, "./countersign bench cold-start --runs 2 --warmup 0")
                    .run();
        }

        for (StartupFigure figure : new StartupFigure[] {report.hello(), report.naiveSdkDefault(), report.naiveUrl(),
                report.figure(Probe.DECISION_GET), report.figure(Probe.DECISION_POST), report.figure(Probe.REQUEST)}) {
            assertThat(figure.runs()).isEqualTo(2);
            assertThat(figure.minMillis()).isPositive();
            assertThat(figure.medianMillis()).isGreaterThanOrEqualTo(figure.minMillis());
            assertThat(figure.p90Millis()).isGreaterThanOrEqualTo(figure.medianMillis());
        }
        // Every JVM did its work, checked from outside it: a fast figure cannot come from a path that does nothing.
        assertThat(report.work()).isEqualTo(new ColdStartReport.Work(2, 2, 2, 6, 6));
        assertThat(report.lambdaJarBytes()).isPositive();
        String text = printed.toString(StandardCharsets.UTF_8);
        assertThat(text)
                .startsWith("Countersign cold-start benchmark: ./countersign bench cold-start --runs 2 --warmup 0")
                .contains("JVM flags of every measured JVM (AWS Lambda's Java 17 runtime defaults): "
                        + String.join(" ", ColdStartBenchmark.LAMBDA_JVM_FLAGS))
                .contains("the audit key read with GetSecretValue from a Secrets Manager stand-in")
                .contains("COUNTERSIGN_EVENT_BUS=countersign-events")
                .contains("work checked after every run: 2 first views recorded VIEWED; 2 POSTs recorded the approval"
                        + " and CALLBACK_DELIVERED, and their workflows succeeded with it; 2 requests stored the"
                        + " approval with its task token and emailed the link; 6 GetSecretValue reads for 6 function"
                        + " JVMs")
                .contains("Lambda jar: " + lambdaJar.getFileName())
                .contains("[DESIGN.md budget: under 15,000,000 bytes]")
                .contains("bare JVM, hello: ")
                .contains("naive baseline, SDK default HTTP client (apache5-client): ")
                .contains("naive baseline, url-connection-client: ")
                .contains("decision GET, first view, shaded Lambda jar: ")
                .contains("decision POST, approve, shaded Lambda jar: ")
                .contains("request function, shaded Lambda jar: ")
                .contains("[DESIGN.md budget: under 400 ms]")
                .containsPattern("ratio decision GET, first view\\s+/ naive baseline, medians: [0-9.]+ \\[budget:"
                        + " under 0.5\\] (met|NOT met)")
                .containsPattern("ratio decision POST, approve\\s+/ naive baseline, medians: [0-9.]+ \\[budget:"
                        + " under 0.5\\] (met|NOT met)")
                .containsPattern("ratio request function\\s+/ naive baseline, medians: [0-9.]+ \\[budget: under"
                        + " 1.0\\] (met|NOT met)")
                .containsPattern("budget: (met|NOT met) \\(")
                .contains("class loading, one more run of each program")
                .containsPattern("decision POST, approve:\\s+[0-9,]+ classes");
    }
}
