package dev.countersign.local.engine.expr.internal.choice;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.IntPredicate;
import java.util.function.Predicate;

/** The numeric operators; a Variable that is not a number never matches. */
public final class NumericComparisons {
    private NumericComparisons() {
    }

    /** Orders two JSON numbers exactly: longs as longs, anything else by decimal value. */
    static int compare(JsonNode left, JsonNode right) {
        if (left.canConvertToExactIntegral() && right.canConvertToExactIntegral()
                && left.canConvertToLong() && right.canConvertToLong()) {
            return Long.compare(left.longValue(), right.longValue());
        }
        if ((left.isDouble() || left.isFloat() || left.isIntegralNumber())
                && (right.isDouble() || right.isFloat() || right.isIntegralNumber())
                && !left.isBigInteger() && !right.isBigInteger()) {
            return Double.compare(left.doubleValue(), right.doubleValue());
        }
        return left.decimalValue().compareTo(right.decimalValue());
    }

    abstract static class NumericOrdering extends ChoiceOperator {
        private final IntPredicate outcome;

        NumericOrdering(String name, IntPredicate outcome) {
            super(name);
            this.outcome = outcome;
        }

        @Override
        public String operandDescription() {
            return "a number";
        }

        @Override
        public String operandProblem(JsonNode operand) {
            return operand.isNumber() ? null : "needs a number";
        }

        @Override
        public Predicate<JsonNode> bind(JsonNode operand) {
            return value -> value.isNumber() && outcome.test(compare(value, operand));
        }
    }

    public static final class NumericEquals extends NumericOrdering {
        public NumericEquals() {
            super("NumericEquals", c -> c == 0);
        }
    }

    public static final class NumericLessThan extends NumericOrdering {
        public NumericLessThan() {
            super("NumericLessThan", c -> c < 0);
        }
    }

    public static final class NumericGreaterThan extends NumericOrdering {
        public NumericGreaterThan() {
            super("NumericGreaterThan", c -> c > 0);
        }
    }

    public static final class NumericLessThanEquals extends NumericOrdering {
        public NumericLessThanEquals() {
            super("NumericLessThanEquals", c -> c <= 0);
        }
    }

    public static final class NumericGreaterThanEquals extends NumericOrdering {
        public NumericGreaterThanEquals() {
            super("NumericGreaterThanEquals", c -> c >= 0);
        }
    }
}
