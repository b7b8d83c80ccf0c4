package dev.countersign.benchmarks;

import dev.countersign.local.engine.Engine;
import dev.countersign.local.engine.EngineOptions;
import dev.countersign.local.engine.ExecutionStatus;
import dev.countersign.local.engine.ExecutionSummary;
import dev.countersign.local.engine.FsyncPolicy;
import dev.countersign.local.engine.Page;
import dev.countersign.local.engine.api.StepFunctionsServer;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * Measures the local engine against the DESIGN.md budgets and prints each figure with its target: throughput of a
 * 10-state Pass/Choice machine (default fsync and fsync off), callback resume latency (in-process and over HTTP),
 * heap per paused execution, and restart recovery with every execution paused. Prints; never judges.
 */
public final class EngineBenchmark {
    private static final Duration PHASE_DEADLINE = Duration.ofMinutes(10);

    private final EngineBenchmarkParameters parameters;
    private final PrintStream out;
    private final Path workDirectory;
    private final EngineProbe probe = new EngineProbe();
    private final ExecutorService clients;

    /**
     * @param workDirectory an empty directory for the engines' journals (one subdirectory per measurement)
     */
    public EngineBenchmark(EngineBenchmarkParameters parameters, PrintStream out, Path workDirectory) {
        this.parameters = parameters;
        this.out = out;
        this.workDirectory = workDirectory;
        this.clients = Executors.newFixedThreadPool(parameters.clientThreads());
    }

    public EngineBenchmarkReport run() throws Exception {
        try {
            out.printf(Locale.ROOT, "Countersign engine benchmark: Java %s, %d processors, max heap %s, data under %s%n",
                    System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                    bytes(Runtime.getRuntime().maxMemory()), workDirectory);

            double always = throughput(FsyncPolicy.ALWAYS, "throughput-fsync-always");
            figure("throughput, 10-state Pass/Choice machine, fsync ALWAYS (engine default)",
                    String.format(Locale.ROOT, "%.1f executions/s", always), "none set in DESIGN.md");
            double never = throughput(FsyncPolicy.NEVER, "throughput-fsync-never");
            figure("throughput, 10-state Pass/Choice machine, fsync NEVER",
                    String.format(Locale.ROOT, "%.1f executions/s", never), "none set in DESIGN.md");

            LatencyFigure inProcess;
            LatencyFigure http;
            try (Engine engine = open("callback-latency", FsyncPolicy.ALWAYS)) {
                String machine = engine.createStateMachine("callback", BenchmarkMachines.CALLBACK, null)
                        .stateMachineArn();
                inProcess = callbackLatency(engine, machine, "in-process", parameters.latencySamples(),
                        token -> engine.sendTaskSuccess(token, "{\"outcome\":\"APPROVED\"}"));
                figure("callback resume latency (SendTaskSuccess -> next state entered), in-process API",
                        inProcess.toString(), "p99 under 20 ms");
                try (StepFunctionsServer server = StepFunctionsServer.startOnLoopback(engine, 0);
                     SfnClient sfn = sfnClient(server.endpoint())) {
                    http = callbackLatency(engine, machine, "http", parameters.httpLatencySamples(),
                            token -> sfn.sendTaskSuccess(b -> b.taskToken(token).output("{\"outcome\":\"APPROVED\"}")));
                }
                figure("callback resume latency (SendTaskSuccess -> next state entered), HTTP API with SfnClient",
                        http.toString(), "p99 under 20 ms");
            }

            return pausedAndRestart(always, never, inProcess, http);
        } finally {
            clients.shutdownNow();
        }
    }

    // ---- throughput ----------------------------------------------------------------------------------------------

    private double throughput(FsyncPolicy policy, String directory) throws Exception {
        try (Engine engine = open(directory, policy)) {
            String machine = engine.createStateMachine("ten-states", BenchmarkMachines.TEN_STATES, null)
                    .stateMachineArn();
            if (parameters.warmupExecutions() > 0) {
                runToCompletion(engine, machine, "warmup-", parameters.warmupExecutions());
            }
            long nanos = runToCompletion(engine, machine, "timed-", parameters.throughputExecutions());
            return parameters.throughputExecutions() / (nanos / 1e9);
        }
    }

    /** Starts {@code count} executions from the client threads and waits until all have succeeded. */
    private long runToCompletion(Engine engine, String machine, String namePrefix, int count) throws Exception {
        CountDownLatch closed = probe.expectClosed(namePrefix, count);
        long start = System.nanoTime();
        startExecutions(engine, machine, namePrefix, count);
        await(closed, namePrefix + " executions to finish");
        long elapsed = System.nanoTime() - start;
        if (!probe.failures().isEmpty()) {
            throw new IllegalStateException("an execution of the benchmark machine did not succeed: "
                    + probe.failures().get(0));
        }
        return elapsed;
    }

    private List<String> startExecutions(Engine engine, String machine, String namePrefix, int count)
            throws Exception {
        List<Future<String>> starts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String name = namePrefix + i;
            String input = "{\"n\":" + i + "}";
            starts.add(clients.submit(() -> engine.startExecution(machine, name, input).executionArn()));
        }
        List<String> arns = new ArrayList<>(count);
        for (Future<String> start : starts) {
            arns.add(start.get(PHASE_DEADLINE.toMillis(), TimeUnit.MILLISECONDS));
        }
        return arns;
    }

    // ---- callback latency ----------------------------------------------------------------------------------------

    /** Pauses executions on a token, then completes them one at a time, timing each until the next state. */
    private LatencyFigure callbackLatency(Engine engine, String machine, String label, int samples,
                                          Consumer<String> sendSuccess) throws Exception {
        if (parameters.warmupExecutions() > 0) {
            timeCallbacks(engine, machine, label + "-warmup-", Math.min(parameters.warmupExecutions(), samples),
                    sendSuccess);
        }
        return LatencyFigure.of(timeCallbacks(engine, machine, label + "-timed-", samples, sendSuccess));
    }

    private long[] timeCallbacks(Engine engine, String machine, String namePrefix, int count,
                                 Consumer<String> sendSuccess) throws Exception {
        List<String> executions = startExecutions(engine, machine, namePrefix, count);
        List<String> tokens = new ArrayList<>(count);
        for (String execution : executions) {
            tokens.add(probe.token(execution).get(PHASE_DEADLINE.toMillis(), TimeUnit.MILLISECONDS));
        }
        awaitIdle(engine);
        long[] latencies = new long[count];
        for (int i = 0; i < count; i++) {
            CompletableFuture<Long> resumed = probe.expectResumed(executions.get(i));
            long sent = System.nanoTime();
            sendSuccess.accept(tokens.get(i));
            latencies[i] = resumed.get(PHASE_DEADLINE.toMillis(), TimeUnit.MILLISECONDS) - sent;
        }
        probe.forgetResumed();
        awaitIdle(engine);
        return latencies;
    }

    // ---- memory and restart --------------------------------------------------------------------------------------

    private EngineBenchmarkReport pausedAndRestart(double always, double never, LatencyFigure inProcess,
                                                   LatencyFigure http) throws Exception {
        int paused = parameters.pausedExecutions();
        probe.stopKeepingTokens();
        String machine;
        String anyExecution;
        long baseline;
        long held;
        try (Engine engine = open("paused", FsyncPolicy.ALWAYS)) {
            machine = engine.createStateMachine("paused", BenchmarkMachines.CALLBACK, null).stateMachineArn();
            baseline = heapAfterGc();
            long start = System.nanoTime();
            int before = probe.invocations();
            anyExecution = startExecutions(engine, machine, "paused-", paused).get(0);
            awaitInvocations(before + paused);
            awaitIdle(engine);
            long setup = System.nanoTime() - start;
            held = heapAfterGc();
            out.printf(Locale.ROOT, "  (%,d executions started and paused in %.1f s, fsync ALWAYS)%n", paused,
                    setup / 1e9);
        }
        double perExecution = (double) (held - baseline) / paused;
        figure(String.format(Locale.ROOT, "memory per paused execution (%,d paused)", paused),
                String.format(Locale.ROOT, "%s (heap after GC %s; empty-engine baseline %s, same run)",
                        bytes((long) perExecution), bytes(held), bytes(baseline)),
                "none set in DESIGN.md (it asks that 10,000 be held)");

        double toRecovered;
        double toFirstCall;
        StepFunctionsServer server = StepFunctionsServer.bind(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        try (SfnClient sfn = sfnClient(server.endpoint())) {
            long start = System.nanoTime();
            try (Engine engine = open("paused", FsyncPolicy.ALWAYS)) {
                server.serve(engine);
                CompletableFuture<Long> firstCall = CompletableFuture.supplyAsync(() -> {
                    sfn.describeExecution(b -> b.executionArn(anyExecution));
                    return System.nanoTime();
                }, clients);
                awaitIdle(engine);
                long recovered = System.nanoTime();
                long answered = firstCall.get(PHASE_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
                toRecovered = (recovered - start) / 1e6;
                toFirstCall = (answered - start) / 1e6;
                verifyRecovered(engine, machine, paused);
            }
        } finally {
            server.close();
        }
        String target = "under 5 s for 10,000 paused";
        figure(String.format(Locale.ROOT, "restart recovery (%,d paused): open -> all recovered", paused),
                String.format(Locale.ROOT, "%.0f ms", toRecovered), target);
        figure(String.format(Locale.ROOT, "restart recovery (%,d paused): open -> first API call served", paused),
                String.format(Locale.ROOT, "%.0f ms", toFirstCall), target);
        return new EngineBenchmarkReport(always, never, inProcess, http, paused, baseline, held, toRecovered,
                toFirstCall);
    }

    /** After the restart every execution is still RUNNING, and a token issued before the restart still completes. */
    private void verifyRecovered(Engine engine, String machine, int paused) throws Exception {
        int running = 0;
        String next = null;
        do {
            Page<ExecutionSummary> page = engine.listExecutions(machine, ExecutionStatus.RUNNING, 1000, next);
            running += page.items().size();
            next = page.nextToken();
        } while (next != null);
        if (running != paused) {
            throw new IllegalStateException(running + " of " + paused + " paused executions are RUNNING after the"
                    + " restart");
        }
        String token = probe.keptTokens().get(0);
        CountDownLatch closed = probe.expectClosed("paused-", 1);
        engine.sendTaskSuccess(token, "{\"outcome\":\"APPROVED\"}");
        await(closed, "the execution completed after the restart to finish");
        out.printf(Locale.ROOT, "  (after the restart: %,d executions RUNNING, and a token issued before the restart"
                + " completed its execution)%n", running);
    }

    // ---- plumbing ------------------------------------------------------------------------------------------------

    private Engine open(String directory, FsyncPolicy policy) {
        return Engine.open(EngineOptions.builder(workDirectory.resolve(directory))
                .fsyncPolicy(policy)
                .listener(probe)
                .lambdaFunctions(probe)
                .build());
    }

    private void figure(String label, String value, String target) {
        out.printf(Locale.ROOT, "%s: %s  [DESIGN.md target: %s]%n", label, value, target);
        out.flush();
    }

    private void awaitIdle(Engine engine) throws InterruptedException {
        if (!engine.awaitIdle(PHASE_DEADLINE)) {
            throw new IllegalStateException("the engine did not become idle within " + PHASE_DEADLINE);
        }
    }

    private void await(CountDownLatch latch, String what) throws InterruptedException {
        if (!latch.await(PHASE_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("timed out waiting for " + what + " (" + latch.getCount() + " left)");
        }
    }

    private void awaitInvocations(int count) throws InterruptedException {
        long deadline = System.nanoTime() + PHASE_DEADLINE.toNanos();
        while (probe.invocations() < count) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + probe.invocations() + " of " + count
                        + " task invocations happened within " + PHASE_DEADLINE);
            }
            Thread.sleep(5);
        }
    }

    private static long heapAfterGc() throws InterruptedException {
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(100); // give concurrent phases and reference processing time to finish
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static SfnClient sfnClient(URI endpoint) {
        return SfnClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    private static String bytes(long bytes) {
        if (Math.abs(bytes) < 10 * 1024) {
            return bytes + " B";
        }
        if (Math.abs(bytes) < 10L * 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
    }
}
