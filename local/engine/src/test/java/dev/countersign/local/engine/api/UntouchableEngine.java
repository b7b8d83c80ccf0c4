package dev.countersign.local.engine.api;

import dev.countersign.local.engine.Engine;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An engine that records every call and refuses it: behind the API it proves that a bad request was refused by the
 * HTTP layer before anything could change. The only stand-in in these tests; everything else is the real engine.
 */
final class UntouchableEngine {
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final Engine engine = (Engine) Proxy.newProxyInstance(Engine.class.getClassLoader(),
            new Class<?>[] {Engine.class}, (proxy, method, args) -> {
                if (method.getName().equals("close")) {
                    return null;
                }
                calls.add(method.getName());
                throw new IllegalStateException("the engine was asked to " + method.getName());
            });

    Engine engine() {
        return engine;
    }

    /** The engine methods the API called. */
    List<String> calls() {
        return List.copyOf(calls);
    }
}
