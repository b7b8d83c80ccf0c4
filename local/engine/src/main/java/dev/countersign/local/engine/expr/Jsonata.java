package dev.countersign.local.engine.expr;

import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.local.engine.DefinitionProblem;
import java.util.List;

/**
 * The JSONata query language: a value (string, object, array) whose strings of the form {@code {% expr %}} are
 * evaluated with {@code $states} (input, result, errorOutput, context) and the variables in scope bound; everything
 * else is copied. Evaluation errors fail with {@code States.QueryEvaluationError}.
 */
public final class Jsonata {
    private Jsonata() {
    }

    /** Evaluates a template (Arguments, Output, Assign values, Items, TimeoutSeconds, …). */
    public static JsonNode evaluate(JsonNode template, Scope scope) {
        throw new UnsupportedOperationException("Jsonata.evaluate: implemented on the engine-expr branch");
    }

    /** Evaluates a Choice {@code Condition}: the result must be a boolean, else States.QueryEvaluationError. */
    public static boolean condition(String expression, Scope scope) {
        throw new UnsupportedOperationException("Jsonata.condition: implemented on the engine-expr branch");
    }

    /** Problems with the {@code {% %}} expressions in a template, located under {@code location}. */
    public static List<DefinitionProblem> check(JsonNode template, String location) {
        throw new UnsupportedOperationException("Jsonata.check: implemented on the engine-expr branch");
    }
}
