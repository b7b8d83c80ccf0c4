package dev.countersign.local.engine.expr.internal.intrinsic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.countersign.local.engine.expr.internal.JsonText;
import java.util.List;

/** States.Array(values...): the values as an array, in order. */
final class ArrayFunction extends IntrinsicFunction {
    ArrayFunction() {
        super("States.Array", 0, Integer.MAX_VALUE);
    }

    @Override
    public String signature() {
        return "States.Array(value...)";
    }

    @Override
    public JsonNode apply(List<JsonNode> arguments, ParsedCall call) {
        ArrayNode out = JsonText.NODES.arrayNode(arguments.size());
        out.addAll(arguments);
        return out;
    }
}
