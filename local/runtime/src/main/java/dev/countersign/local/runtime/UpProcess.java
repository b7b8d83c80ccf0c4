package dev.countersign.local.runtime;

import dev.countersign.audit.AnchorPublisher;
import dev.countersign.audit.AuditKeys;
import dev.countersign.local.dynalite.ProjectRoot;
import dev.countersign.store.dynamodb.CountersignTables;
import dev.countersign.store.dynamodb.DynamoDbApprovalStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * {@code countersign up} as a child process on fixed ports and one data directory, so that a crash test or the
 * redelivery benchmark can kill it with {@code kill -9} and start it again on the same data, as a person would after a
 * crash: the old links (which carry the web port) still point at it. The child runs this JVM's class path.
 */
public final class UpProcess implements AutoCloseable {
    private final Path data;
    private final int webPort;
    private final int enginePort;
    private final int dynamoDbPort;
    private final Path logs;
    private Process process;
    private Path out;
    private int starts;

    /** @param directory where the data directory ({@code data}) and each start's output go */
    public UpProcess(Path directory) {
        this.data = directory.resolve("data");
        this.logs = directory;
        this.webPort = freePort();
        this.enginePort = freePort();
        this.dynamoDbPort = freePort();
    }

    public Path data() {
        return data;
    }

    public int webPort() {
        return webPort;
    }

    public int enginePort() {
        return enginePort;
    }

    public int dynamoDbPort() {
        return dynamoDbPort;
    }

    /** An SDK client of its dynalite (the port stays the same across restarts); the caller closes it. */
    public DynamoDbClient dynamoDbClient() {
        return DynamoDbClient.builder().endpointOverride(URI.create("http://127.0.0.1:" + dynamoDbPort))
                .region(Region.US_EAST_1).httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("l", "l"))).build();
    }

    /** An SDK client of its Step Functions API (the engine's port); the caller closes it. */
    public SfnClient sfnClient() {
        return SfnClient.builder().endpointOverride(URI.create("http://127.0.0.1:" + enginePort))
                .region(Region.US_EAST_1).httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("l", "l"))).build();
    }

    /** The approval store over {@code dynamoDb} with this runtime's audit key (there after the first start). */
    public DynamoDbApprovalStore store(DynamoDbClient dynamoDb) {
        return DynamoDbApprovalStore.overSdk(dynamoDb, CountersignTables.defaults(),
                AuditKeys.localKey(data.resolve(AuditKeys.KEY_FILE)), Clock.systemUTC(), AnchorPublisher.OFF);
    }

    /** How many recorded decisions a start's banner says the start-up sweep handed over (0 when it says none). */
    public static int decisionsHandedOver(String banner) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("handed (\\d+) recorded decision").matcher(banner);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    /** Starts it and waits for its banner; what it printed. */
    public String start() {
        out = logs.resolve("out-" + (++starts) + ".txt");
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElseThrow(() -> new IllegalStateException(
                        "cannot tell which java runs this JVM")),
                "-Xmx512m", "-Dcountersign.root=" + ProjectRoot.locate(), "-cp", absoluteClassPath(),
                CountersignUp.class.getName(), "--port", Integer.toString(webPort), "--engine-port",
                Integer.toString(enginePort), "--dynamodb-port", Integer.toString(dynamoDbPort), "--data",
                data.toString(), "--no-example"));
        try {
            process = new ProcessBuilder(command).directory(logs.toFile()).redirectErrorStream(true)
                    .redirectOutput(out.toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long giveUp = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < giveUp && process.isAlive()) {
            String printed = output();
            if (printed.contains("Ctrl-C stops")) {
                return printed;
            }
            sleep(20); // polling the child's output file; there is nothing to block on
        }
        throw new IllegalStateException(process.isAlive() ? "countersign up did not start within 120 s: " + output()
                : "countersign up exited with status " + process.exitValue() + ": " + output());
    }

    /** {@code kill -9}: no shutdown hook runs; its dynalite sees its pipe close and goes too. */
    public void kill() {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
            for (ProcessHandle child : children) {
                child.onExit().get(30, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new IllegalStateException("the killed runtime or its dynalite did not go away", e);
        }
    }

    /** What the current (or last) start printed so far. */
    public String output() {
        try {
            return Files.exists(out) ? Files.readString(out, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroy(); // SIGTERM: a clean stop
            try {
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }

    /** This JVM's class path with every entry absolute: the child runs in another directory. */
    private static String absoluteClassPath() {
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            entries.add(Path.of(entry).toAbsolutePath().toString());
        }
        return String.join(java.io.File.pathSeparator, entries);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
