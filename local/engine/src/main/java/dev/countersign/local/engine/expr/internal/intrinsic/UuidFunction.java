package dev.countersign.local.engine.expr.internal.intrinsic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.local.engine.expr.internal.JsonText;
import java.util.List;
import java.util.UUID;

/** States.UUID(): a random version 4 UUID. */
final class UuidFunction extends IntrinsicFunction {
    UuidFunction() {
        super("States.UUID", 0, 0);
    }

    @Override
    public String signature() {
        return "States.UUID()";
    }

    @Override
    public JsonNode apply(List<JsonNode> arguments, ParsedCall call) {
        return JsonText.NODES.textNode(UUID.randomUUID().toString());
    }
}
