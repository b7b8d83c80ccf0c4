package dev.countersign.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.countersign.local.dynalite.ProjectRoot;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code countersign up} as a process: what it prints, how it stops on SIGTERM, and its one-line refusals. The
 * launcher script runs exactly this main class (from the runnable jar); here it runs from the test class path.
 */
class CountersignUpProcessTest {
    private static final Pattern MAILBOX = Pattern.compile("mailbox +(http://127\\.0\\.0\\.1:\\d+/mailbox)");

    @TempDir
    Path directory;

    private ProcessBuilder up(Map<String, String> environment, String... args) {
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElseThrow(() -> new IllegalStateException(
                        "cannot tell which java runs this JVM")),
                "-Xmx512m", "-Dcountersign.root=" + ProjectRoot.locate(), "-cp", System.getProperty("java.class.path"),
                CountersignUp.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
        builder.environment().remove("COUNTERSIGN_NODE");
        builder.environment().putAll(environment);
        return builder;
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }

    @Test
    void up_printsWhereEverythingIs_servesTheMailbox_andStopsCleanlyOnSigterm() throws Exception {
        Path out = directory.resolve("out.txt");
        Path err = directory.resolve("err.txt");
        Process process = up(Map.of(), "--port", "0", "--engine-port", "0", "--dynamodb-port", "0", "--data",
                directory.resolve("data").toString())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            long giveUp = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            Matcher mailbox = MAILBOX.matcher("");
            while (System.nanoTime() < giveUp && process.isAlive()) {
                mailbox = MAILBOX.matcher(read(out));
                if (mailbox.find() && read(out).contains("Ctrl-C stops")) {
                    break;
                }
                Thread.sleep(50); // polling the child's output file; there is nothing to block on
            }
            assertThat(process.isAlive()).as("running; stderr: %s", read(err)).isTrue();
            assertThat(mailbox.find(0)).as("the banner names the mailbox: %s", read(out)).isTrue();
            String banner = read(out);
            assertThat(banner).contains("started fresh: one example refund execution is waiting for approval")
                    .contains("Step Functions  http://127.0.0.1:").contains("aws stepfunctions --endpoint-url")
                    .contains("next: open the mailbox");
            List<ProcessHandle> children = process.descendants().toList();
            assertThat(children).as("dynalite runs as a child").isNotEmpty();

            // Real time: the example's request function emails the approver shortly after the banner.
            HttpClient http = HttpClient.newHttpClient();
            String page = "";
            while (System.nanoTime() < giveUp && !page.contains("Approval needed")) {
                page = http.send(HttpRequest.newBuilder(URI.create(mailbox.group(1))).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                Thread.sleep(50); // the email arrives asynchronously, in real time
            }
            assertThat(page).contains("Approval needed: Refund EUR 129.90 to order ORD-10042");

            process.destroy(); // SIGTERM, as Ctrl-C or a service manager would stop it
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).isEqualTo(143);
            assertThat(read(out)).contains("countersign up: stopped cleanly; 1 execution waits for a decision and"
                    + " will be there on the next start");
            assertThat(read(err)).doesNotContain("Exception");
            for (ProcessHandle child : children) {
                assertThat(child.onExit().get(10, TimeUnit.SECONDS).isAlive()).isFalse();
            }
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void withoutNode_upSaysInOneLineToInstallIt() throws Exception {
        Path emptyPath = Files.createDirectories(directory.resolve("bin"));
        Path err = directory.resolve("err.txt");
        Process process = up(Map.of("PATH", emptyPath.toString()), "--port", "0", "--engine-port", "0",
                "--dynamodb-port", "0", "--data", directory.resolve("data").toString())
                .redirectError(err.toFile()).redirectOutput(directory.resolve("out.txt").toFile()).start();

        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(1);
        assertThat(read(err)).isEqualTo("countersign up: Node.js is not installed (no `node` on the PATH): install"
                + " Node.js 20 or newer (for example: apt-get install nodejs npm), then run `npm ci` in the"
                + " repository root" + System.lineSeparator());
    }

    @Test
    void help_listsTheOptions_andAMistakeIsOneLineWithStatus2() throws Exception {
        Path out = directory.resolve("out.txt");
        Process help = up(Map.of(), "--help").redirectOutput(out.toFile()).start();
        assertThat(help.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(help.exitValue()).isZero();
        assertThat(read(out)).contains("usage: ./countersign up", "--port N", "--engine-port N",
                "--dynamodb-port N", "--data DIR", "--no-example");

        Path err = directory.resolve("err.txt");
        Process wrong = up(Map.of(), "--port", "eighty").redirectError(err.toFile()).start();
        assertThat(wrong.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(wrong.exitValue()).isEqualTo(2);
        assertThat(read(err)).isEqualTo("countersign up: --port 'eighty' is not a port number (0-65535) (run"
                + " ./countersign up --help for the options)" + System.lineSeparator());
    }
}
