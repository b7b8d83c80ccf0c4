package dev.countersign.local.engine.expr;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;

/** JSONPath in the Amazon States Language: Paths (read) and Reference Paths (write). */
public final class JsonPaths {
    private JsonPaths() {
    }

    /**
     * Reads a Path against a scope: {@code $...} against {@link Scope#input()}, {@code $$...} against the context
     * object, {@code $name...} against a variable. Empty when the path selects nothing.
     */
    public static Optional<JsonNode> read(String path, Scope scope) {
        throw new UnsupportedOperationException("JsonPaths.read: implemented on the engine-expr branch");
    }

    /**
     * Returns {@code document} with {@code value} placed at a Reference Path (ResultPath semantics): {@code "$"}
     * replaces the whole document; a missing intermediate object is created; a non-object on the way fails with
     * {@code States.ResultPathMatchFailure}.
     */
    public static JsonNode write(JsonNode document, String referencePath, JsonNode value) {
        throw new UnsupportedOperationException("JsonPaths.write: implemented on the engine-expr branch");
    }

    /** Problems with a Path (empty when valid). */
    public static List<String> checkPath(String path) {
        throw new UnsupportedOperationException("JsonPaths.checkPath: implemented on the engine-expr branch");
    }

    /** Problems with a Reference Path: only simple dot/bracket steps, no filters or wildcards (empty when valid). */
    public static List<String> checkReferencePath(String path) {
        throw new UnsupportedOperationException("JsonPaths.checkReferencePath: implemented on the engine-expr branch");
    }
}
