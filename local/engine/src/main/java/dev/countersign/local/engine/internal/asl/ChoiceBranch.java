package dev.countersign.local.engine.internal.asl;

import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.local.engine.expr.ChoiceRules;

/**
 * One element of a Choice state's {@code Choices}: a JSONPath rule or a JSONata {@code Condition}, with its target.
 *
 * @param rule      JSONPath: the parsed rule (null in JSONata)
 * @param condition JSONata: the Condition expression (a {@code {% %}} string, or a literal boolean as text)
 * @param assign    null when absent
 * @param output    JSONata only; null when absent
 */
public record ChoiceBranch(ChoiceRules.ChoiceRule rule, JsonNode condition, String next, JsonNode assign,
                           JsonNode output) {
}
