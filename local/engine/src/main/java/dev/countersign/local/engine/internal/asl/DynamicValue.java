package dev.countersign.local.engine.internal.asl;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A field that is either fixed in the definition, read from a JSONPath ({@code TimeoutSecondsPath},
 * {@code SecondsPath}, {@code ErrorPath}, …) or computed by a JSONata expression ({@code "{% ... %}"}).
 * Exactly one of the three is set; an absent field is represented by null, not by a DynamicValue.
 */
public record DynamicValue(JsonNode fixed, String path, String jsonata) {
    public static DynamicValue fixed(JsonNode value) {
        return new DynamicValue(value, null, null);
    }

    public static DynamicValue path(String path) {
        return new DynamicValue(null, path, null);
    }

    public static DynamicValue jsonata(String expression) {
        return new DynamicValue(null, null, expression);
    }
}
