package dev.countersign.local.engine.expr.internal.choice;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.Predicate;

/** BooleanEquals and the Is… tests; each Is… test takes true (the value is of the kind) or false (it is not). */
public final class TypeTests {
    private TypeTests() {
    }

    public static final class BooleanEquals extends ChoiceOperator {
        public BooleanEquals() {
            super("BooleanEquals");
        }

        @Override
        public String operandDescription() {
            return "a boolean";
        }

        @Override
        public String operandProblem(JsonNode operand) {
            return operand.isBoolean() ? null : "needs true or false";
        }

        @Override
        public Predicate<JsonNode> bind(JsonNode operand) {
            boolean expected = operand.booleanValue();
            return value -> value.isBoolean() && value.booleanValue() == expected;
        }
    }

    /** A test of the Variable's kind; {@code false} as operand inverts it. */
    abstract static class KindTest extends ChoiceOperator {
        KindTest(String name) {
            super(name);
        }

        abstract boolean isOfKind(JsonNode value);

        @Override
        public boolean hasPathForm() {
            return false;
        }

        @Override
        public String operandDescription() {
            return "true or false";
        }

        @Override
        public String operandProblem(JsonNode operand) {
            return operand.isBoolean() ? null : "needs true or false";
        }

        @Override
        public Predicate<JsonNode> bind(JsonNode operand) {
            boolean expected = operand.booleanValue();
            return value -> isOfKind(value) == expected;
        }
    }

    public static final class IsNull extends KindTest {
        public IsNull() {
            super("IsNull");
        }

        @Override
        boolean isOfKind(JsonNode value) {
            return value.isNull();
        }
    }

    public static final class IsNumeric extends KindTest {
        public IsNumeric() {
            super("IsNumeric");
        }

        @Override
        boolean isOfKind(JsonNode value) {
            return value.isNumber();
        }
    }

    public static final class IsString extends KindTest {
        public IsString() {
            super("IsString");
        }

        @Override
        boolean isOfKind(JsonNode value) {
            return value.isTextual();
        }
    }

    public static final class IsBoolean extends KindTest {
        public IsBoolean() {
            super("IsBoolean");
        }

        @Override
        boolean isOfKind(JsonNode value) {
            return value.isBoolean();
        }
    }

    public static final class IsTimestamp extends KindTest {
        public IsTimestamp() {
            super("IsTimestamp");
        }

        @Override
        boolean isOfKind(JsonNode value) {
            return Rfc3339Timestamps.parse(value) != null;
        }
    }

    /** The one test that may look at a Variable that selects nothing (the rule handles absence itself). */
    public static final class IsPresent extends KindTest {
        public IsPresent() {
            super("IsPresent");
        }

        @Override
        boolean isOfKind(JsonNode value) {
            return value != null;
        }
    }
}
