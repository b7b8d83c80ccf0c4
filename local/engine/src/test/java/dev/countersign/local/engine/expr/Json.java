package dev.countersign.local.engine.expr;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;

/** Test documents written as JSON text. */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("test JSON does not parse: " + json, e);
        }
    }

    static Scope input(String json) {
        return Scope.of(parse(json), parse("{}"), Map.of());
    }

    static Scope scope(String input, String context, Map<String, JsonNode> variables) {
        return Scope.of(parse(input), parse(context), variables);
    }
}
