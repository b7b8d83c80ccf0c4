package dev.countersign.local.runtime.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.countersign.local.dynalite.ProjectRoot;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The launcher's help names the audit command, how to call it and what its exit statuses mean. */
class AuditLauncherTest {
    private static final Path LAUNCHER = ProjectRoot.locate().resolve("countersign");

    @Test
    void help_describesAudit() throws Exception {
        Process process = new ProcessBuilder("bash", LAUNCHER.toString(), "help").redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
        assertThat(out).contains("  audit  ", "./countersign audit <approval-id> [--json] [--anchors FILE]",
                "./countersign audit <execution-arn> --gate NAME", "exit 0 intact, 1 broken, 2 cannot check");
    }
}
