package dev.countersign.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.countersign.local.dynalite.ProjectRoot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The {@code countersign} launcher script: its checks before it builds or runs anything, and help without a build. */
class LauncherTest {
    private static final Path LAUNCHER = ProjectRoot.locate().resolve("countersign");

    @TempDir
    Path bin;

    /** Runs the launcher with a PATH holding only the named tools (each linked from where this machine has it). */
    private Result run(List<String> tools, String... args) throws IOException, InterruptedException {
        for (String tool : tools) {
            Path found = which(tool);
            Files.createSymbolicLink(bin.resolve(tool), found);
        }
        List<String> command = new java.util.ArrayList<>(List.of(which("bash").toString(), LAUNCHER.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("PATH", bin.toString());
        Path out = bin.resolve("out.txt");
        Path err = bin.resolve("err.txt");
        try {
            Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            for (String tool : tools) {
                Files.deleteIfExists(bin.resolve(tool)); // the links, not what they point to
            }
        }
    }

    private record Result(int status, String out, String err) {
    }

    private static Path which(String tool) {
        if (tool.equals("java")) {
            return Path.of(ProcessHandle.current().info().command().orElseThrow());
        }
        for (String dir : System.getenv("PATH").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, tool);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(tool + " is not on this machine's PATH; the launcher needs it");
    }

    @Test
    void up_withoutNode_saysInOneLineToInstallIt_beforeBuildingAnything() throws Exception {
        Result result = run(List.of("dirname", "sed", "head", "find", "java"), "up");

        assertThat(result.status()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).isEqualTo("countersign: 'node' is not installed — install Node.js 20 or newer (for"
                + " example: apt-get install nodejs npm)\n");
    }

    @Test
    void up_withoutJava_saysInOneLineToInstallIt() throws Exception {
        Result result = run(List.of("dirname", "sed", "head", "find", "node"), "up");

        assertThat(result.status()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("countersign: 'java' is not installed — install a Java 17+ JDK (for"
                + " example: apt-get install openjdk-17-jdk-headless)\n");
    }

    @Test
    void help_describesUp() throws Exception {
        Result result = run(List.of("dirname", "sed", "head", "cat"), "help");

        assertThat(result.status()).isZero();
        assertThat(result.out()).contains("  up  ", "./countersign up [--port 8080] [--engine-port 8083]"
                + " [--dynamodb-port 8000] [--data .countersign]");
    }

    @Test
    void upHelp_printsTheOptions_withoutJavaMavenOrNode_soWithoutBuildingAnything() throws Exception {
        // No java, mvn, node or npm on the PATH: had it tried to build or run, it would have said so and failed.
        Result result = run(List.of("dirname", "sed", "head", "cat"), "up", "--help");

        assertThat(result.status()).as(result.err()).isZero();
        assertThat(result.out()).isEqualTo(CountersignUp.USAGE + "\n");
        assertThat(result.err()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "audit -h               | audit",
            "audit export --help    | audit export",
            "pending --help         | pending",
            "propose payout -h      | propose"})
    void commandHelp_printsTheCommandsOwnOptions_withoutJavaMavenOrNode(String args, String command) throws Exception {
        Result result = run(List.of("dirname", "sed", "head", "cat"), args.split(" "));

        assertThat(result.status()).as(result.err()).isZero();
        assertThat(result.err()).isEmpty();
        String usage = switch (command) {
            case "audit" -> dev.countersign.local.runtime.audit.CountersignAudit.USAGE;
            case "audit export" -> dev.countersign.local.runtime.audit.AuditExport.USAGE;
            case "pending" -> dev.countersign.local.runtime.readers.CountersignPending.USAGE;
            default -> dev.countersign.local.runtime.propose.CountersignPropose.USAGE;
        };
        assertThat(result.out()).isEqualTo(usage + "\n").startsWith("usage: ./countersign " + command + " ");
    }
}
