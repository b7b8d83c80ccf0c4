package dev.countersign.local.engine.internal.asl;

import dev.countersign.local.engine.expr.ChoiceRules;
import dev.countersign.local.engine.expr.Jsonata;

/**
 * One element of a Choice state's {@code Choices}: a JSONPath rule or a JSONata {@code Condition}, with its target.
 *
 * @param rule      JSONPath: the parsed rule (null in JSONata)
 * @param condition JSONata: the compiled Condition (a {@code {% %}} expression, or a literal true/false)
 * @param assign    null when absent
 * @param output    JSONata only; null when absent
 */
public record ChoiceBranch(ChoiceRules.ChoiceRule rule, Jsonata.Condition condition, String next,
                           ValueTemplate assign, ValueTemplate output) {
}
