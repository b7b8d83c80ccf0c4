package dev.countersign.local.engine.expr.internal.choice;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.function.IntPredicate;
import java.util.function.Predicate;

/** The timestamp operators; a Variable that is not an RFC 3339 timestamp string never matches. */
public final class TimestampComparisons {
    private TimestampComparisons() {
    }

    abstract static class TimestampOrdering extends ChoiceOperator {
        private final IntPredicate outcome;

        TimestampOrdering(String name, IntPredicate outcome) {
            super(name);
            this.outcome = outcome;
        }

        @Override
        public String operandDescription() {
            return "an RFC 3339 timestamp such as \"2016-03-14T01:59:00Z\"";
        }

        @Override
        public String operandProblem(JsonNode operand) {
            if (!operand.isTextual()) {
                return "needs a timestamp string";
            }
            return Rfc3339Timestamps.parse(operand.textValue()) == null
                    ? "needs an RFC 3339 timestamp with an uppercase 'T' and 'Z' or a numeric offset, "
                    + "such as \"2016-03-14T01:59:00Z\"" : null;
        }

        @Override
        public Predicate<JsonNode> bind(JsonNode operand) {
            Instant expected = Rfc3339Timestamps.parse(operand.textValue());
            return value -> {
                Instant actual = Rfc3339Timestamps.parse(value);
                return actual != null && outcome.test(actual.compareTo(expected));
            };
        }
    }

    public static final class TimestampEquals extends TimestampOrdering {
        public TimestampEquals() {
            super("TimestampEquals", c -> c == 0);
        }
    }

    public static final class TimestampLessThan extends TimestampOrdering {
        public TimestampLessThan() {
            super("TimestampLessThan", c -> c < 0);
        }
    }

    public static final class TimestampGreaterThan extends TimestampOrdering {
        public TimestampGreaterThan() {
            super("TimestampGreaterThan", c -> c > 0);
        }
    }

    public static final class TimestampLessThanEquals extends TimestampOrdering {
        public TimestampLessThanEquals() {
            super("TimestampLessThanEquals", c -> c <= 0);
        }
    }

    public static final class TimestampGreaterThanEquals extends TimestampOrdering {
        public TimestampGreaterThanEquals() {
            super("TimestampGreaterThanEquals", c -> c >= 0);
        }
    }
}
