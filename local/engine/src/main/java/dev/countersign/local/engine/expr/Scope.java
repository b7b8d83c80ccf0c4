package dev.countersign.local.engine.expr;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * What an expression can see.
 *
 * @param input       the document {@code $} refers to in JSONPath (the caller picks it: raw input, effective input,
 *                    raw result, …); {@code $states.input} in JSONata
 * @param result      {@code $states.result} in JSONata (null when the state has no result yet)
 * @param errorOutput {@code $states.errorOutput} in JSONata (null unless evaluating a Catch)
 * @param context     the context object: {@code $$} in JSONPath, {@code $states.context} in JSONata
 * @param variables   workflow variables in scope ({@code $name} in both languages); never null
 */
public record Scope(JsonNode input, JsonNode result, JsonNode errorOutput, JsonNode context,
                    Map<String, JsonNode> variables) {

    public static Scope of(JsonNode input, JsonNode context, Map<String, JsonNode> variables) {
        return new Scope(input, null, null, context, variables);
    }

    public Scope withInput(JsonNode newInput) {
        return new Scope(newInput, result, errorOutput, context, variables);
    }
}
