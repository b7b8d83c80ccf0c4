package dev.countersign.local.dynalite;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A dynalite server (DynamoDB-compatible, open source) run from the repository's {@code node_modules}.
 *
 * <p>The Node process watches its stdin: when this JVM exits for any reason, even {@code kill -9}, the pipe closes
 * and dynalite exits with it, after the requests it is serving have finished. Tables are created instantly (no
 * simulated CREATING state). Each item is written together with its index entries in one LevelDB batch, so a killed
 * process never leaves an index ahead of its item (docs/local-runtime.md, "Local DynamoDB"); with
 * {@code syncWrites} the batch is also forced to the disk before dynalite answers.
 */
public final class DynaliteServer implements AutoCloseable {
    private static final String SCRIPT = "supervised-dynalite.js";
    private static final long START_TIMEOUT_SECONDS = 30;

    private final Process process;
    private final int port;
    private final Path dataDirectory;

    private DynaliteServer(Process process, int port, Path dataDirectory) {
        this.process = process;
        this.port = port;
        this.dataDirectory = dataDirectory;
    }

    /** Starts an in-memory server on a free port: for tests. */
    public static DynaliteServer startInMemory() {
        return start(ProjectRoot.locate(), 0, null);
    }

    /**
     * Starts a server.
     *
     * @param projectRoot   the repository root, whose {@code node_modules} holds dynalite
     * @param port          the port on 127.0.0.1, or 0 for a free one
     * @param dataDirectory where LevelDB keeps the tables, or null to keep them in memory
     * @throws DynaliteUnavailableException when Node or dynalite is missing or the server does not start; the
     *                                      message says what to run
     */
    public static DynaliteServer start(Path projectRoot, int port, Path dataDirectory) {
        return start(projectRoot, port, dataDirectory, false);
    }

    /**
     * As {@link #start(Path, int, Path)}.
     *
     * @param syncWrites force every item write to the disk before it is acknowledged (LevelDB's {@code sync}), so that
     *                   it survives a power loss and not only a killed process; slower, and only for a data directory
     */
    public static DynaliteServer start(Path projectRoot, int port, Path dataDirectory, boolean syncWrites) {
        Path module = projectRoot.resolve("node_modules").resolve("dynalite");
        if (!Files.isRegularFile(module.resolve("package.json"))) {
            throw new DynaliteUnavailableException("dynalite is not installed in " + projectRoot.resolve("node_modules")
                    + ": run `npm ci` in " + projectRoot + " (it installs the pinned dynalite 4.0.0)");
        }
        String node = NodeExecutable.find();
        List<String> command = new ArrayList<>(List.of(node, writeScript().toString(), module.toString(),
                Integer.toString(port)));
        if (dataDirectory != null) {
            try {
                Files.createDirectories(dataDirectory);
            } catch (IOException e) {
                throw new DynaliteUnavailableException("cannot create the dynalite data directory " + dataDirectory
                        + ": " + e.getMessage() + " — choose a writable directory");
            }
            command.add("--path=" + dataDirectory.toAbsolutePath());
            if (syncWrites) {
                command.add("--sync");
            }
        }
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new DynaliteUnavailableException("cannot run " + node + ": " + e.getMessage()
                    + " — install Node.js 20 or newer (for example: apt-get install nodejs npm)");
        }
        int actualPort = awaitListening(process, port, dataDirectory);
        return new DynaliteServer(process, actualPort, dataDirectory);
    }

    private static int awaitListening(Process process, int requestedPort, Path dataDirectory) {
        CompletableFuture<Integer> listening = new CompletableFuture<>();
        List<String> output = new ArrayList<>();
        Thread reader = new Thread(() -> pump(process.getInputStream(), listening, output), "dynalite-output");
        reader.setDaemon(true);
        reader.start();
        try {
            return listening.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new DynaliteUnavailableException("interrupted while starting dynalite");
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            String seen;
            synchronized (output) {
                seen = String.join(" | ", output);
            }
            String hint = seen.contains("EADDRINUSE")
                    ? "port " + requestedPort + " is already in use: stop what uses it or choose another port"
                    : seen.contains("LOCK") || seen.contains("lock")
                            ? "another dynalite holds " + dataDirectory + ": stop it first"
                            : "see its output";
            throw new DynaliteUnavailableException("dynalite did not start (" + hint + "): " + seen);
        }
    }

    private static void pump(InputStream stream, CompletableFuture<Integer> listening, List<String> output) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.startsWith("dynalite-listening ")) {
                    listening.complete(Integer.parseInt(line.substring("dynalite-listening ".length()).trim()));
                } else if (!listening.isDone()) {
                    synchronized (output) {
                        output.add(line);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            listening.completeExceptionally(e);
        }
        listening.completeExceptionally(new IOException("dynalite exited"));
    }

    private static Path writeScript() {
        try (InputStream in = DynaliteServer.class.getResourceAsStream(SCRIPT)) {
            if (in == null) {
                throw new IllegalStateException(SCRIPT + " is missing from the classpath");
            }
            Path file = Files.createTempFile("countersign-dynalite-", ".js");
            file.toFile().deleteOnExit();
            Files.write(file, in.readAllBytes());
            return file;
        } catch (IOException e) {
            throw new DynaliteUnavailableException("cannot write the dynalite launcher script: " + e.getMessage());
        }
    }

    /** {@code http://127.0.0.1:<port>}: pass it as the DynamoDB endpoint override. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public int port() {
        return port;
    }

    /** Where the tables are kept, or null when in memory. */
    public Path dataDirectory() {
        return dataDirectory;
    }

    public boolean isRunning() {
        return process.isAlive();
    }

    /** The Node process's id (tests kill it to see what a crash of dynalite does). */
    public long pid() {
        return process.pid();
    }

    /** Completes when the Node process has exited, for whatever reason. */
    public CompletableFuture<Process> onExit() {
        return process.onExit();
    }

    /** The Node process's exit status, or -1 while it runs. */
    public int exitValue() {
        return process.isAlive() ? -1 : process.exitValue();
    }

    @Override
    public void close() {
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // the process is going away either way
        }
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
