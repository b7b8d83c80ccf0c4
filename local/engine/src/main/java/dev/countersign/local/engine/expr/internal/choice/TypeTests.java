package dev.countersign.local.engine.expr.internal.choice;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
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

    /** IsPresent: the one test that may look at a Variable that selects nothing (the rule handles absence itself). */
    public static final String IS_PRESENT = "IsPresent";

    /** The Is… tests, each a name and the kind it tests for. */
    public static List<KindTest> kindTests() {
        return List.of(
                new KindTest("IsNull", JsonNode::isNull),
                new KindTest(IS_PRESENT, value -> value != null),
                new KindTest("IsNumeric", JsonNode::isNumber),
                new KindTest("IsString", JsonNode::isTextual),
                new KindTest("IsBoolean", JsonNode::isBoolean),
                new KindTest("IsTimestamp", value -> Rfc3339Timestamps.parse(value) != null));
    }

    /** A test of the Variable's kind; {@code false} as operand inverts it. */
    static final class KindTest extends ChoiceOperator {
        private final Predicate<JsonNode> isOfKind;

        KindTest(String name, Predicate<JsonNode> isOfKind) {
            super(name);
            this.isOfKind = isOfKind;
        }

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
            return value -> isOfKind.test(value) == expected;
        }
    }
}
