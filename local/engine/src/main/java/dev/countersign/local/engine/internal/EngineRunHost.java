package dev.countersign.local.engine.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.local.engine.EngineOptions;
import dev.countersign.local.engine.ExecutionDescription;
import dev.countersign.local.engine.internal.run.RunHost;
import dev.countersign.local.engine.internal.store.ExecutionEntry;
import dev.countersign.local.engine.internal.store.ExecutionStore;

/** What the interpreter may ask of the engine (kept off the engine's own public surface). */
final class EngineRunHost implements RunHost {
    private final EngineOptions options;
    private final TaskTokens tokens;
    private final ExecutionStore store;

    EngineRunHost(EngineOptions options, TaskTokens tokens, ExecutionStore store) {
        this.options = options;
        this.tokens = tokens;
        this.store = store;
    }

    @Override
    public double jitter() {
        synchronized (options.jitter()) {
            return options.jitter().nextDouble();
        }
    }

    @Override
    public String region() {
        return options.region();
    }

    @Override
    public String newToken(long executionNumber) {
        return tokens.issue(executionNumber);
    }

    @Override
    public boolean claimToken(String token) {
        return tokens.claim(token);
    }

    @Override
    public JsonNode executionInput(ExecutionEntry entry) {
        return Json.read(store.input(entry));
    }

    @Override
    public ExecutionDescription execution(String executionArn) {
        ExecutionEntry entry = store.find(executionArn);
        return entry == null ? null : store.describe(entry);
    }
}
