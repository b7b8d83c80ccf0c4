package dev.countersign.local.engine.expr;

import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.local.engine.DefinitionProblem;
import dev.countersign.local.engine.expr.internal.choice.ChoiceOperators;
import dev.countersign.local.engine.expr.internal.choice.ChoiceRuleCompiler;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Choice rules of the JSONPath query language: every comparison operator (…Equals, …LessThan, …Path forms,
 * Is… tests, StringMatches), And/Or/Not. One class per operator, looked up in a registry.
 *
 * <p>As in Step Functions, a value of the wrong type never matches (StringEquals on a number is false), while a
 * {@code Variable} that selects nothing fails with States.Runtime ({@code Invalid path '$.x': The choice state's
 * condition path references an invalid value.}) unless the rule is {@code IsPresent}.
 */
public final class ChoiceRules {
    private ChoiceRules() {
    }

    /** A parsed rule; thread-safe and reusable across executions. */
    public interface ChoiceRule {
        boolean matches(Scope scope);
    }

    /**
     * Parses a rule (a Choices[] element without its Next, or a nested And/Or/Not element). The fields
     * {@code Next}, {@code Assign} and {@code Comment} of a top-level rule are ignored here.
     *
     * @throws IllegalArgumentException listing every problem {@link #check} would report
     */
    public static ChoiceRule parse(JsonNode rule) {
        return ChoiceRuleCompiler.parse(rule);
    }

    /** Problems with a rule, located under {@code location} (empty when valid). */
    public static List<DefinitionProblem> check(JsonNode rule, String location) {
        List<DefinitionProblem> problems = new ArrayList<>();
        ChoiceRuleCompiler.check(rule, location, true, problems);
        return problems;
    }

    /** Every operator name a rule may use, including the …Path forms and And, Or and Not. */
    public static Set<String> operatorNames() {
        return ChoiceOperators.names();
    }
}
