package dev.countersign.local.engine.expr;

import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.local.engine.DefinitionProblem;
import java.util.List;

/**
 * Choice rules of the JSONPath query language: every comparison operator (…Equals, …LessThan, …Path forms,
 * Is… tests, StringMatches), And/Or/Not. One class per operator, looked up in a registry.
 */
public final class ChoiceRules {
    private ChoiceRules() {
    }

    /** A parsed rule; thread-safe and reusable across executions. */
    public interface ChoiceRule {
        boolean matches(Scope scope);
    }

    /** Parses a rule (a Choices[] element without its Next, or a nested And/Or/Not element). */
    public static ChoiceRule parse(JsonNode rule) {
        throw new UnsupportedOperationException("ChoiceRules.parse: implemented on the engine-expr branch");
    }

    /** Problems with a rule, located under {@code location} (empty when valid). */
    public static List<DefinitionProblem> check(JsonNode rule, String location) {
        throw new UnsupportedOperationException("ChoiceRules.check: implemented on the engine-expr branch");
    }
}
