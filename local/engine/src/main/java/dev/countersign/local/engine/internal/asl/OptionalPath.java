package dev.countersign.local.engine.internal.asl;

import dev.countersign.local.engine.expr.JsonPaths;

/**
 * InputPath or OutputPath, compiled: absent means {@code $}; an explicit JSON null means "discard" (the state then
 * sees, or gives, {@code {}}).
 */
public record OptionalPath(JsonPaths.Path path) {
    public static final OptionalPath DEFAULT = new OptionalPath(JsonPaths.compile("$"));
    public static final OptionalPath DISCARD = new OptionalPath(null);

    public boolean discards() {
        return path == null;
    }

    public boolean isIdentity() {
        return path != null && path.text().equals("$");
    }
}
