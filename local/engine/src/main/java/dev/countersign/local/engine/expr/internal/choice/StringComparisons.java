package dev.countersign.local.engine.expr.internal.choice;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;
import java.util.function.Predicate;

/** The string operators: lexicographic comparisons and StringMatches. */
public final class StringComparisons {
    private StringComparisons() {
    }

    /** Compares the Variable's string with the operand; a Variable that is not a string never matches. */
    abstract static class StringOrdering extends ChoiceOperator {
        private final IntPredicate outcome;

        StringOrdering(String name, IntPredicate outcome) {
            super(name);
            this.outcome = outcome;
        }

        @Override
        public String operandDescription() {
            return "a string";
        }

        @Override
        public String operandProblem(JsonNode operand) {
            return operand.isTextual() ? null : "needs a string";
        }

        @Override
        public Predicate<JsonNode> bind(JsonNode operand) {
            String expected = operand.textValue();
            return value -> value.isTextual() && outcome.test(value.textValue().compareTo(expected));
        }
    }

    public static final class StringEquals extends StringOrdering {
        public StringEquals() {
            super("StringEquals", c -> c == 0);
        }
    }

    public static final class StringLessThan extends StringOrdering {
        public StringLessThan() {
            super("StringLessThan", c -> c < 0);
        }
    }

    public static final class StringGreaterThan extends StringOrdering {
        public StringGreaterThan() {
            super("StringGreaterThan", c -> c > 0);
        }
    }

    public static final class StringLessThanEquals extends StringOrdering {
        public StringLessThanEquals() {
            super("StringLessThanEquals", c -> c <= 0);
        }
    }

    public static final class StringGreaterThanEquals extends StringOrdering {
        public StringGreaterThanEquals() {
            super("StringGreaterThanEquals", c -> c >= 0);
        }
    }

    /** {@code *} matches any run of characters (even none); {@code \*} is a literal star, {@code \\} a backslash. */
    public static final class StringMatches extends ChoiceOperator {
        public StringMatches() {
            super("StringMatches");
        }

        @Override
        public boolean hasPathForm() {
            return false;
        }

        @Override
        public String operandDescription() {
            return "a string pattern";
        }

        @Override
        public String operandProblem(JsonNode operand) {
            if (!operand.isTextual()) {
                return "needs a string pattern";
            }
            String pattern = operand.textValue();
            int trailing = 0;
            for (int i = pattern.length() - 1; i >= 0 && pattern.charAt(i) == '\\'; i--) {
                trailing++;
            }
            if (trailing % 2 == 1) {
                return "ends with a lone '\\': write '\\\\' for a literal backslash";
            }
            return null;
        }

        @Override
        public Predicate<JsonNode> bind(JsonNode operand) {
            WildcardPattern pattern = WildcardPattern.compile(operand.textValue());
            return value -> value.isTextual() && pattern.matches(value.textValue());
        }
    }

    /** A pattern split into literal pieces around the stars, matched without backtracking blow-ups. */
    record WildcardPattern(List<String> pieces) {
        static WildcardPattern compile(String pattern) {
            List<String> pieces = new ArrayList<>();
            StringBuilder piece = new StringBuilder();
            for (int i = 0; i < pattern.length(); i++) {
                char c = pattern.charAt(i);
                if (c == '\\' && i + 1 < pattern.length()) {
                    piece.append(pattern.charAt(++i));
                } else if (c == '*') {
                    pieces.add(piece.toString());
                    piece.setLength(0);
                } else {
                    piece.append(c);
                }
            }
            pieces.add(piece.toString());
            return new WildcardPattern(List.copyOf(pieces));
        }

        boolean matches(String text) {
            if (pieces.size() == 1) {
                return text.equals(pieces.get(0));
            }
            String first = pieces.get(0);
            String last = pieces.get(pieces.size() - 1);
            if (!text.startsWith(first) || !text.endsWith(last) || text.length() < first.length() + last.length()) {
                return false;
            }
            int from = first.length();
            int until = text.length() - last.length();
            // leftmost placement of each middle piece is optimal for a pattern of literal pieces and stars
            for (int i = 1; i < pieces.size() - 1; i++) {
                String middle = pieces.get(i);
                int at = text.indexOf(middle, from);
                if (at < 0 || at + middle.length() > until) {
                    return false;
                }
                from = at + middle.length();
            }
            return true;
        }
    }
}
