package dev.countersign.local.engine.internal.asl;

import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.local.engine.expr.IntrinsicFunctions;
import dev.countersign.local.engine.expr.JsonPaths;
import dev.countersign.local.engine.expr.Jsonata;

/**
 * A field that is either fixed in the definition, read from a JSONPath ({@code TimeoutSecondsPath},
 * {@code SecondsPath}, {@code ErrorPath}, …), computed by an intrinsic function ({@code ErrorPath}/{@code CausePath}
 * only) or computed by a JSONata expression ({@code "{% ... %}"}). Exactly one of the four is set, compiled when the
 * definition is parsed; an absent field is represented by null, not by a DynamicValue.
 */
public record DynamicValue(JsonNode fixed, JsonPaths.Path path, IntrinsicFunctions.Call call,
                           Jsonata.Template jsonata) {
    public static DynamicValue fixed(JsonNode value) {
        return new DynamicValue(value, null, null, null);
    }

    public static DynamicValue path(JsonPaths.Path path) {
        return new DynamicValue(null, path, null, null);
    }

    public static DynamicValue call(IntrinsicFunctions.Call call) {
        return new DynamicValue(null, null, call, null);
    }

    public static DynamicValue jsonata(Jsonata.Template expression) {
        return new DynamicValue(null, null, null, expression);
    }
}
