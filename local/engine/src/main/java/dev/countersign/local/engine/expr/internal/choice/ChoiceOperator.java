package dev.countersign.local.engine.expr.internal.choice;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.Predicate;

/**
 * One Choice comparison operator. The literal form ({@code "StringEquals": "x"}) binds its operand once when the
 * definition is parsed; the Path form ({@code "StringEqualsPath": "$.other"}) binds the operand it reads at each
 * evaluation, and an operand of the wrong type makes the comparison false, as a type mismatch does in Step Functions.
 */
public abstract class ChoiceOperator {
    private final String name;

    protected ChoiceOperator(String name) {
        this.name = name;
    }

    /** The operator's field name, e.g. {@code StringEquals}. */
    public final String name() {
        return name;
    }

    /** True when {@code <name>Path} is an operator too. */
    public boolean hasPathForm() {
        return true;
    }

    /** What the operand must be, for messages ("a string", "a number", "an RFC 3339 timestamp", …). */
    public abstract String operandDescription();

    /** Why the operand cannot be used (null when it can). */
    public abstract String operandProblem(JsonNode operand);

    /** A test of the Variable's value against an operand for which {@link #operandProblem} is null. */
    public abstract Predicate<JsonNode> bind(JsonNode operand);
}
