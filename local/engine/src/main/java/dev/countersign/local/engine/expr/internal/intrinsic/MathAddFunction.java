package dev.countersign.local.engine.expr.internal.intrinsic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.local.engine.expr.internal.JsonText;
import java.util.ArrayList;
import java.util.List;

/**
 * States.MathAdd(a, b): the sum of two integers from -2147483648 to 2147483647; non-integers are rounded to the
 * nearest integer first, as Step Functions does.
 */
final class MathAddFunction extends IntrinsicFunction {
    MathAddFunction() {
        super("States.MathAdd", 2, 2);
    }

    @Override
    public String signature() {
        return "States.MathAdd(number, number)";
    }

    @Override
    public List<String> checkLiterals(List<Argument> arguments) {
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            String problem = Values.literalKindProblem(arguments.get(i),
                    i == 0 ? "the first number" : "the second number", "number");
            if (problem != null) {
                problems.add(problem);
            }
        }
        return problems;
    }

    @Override
    public JsonNode apply(List<JsonNode> arguments, ParsedCall call) {
        long sum = (long) Values.roundedInteger(arguments, 0, "the first number")
                + Values.roundedInteger(arguments, 1, "the second number");
        return sum == (int) sum ? JsonText.NODES.numberNode((int) sum) : JsonText.NODES.numberNode(sum);
    }
}
