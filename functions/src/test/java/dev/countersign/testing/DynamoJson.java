package dev.countersign.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.core.json.Json;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The SDK's attribute values in DynamoDB's JSON wire form ({@code {"S": "x"}}, …), as GetItem answers carry them. */
public final class DynamoJson {
    private DynamoJson() {
    }

    public static ObjectNode item(Map<String, AttributeValue> item) {
        ObjectNode json = Json.object();
        item.forEach((name, value) -> json.set(name, value(value)));
        return json;
    }

    public static JsonNode value(AttributeValue value) {
        ObjectNode json = Json.object();
        switch (value.type()) {
            case S -> json.put("S", value.s());
            case N -> json.put("N", value.n());
            case BOOL -> json.put("BOOL", value.bool());
            case NUL -> json.put("NULL", true);
            case L -> {
                var list = json.putArray("L");
                value.l().forEach(v -> list.add(value(v)));
            }
            case M -> json.set("M", item(value.m()));
            default -> throw new IllegalArgumentException("the store writes no " + value.type() + " values");
        }
        return json;
    }
}
