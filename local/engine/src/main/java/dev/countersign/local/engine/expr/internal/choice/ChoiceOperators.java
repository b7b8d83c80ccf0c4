package dev.countersign.local.engine.expr.internal.choice;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The registry: every comparison operator by name, built once. */
public final class ChoiceOperators {
    private static final Map<String, ChoiceOperator> BY_NAME;
    private static final Set<String> ALL_NAMES;

    static {
        Map<String, ChoiceOperator> byName = new LinkedHashMap<>();
        for (ChoiceOperator operator : new ChoiceOperator[] {
                new StringComparisons.StringEquals(), new StringComparisons.StringLessThan(),
                new StringComparisons.StringGreaterThan(), new StringComparisons.StringLessThanEquals(),
                new StringComparisons.StringGreaterThanEquals(), new StringComparisons.StringMatches(),
                new NumericComparisons.NumericEquals(), new NumericComparisons.NumericLessThan(),
                new NumericComparisons.NumericGreaterThan(), new NumericComparisons.NumericLessThanEquals(),
                new NumericComparisons.NumericGreaterThanEquals(),
                new TypeTests.BooleanEquals(),
                new TimestampComparisons.TimestampEquals(), new TimestampComparisons.TimestampLessThan(),
                new TimestampComparisons.TimestampGreaterThan(), new TimestampComparisons.TimestampLessThanEquals(),
                new TimestampComparisons.TimestampGreaterThanEquals()}) {
            byName.put(operator.name(), operator);
        }
        for (ChoiceOperator operator : TypeTests.kindTests()) {
            byName.put(operator.name(), operator);
        }
        BY_NAME = Collections.unmodifiableMap(byName);
        Set<String> names = new TreeSet<>(byName.keySet());
        for (ChoiceOperator operator : byName.values()) {
            if (operator.hasPathForm()) {
                names.add(operator.name() + "Path");
            }
        }
        names.add("And");
        names.add("Or");
        names.add("Not");
        ALL_NAMES = Collections.unmodifiableSet(names);
    }

    private ChoiceOperators() {
    }

    /** The operator for a literal-form name, or null. */
    public static ChoiceOperator literal(String name) {
        return BY_NAME.get(name);
    }

    /** The operator for a Path-form name ({@code StringEqualsPath} → StringEquals), or null. */
    public static ChoiceOperator pathForm(String name) {
        if (!name.endsWith("Path")) {
            return null;
        }
        ChoiceOperator operator = BY_NAME.get(name.substring(0, name.length() - "Path".length()));
        return operator != null && operator.hasPathForm() ? operator : null;
    }

    /** Every operator name a rule may use, including And, Or and Not. */
    public static Set<String> names() {
        return ALL_NAMES;
    }
}
