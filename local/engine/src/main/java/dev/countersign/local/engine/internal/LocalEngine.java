package dev.countersign.local.engine.internal;

import dev.countersign.local.engine.Engine;
import dev.countersign.local.engine.EngineOptions;

/** The engine implementation (being built: see the engine-core branch). */
public final class LocalEngine {
    private LocalEngine() {
    }

    public static Engine open(EngineOptions options) {
        throw new UnsupportedOperationException("the local engine is being implemented on the engine-core branch");
    }
}
