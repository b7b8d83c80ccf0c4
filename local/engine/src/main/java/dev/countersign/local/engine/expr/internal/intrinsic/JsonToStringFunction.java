package dev.countersign.local.engine.expr.internal.intrinsic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.local.engine.expr.internal.JsonText;
import java.util.List;

/** States.JsonToString(value): compact JSON text of the value. */
final class JsonToStringFunction extends IntrinsicFunction {
    JsonToStringFunction() {
        super("States.JsonToString", 1, 1);
    }

    @Override
    public String signature() {
        return "States.JsonToString(path)";
    }

    @Override
    public JsonNode apply(List<JsonNode> arguments, ParsedCall call) {
        return JsonText.NODES.textNode(JsonText.compact(arguments.get(0)));
    }
}
