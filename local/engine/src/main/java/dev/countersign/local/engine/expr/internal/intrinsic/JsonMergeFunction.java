package dev.countersign.local.engine.expr.internal.intrinsic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.local.engine.expr.internal.JsonText;
import java.util.ArrayList;
import java.util.List;

/**
 * States.JsonMerge(first, second, false): the fields of both objects, the second's winning on a clash. Only the
 * shallow merge exists in Step Functions, so the third argument must be false.
 */
final class JsonMergeFunction extends IntrinsicFunction {
    JsonMergeFunction() {
        super("States.JsonMerge", 3, 3);
    }

    @Override
    public String signature() {
        return "States.JsonMerge(object, object, false)";
    }

    @Override
    public List<String> checkLiterals(List<Argument> arguments) {
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            String problem = Values.literalKindProblem(arguments.get(i),
                    i == 0 ? "the first object" : "the second object", "object");
            if (problem != null) {
                problems.add(problem);
            }
        }
        String deep = Values.literalKindProblem(arguments.get(2), "the deep-merge flag (third argument)", "boolean");
        if (deep != null) {
            problems.add(deep);
        } else if (arguments.get(2) instanceof Argument.Literal flag && flag.value().booleanValue()) {
            problems.add(deepMergeRefused());
        }
        return problems;
    }

    @Override
    public JsonNode apply(List<JsonNode> arguments, ParsedCall call) {
        JsonNode first = Values.object(arguments, 0, "the first object");
        JsonNode second = Values.object(arguments, 1, "the second object");
        if (Values.bool(arguments, 2, "the deep-merge flag (third argument)")) {
            throw new IntrinsicArgumentException(deepMergeRefused());
        }
        return merge(first, second);
    }

    static ObjectNode merge(JsonNode first, JsonNode second) {
        ObjectNode merged = JsonText.NODES.objectNode();
        merged.setAll((ObjectNode) first);
        merged.setAll((ObjectNode) second);
        return merged;
    }

    private static String deepMergeRefused() {
        return "the deep-merge flag must be false: Step Functions only merges shallowly (nested objects are not "
                + "merged, the second object's field replaces the first's)";
    }
}
