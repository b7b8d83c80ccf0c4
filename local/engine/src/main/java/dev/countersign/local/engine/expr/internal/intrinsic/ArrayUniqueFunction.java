package dev.countersign.local.engine.expr.internal.intrinsic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.countersign.local.engine.expr.internal.JsonText;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** States.ArrayUnique(array): the items without repeats, first occurrences kept in order. */
final class ArrayUniqueFunction extends IntrinsicFunction {
    ArrayUniqueFunction() {
        super("States.ArrayUnique", 1, 1);
    }

    @Override
    public String signature() {
        return "States.ArrayUnique(array)";
    }

    @Override
    public List<String> checkLiterals(List<Argument> arguments) {
        String problem = Values.literalKindProblem(arguments.get(0), "the argument", "array");
        return problem == null ? List.of() : List.of(problem);
    }

    @Override
    public JsonNode apply(List<JsonNode> arguments, ParsedCall call) {
        JsonNode array = Values.array(arguments, 0, "the argument");
        Set<String> seen = new HashSet<>();
        ArrayNode out = JsonText.NODES.arrayNode();
        for (JsonNode item : array) {
            if (seen.add(JsonValueEquality.key(item))) {
                out.add(item);
            }
        }
        return out;
    }
}
