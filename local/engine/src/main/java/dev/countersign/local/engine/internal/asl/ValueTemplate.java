package dev.countersign.local.engine.internal.asl;

import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.local.engine.expr.Jsonata;
import dev.countersign.local.engine.expr.PayloadTemplates;
import dev.countersign.local.engine.expr.Scope;

/**
 * A part of a state that computes a JSON value when the state runs — a JSONPath payload template (Parameters,
 * ResultSelector, ItemSelector, Assign) or a JSONata template (Arguments, Output, Assign, Items, ItemSelector) —
 * compiled once, when the definition is parsed.
 */
@FunctionalInterface
public interface ValueTemplate {

    /**
     * Builds the value. Failures are the {@link dev.countersign.local.engine.StatesFailure}s the template raises
     * (States.Runtime for a JSONPath that selects nothing, States.QueryEvaluationError in JSONata).
     */
    JsonNode evaluate(Scope scope);

    static ValueTemplate of(PayloadTemplates.Template template) {
        return template::apply;
    }

    static ValueTemplate of(Jsonata.Template template) {
        return template::evaluate;
    }
}
