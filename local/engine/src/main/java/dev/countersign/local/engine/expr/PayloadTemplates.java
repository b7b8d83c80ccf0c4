package dev.countersign.local.engine.expr;

import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.local.engine.DefinitionProblem;
import java.util.List;

/**
 * Payload templates of the JSONPath query language ({@code Parameters}, {@code ResultSelector},
 * {@code ItemSelector}, JSONPath {@code Assign}): a field whose name ends in {@code .$} takes the value of a Path,
 * a context path, a variable or an intrinsic function call; every other field is copied as it is.
 */
public final class PayloadTemplates {
    private PayloadTemplates() {
    }

    /** Applies a template; a path that selects nothing fails with States.Runtime naming the field. */
    public static JsonNode apply(JsonNode template, Scope scope) {
        throw new UnsupportedOperationException("PayloadTemplates.apply: implemented on the engine-expr branch");
    }

    /** Problems with a template, each located under {@code location} (e.g. {@code $.States.A.Parameters}). */
    public static List<DefinitionProblem> check(JsonNode template, String location) {
        throw new UnsupportedOperationException("PayloadTemplates.check: implemented on the engine-expr branch");
    }
}
