package dev.countersign.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.local.engine.EngineListener;
import dev.countersign.local.engine.HistoryEvent;
import dev.countersign.local.engine.HistoryEventType;
import dev.countersign.local.engine.LambdaFunction;
import dev.countersign.local.engine.LambdaFunctions;
import dev.countersign.local.engine.LambdaInvocation;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the benchmark sees of the engine: its listener (executions finished, the resumed state entered, with the
 * time it was told) and the Lambda function that captures task tokens.
 */
final class EngineProbe implements EngineListener, LambdaFunctions {
    private final Map<String, CompletableFuture<Long>> resumed = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<String>> tokens = new ConcurrentHashMap<>();
    private final List<String> keptTokens = new CopyOnWriteArrayList<>();
    private final AtomicInteger invocations = new AtomicInteger();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private volatile Batch batch;
    private volatile boolean keepEveryToken = true;

    /** Executions whose name starts with a prefix, counted down as they succeed (or fail). */
    private record Batch(String namePrefix, CountDownLatch done) {
    }

    // ---- listener ------------------------------------------------------------------------------------------------

    @Override
    public void onHistoryEvent(String executionArn, HistoryEvent event) {
        HistoryEventType type = event.type();
        if (type.name().endsWith("StateEntered") && event.details() != null
                && BenchmarkMachines.RESUMED_STATE.equals(event.details().path("name").asText())) {
            long now = System.nanoTime();
            CompletableFuture<Long> waiting = resumed.get(executionArn);
            if (waiting != null) {
                waiting.complete(now);
            }
        }
        Batch current = batch;
        if (current != null && executionArn.substring(executionArn.lastIndexOf(':') + 1)
                .startsWith(current.namePrefix())) {
            if (type == HistoryEventType.ExecutionSucceeded) {
                current.done().countDown();
            } else if (type == HistoryEventType.ExecutionFailed || type == HistoryEventType.ExecutionTimedOut
                    || type == HistoryEventType.ExecutionAborted) {
                failures.add(executionArn + " " + type + " " + event.details());
                current.done().countDown();
            }
        }
    }

    /** Counts down as executions named {@code namePrefix…} close. */
    CountDownLatch expectClosed(String namePrefix, int count) {
        CountDownLatch done = new CountDownLatch(count);
        batch = new Batch(namePrefix, done);
        return done;
    }

    /** Completed with {@link System#nanoTime()} when the execution enters the resumed state. */
    CompletableFuture<Long> expectResumed(String executionArn) {
        return resumed.computeIfAbsent(executionArn, arn -> new CompletableFuture<>());
    }

    void forgetResumed() {
        resumed.clear();
    }

    List<String> failures() {
        return List.copyOf(failures);
    }

    // ---- the token-capturing Lambda function ---------------------------------------------------------------------

    @Override
    public Optional<LambdaFunction> find(String functionNameOrArn) {
        if (!BenchmarkMachines.CAPTURE_FUNCTION.equals(LambdaFunctions.functionName(functionNameOrArn))) {
            return Optional.empty();
        }
        return Optional.of(this::capture);
    }

    private JsonNode capture(JsonNode payload, LambdaInvocation invocation) {
        String token = payload.path("token").asText();
        invocations.incrementAndGet();
        if (keepEveryToken) {
            token(invocation.executionArn()).complete(token);
        } else if (keptTokens.size() < 3) {
            keptTokens.add(token); // a few, to show after a restart that a token issued before it still works
        }
        return payload;
    }

    CompletableFuture<String> token(String executionArn) {
        return tokens.computeIfAbsent(executionArn, arn -> new CompletableFuture<>());
    }

    /** For the memory figure: count invocations and keep only a few tokens, so the harness holds next to nothing. */
    void stopKeepingTokens() {
        keepEveryToken = false;
        tokens.clear();
    }

    int invocations() {
        return invocations.get();
    }

    List<String> keptTokens() {
        return List.copyOf(keptTokens);
    }
}
