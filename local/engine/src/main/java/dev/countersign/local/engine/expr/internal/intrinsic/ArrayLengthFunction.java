package dev.countersign.local.engine.expr.internal.intrinsic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.local.engine.expr.internal.JsonText;
import java.util.List;

/** States.ArrayLength(array): the number of items. */
final class ArrayLengthFunction extends IntrinsicFunction {
    ArrayLengthFunction() {
        super("States.ArrayLength", 1, 1);
    }

    @Override
    public String signature() {
        return "States.ArrayLength(array)";
    }

    @Override
    public List<String> checkLiterals(List<Argument> arguments) {
        String problem = Values.literalKindProblem(arguments.get(0), "the argument", "array");
        return problem == null ? List.of() : List.of(problem);
    }

    @Override
    public JsonNode apply(List<JsonNode> arguments, ParsedCall call) {
        return JsonText.NODES.numberNode(Values.array(arguments, 0, "the argument").size());
    }
}
