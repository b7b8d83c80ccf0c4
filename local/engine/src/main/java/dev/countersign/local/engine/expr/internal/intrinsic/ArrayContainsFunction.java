package dev.countersign.local.engine.expr.internal.intrinsic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.local.engine.expr.internal.JsonText;
import java.util.List;

/** States.ArrayContains(array, value): whether an element equals the value (as JSON values). */
final class ArrayContainsFunction extends IntrinsicFunction {
    ArrayContainsFunction() {
        super("States.ArrayContains", 2, 2);
    }

    @Override
    public String signature() {
        return "States.ArrayContains(array, value)";
    }

    @Override
    public List<String> checkLiterals(List<Argument> arguments) {
        String problem = Values.literalKindProblem(arguments.get(0), "the array (first argument)", "array");
        return problem == null ? List.of() : List.of(problem);
    }

    @Override
    public JsonNode apply(List<JsonNode> arguments, ParsedCall call) {
        JsonNode array = Values.array(arguments, 0, "the array (first argument)");
        JsonNode wanted = arguments.get(1);
        for (JsonNode item : array) {
            if (JsonValueEquality.equal(item, wanted)) {
                return JsonText.NODES.booleanNode(true);
            }
        }
        return JsonText.NODES.booleanNode(false);
    }
}
