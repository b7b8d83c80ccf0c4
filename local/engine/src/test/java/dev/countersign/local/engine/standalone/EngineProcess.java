package dev.countersign.local.engine.standalone;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The standalone engine in a child JVM (this JVM's java and class path), its output in a file, its endpoint read from
 * the banner line it prints once it serves.
 */
final class EngineProcess implements AutoCloseable {
    private static final Pattern ENDPOINT = Pattern.compile("Step Functions API on (http://\\S+) ");

    private final Process process;
    private final Path output;
    private final URI endpoint;

    private EngineProcess(Process process, Path output, URI endpoint) {
        this.process = process;
        this.output = output;
        this.endpoint = endpoint;
    }

    /** Starts {@code mainClass} with {@code args} and waits (up to {@code deadline}) until it prints its endpoint. */
    static EngineProcess start(Class<?> mainClass, Path output, Duration deadline, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElseThrow(() -> new IllegalStateException(
                        "cannot tell which java runs this JVM")),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), mainClass.getName()));
        command.addAll(List.of(args));
        Files.deleteIfExists(output);
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        long giveUp = System.nanoTime() + deadline.toNanos();
        while (System.nanoTime() < giveUp) {
            Matcher banner = ENDPOINT.matcher(read(output));
            if (banner.find()) {
                return new EngineProcess(process, output, URI.create(banner.group(1)));
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("the engine process exited with " + process.exitValue()
                        + " before serving:\n" + read(output));
            }
            Thread.sleep(20); // polling the child's output file; nothing to block on
        }
        process.destroyForcibly().waitFor();
        throw new IllegalStateException("the engine process did not serve within " + deadline + ":\n" + read(output));
    }

    URI endpoint() {
        return endpoint;
    }

    long pid() {
        return process.pid();
    }

    /** Kills the process with {@code Process.destroyForcibly()} and returns its exit status once it is gone. */
    int killForcibly() throws InterruptedException {
        process.destroyForcibly();
        return process.waitFor();
    }

    String output() throws IOException {
        return read(output);
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }

    /** Asks the process to stop (SIGTERM) and waits for it. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    int exitValue() {
        return process.exitValue();
    }

    /** Something to check about a process from outside it. */
    interface Condition {
        boolean holds() throws Exception;
    }

    /** Polls until the condition holds, or fails naming {@code what} after two minutes. */
    static void awaitCondition(Condition condition, String what) throws Exception {
        Duration deadline = Duration.ofSeconds(120);
        long giveUp = System.nanoTime() + deadline.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() > giveUp) {
                throw new AssertionError("not reached within " + deadline + ": " + what);
            }
            Thread.sleep(20); // polling another process: there is nothing to block on
        }
    }
}
