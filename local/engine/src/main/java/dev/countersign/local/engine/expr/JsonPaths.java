package dev.countersign.local.engine.expr;

import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.local.engine.expr.internal.CompiledPaths;
import dev.countersign.local.engine.expr.internal.PathSyntax;
import dev.countersign.local.engine.expr.internal.PathSyntax.PathSyntaxException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * JSONPath in the Amazon States Language: Paths (read) and Reference Paths (write).
 *
 * <p>A Path starts at {@code $} (the document the caller puts in {@link Scope#input()}), at {@code $$} (the context
 * object) or at {@code $name} (a workflow variable), and continues with {@code .field}, {@code ['field']},
 * {@code [index]} (negative counts from the end) or any richer Jayway JSONPath syntax (wildcards, filters, slices,
 * unions, deep scans, functions). A <em>definite</em> path selects one node or nothing; an indefinite one always
 * yields an array (empty when nothing matched).
 *
 * <p>For speed, {@link #compile} once and keep the {@link Path}; the static {@link #read}/{@link #write} methods
 * compile through a bounded cache. Returned nodes are shared with the documents they were read from, and
 * {@link ReferencePath#write} copies only the objects along the path: treat every JsonNode as immutable.
 */
public final class JsonPaths {
    /** Enough for every path of every loaded definition; cleared wholesale if some caller floods it. */
    private static final int CACHE_LIMIT = 8_192;
    private static final Map<String, Path> PATHS = new ConcurrentHashMap<>();
    private static final Map<String, ReferencePath> REFERENCE_PATHS = new ConcurrentHashMap<>();

    private JsonPaths() {
    }

    /** The document a Path starts from. */
    public enum Root {
        /** {@code $}: the document the caller chose as {@link Scope#input()}. */
        INPUT,
        /** {@code $$}: the context object. */
        CONTEXT,
        /** {@code $name}: a workflow variable. */
        VARIABLE
    }

    /** A parsed Path; immutable, thread-safe and reusable across executions. */
    public interface Path {
        /** The path as written in the definition. */
        String text();

        Root root();

        /** The variable's name without {@code $} when {@link #root()} is {@link Root#VARIABLE}, else null. */
        String variable();

        /** True when the path selects at most one node; an indefinite path always yields an array. */
        boolean definite();

        /** Reads the path against the scope's root document; empty when it selects nothing. */
        Optional<JsonNode> read(Scope scope);

        /** Reads the path against a root document the caller already picked. */
        Optional<JsonNode> readFrom(JsonNode rootDocument);

        /**
         * Reads the path, failing as Step Functions does for InputPath, OutputPath and ItemsPath when it selects
         * nothing: States.Runtime with the cause {@code Invalid path '$.x' : No results for path: $['x']}.
         */
        JsonNode require(Scope scope);
    }

    /** A Path limited to plain field and index steps, which can also place a value (ResultPath). */
    public interface ReferencePath extends Path {
        /**
         * Returns {@code document} with {@code value} placed at this path: {@code $} replaces the whole document,
         * missing intermediate objects are created, and a step through anything that is not an object (or, for an
         * index, not an array holding that index) fails with States.ResultPathMatchFailure.
         *
         * @throws IllegalArgumentException when the path is rooted at {@code $$} or a variable
         */
        JsonNode write(JsonNode document, JsonNode value);
    }

    /**
     * Parses a Path.
     *
     * @throws IllegalArgumentException with a message naming the problem when the text is not a Path
     */
    public static Path compile(String path) {
        Path cached = PATHS.get(path);
        if (cached != null) {
            return cached;
        }
        Path compiled = CompiledPaths.compile(path);
        if (PATHS.size() >= CACHE_LIMIT) {
            PATHS.clear();
        }
        PATHS.put(path, compiled);
        return compiled;
    }

    /**
     * Parses a Reference Path (plain field and index steps only).
     *
     * @throws IllegalArgumentException with a message naming the problem when the text is not a Reference Path
     */
    public static ReferencePath compileReference(String path) {
        ReferencePath cached = REFERENCE_PATHS.get(path);
        if (cached != null) {
            return cached;
        }
        ReferencePath compiled = CompiledPaths.compileReference(path);
        if (REFERENCE_PATHS.size() >= CACHE_LIMIT) {
            REFERENCE_PATHS.clear();
        }
        REFERENCE_PATHS.put(path, compiled);
        return compiled;
    }

    /**
     * Reads a Path against a scope: {@code $...} against {@link Scope#input()}, {@code $$...} against the context
     * object, {@code $name...} against a variable. Empty when the path selects nothing.
     *
     * @throws IllegalArgumentException when the text is not a Path (validate definitions with {@link #checkPath})
     */
    public static Optional<JsonNode> read(String path, Scope scope) {
        return compile(path).read(scope);
    }

    /**
     * Returns {@code document} with {@code value} placed at a Reference Path (ResultPath semantics): {@code "$"}
     * replaces the whole document; a missing intermediate object is created; a non-object on the way fails with
     * {@code States.ResultPathMatchFailure}.
     */
    public static JsonNode write(JsonNode document, String referencePath, JsonNode value) {
        return compileReference(referencePath).write(document, value);
    }

    /** Problems with a Path (empty when valid). */
    public static List<String> checkPath(String path) {
        try {
            compile(path);
            return List.of();
        } catch (PathSyntaxException e) {
            return List.of(e.getMessage());
        }
    }

    /**
     * Problems with a Reference Path: only simple dot/bracket steps, no filters or wildcards (empty when valid).
     * Roots {@code $$} and {@code $name} are accepted (SecondsPath, TimeoutSecondsPath, … may read them); use
     * {@link #checkResultPath} for a path that is written.
     */
    public static List<String> checkReferencePath(String path) {
        try {
            compileReference(path);
            return List.of();
        } catch (PathSyntaxException e) {
            return List.of(e.getMessage());
        }
    }

    /** Problems with a ResultPath: a Reference Path rooted at {@code $} (empty when valid). */
    public static List<String> checkResultPath(String path) {
        List<String> problems = checkReferencePath(path);
        if (!problems.isEmpty()) {
            return problems;
        }
        Root root = compileReference(path).root();
        if (root != Root.INPUT) {
            return List.of("'" + path + "' cannot receive a result: a ResultPath must start with '$' (the state's "
                    + "input), not with " + (root == Root.CONTEXT ? "'$$' (the context object is read-only)"
                    : "a variable (assign variables with \"Assign\")"));
        }
        return List.of();
    }

    /** Problems with a workflow variable name (Unicode identifier, at most 80 characters); empty when valid. */
    public static List<String> checkVariableName(String name) {
        return PathSyntax.checkVariableName(name);
    }
}
