package dev.countersign.functions.internal;

import java.util.Objects;
import java.util.function.Supplier;

/** A value built the first time it is asked for, once, even when several threads ask at the same time. */
public final class OnFirstUse<T> implements Supplier<T> {
    private final Supplier<? extends T> factory;
    private volatile T value;

    public OnFirstUse(Supplier<? extends T> factory) {
        this.factory = Objects.requireNonNull(factory, "factory");
    }

    @Override
    public T get() {
        T v = value;
        if (v == null) {
            synchronized (this) {
                v = value;
                if (v == null) {
                    v = Objects.requireNonNull(factory.get(), "built value");
                    value = v;
                }
            }
        }
        return v;
    }

    /** True once the value was built. */
    public boolean built() {
        return value != null;
    }
}
