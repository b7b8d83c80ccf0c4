package dev.countersign.local.engine.internal.asl;

import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.local.engine.expr.JsonPaths;

/**
 * ResultPath (of a state or a catcher), compiled: absent means {@code $} (the result replaces the input); an
 * explicit JSON null keeps the state input and drops the result.
 */
public record ResultPath(JsonPaths.ReferencePath path) {
    public static final ResultPath DEFAULT = new ResultPath(JsonPaths.compileReference("$"));
    public static final ResultPath DISCARD = new ResultPath(null);

    /** The state input with the result placed at this path (States.ResultPathMatchFailure when it cannot be). */
    public JsonNode place(JsonNode stateInput, JsonNode result) {
        if (path == null) {
            return stateInput;
        }
        if (path.text().equals("$")) {
            return result;
        }
        return path.write(stateInput, result);
    }
}
