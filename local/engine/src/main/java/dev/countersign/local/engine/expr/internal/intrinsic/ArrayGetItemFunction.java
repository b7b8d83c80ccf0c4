package dev.countersign.local.engine.expr.internal.intrinsic;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** States.ArrayGetItem(array, index): the item at a zero-based index. */
final class ArrayGetItemFunction extends IntrinsicFunction {
    ArrayGetItemFunction() {
        super("States.ArrayGetItem", 2, 2);
    }

    @Override
    public String signature() {
        return "States.ArrayGetItem(array, index)";
    }

    @Override
    public List<String> checkLiterals(List<Argument> arguments) {
        List<String> problems = new ArrayList<>();
        String array = Values.literalKindProblem(arguments.get(0), "the array (first argument)", "array");
        if (array != null) {
            problems.add(array);
        }
        String index = Values.literalKindProblem(arguments.get(1), "the index (second argument)", "integer");
        if (index != null) {
            problems.add(index);
        } else if (arguments.get(1) instanceof Argument.Literal literal && literal.value().asLong() < 0) {
            problems.add("the index (second argument) must not be negative, but it is " + literal.text());
        }
        return problems;
    }

    @Override
    public JsonNode apply(List<JsonNode> arguments, ParsedCall call) {
        JsonNode array = Values.array(arguments, 0, "the array (first argument)");
        int index = Values.integer(arguments, 1, "the index (second argument)");
        if (index < 0 || index >= array.size()) {
            throw new IntrinsicArgumentException("the index " + index + " is out of bounds for an array of "
                    + array.size() + " item" + (array.size() == 1 ? "" : "s") + " (indexes start at 0)");
        }
        return array.get(index);
    }
}
