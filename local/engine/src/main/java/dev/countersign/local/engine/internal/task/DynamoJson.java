package dev.countersign.local.engine.internal.task;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.local.engine.StatesError;
import dev.countersign.local.engine.internal.Json;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** DynamoDB's typed JSON ({@code {"S": "x"}}, {@code {"N": "1"}}, …) to and from the SDK's AttributeValue. */
final class DynamoJson {
    private DynamoJson() {
    }

    static Map<String, AttributeValue> item(JsonNode node, String field) {
        if (node == null || !node.isObject()) {
            throw invalid(field + " must be an object of attribute names to typed values, e.g. {\"id\": {\"S\":"
                    + " \"a1\"}}; got " + node);
        }
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> attribute = it.next();
            item.put(attribute.getKey(), value(attribute.getValue(), field + "." + attribute.getKey()));
        }
        return item;
    }

    static AttributeValue value(JsonNode node, String field) {
        if (node == null || !node.isObject() || node.size() != 1) {
            throw invalid(field + " must be a typed value with exactly one of S, N, B, BOOL, NULL, M, L, SS, NS, BS;"
                    + " got " + node);
        }
        Map.Entry<String, JsonNode> typed = node.fields().next();
        JsonNode v = typed.getValue();
        return switch (typed.getKey()) {
            case "S" -> AttributeValue.fromS(v.asText());
            case "N" -> AttributeValue.fromN(v.isNumber() ? v.numberValue().toString() : v.asText());
            case "B" -> AttributeValue.fromB(SdkBytes.fromByteArray(Base64.getDecoder().decode(v.asText())));
            case "BOOL" -> AttributeValue.fromBool(v.asBoolean());
            case "NULL" -> AttributeValue.fromNul(true);
            case "M" -> AttributeValue.fromM(item(v, field + ".M"));
            case "L" -> {
                List<AttributeValue> list = new ArrayList<>();
                for (int i = 0; i < v.size(); i++) {
                    list.add(value(v.get(i), field + ".L[" + i + "]"));
                }
                yield AttributeValue.fromL(list);
            }
            case "SS" -> AttributeValue.fromSs(strings(v));
            case "NS" -> AttributeValue.fromNs(strings(v));
            case "BS" -> AttributeValue.fromBs(strings(v).stream()
                    .map(s -> SdkBytes.fromByteArray(Base64.getDecoder().decode(s))).toList());
            default -> throw invalid(field + " has the unknown type " + typed.getKey() + ": use one of S, N, B, BOOL,"
                    + " NULL, M, L, SS, NS, BS");
        };
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    static ObjectNode json(Map<String, AttributeValue> item) {
        ObjectNode node = Json.object();
        item.forEach((name, value) -> node.set(name, json(value)));
        return node;
    }

    static ObjectNode json(AttributeValue value) {
        ObjectNode node = Json.object();
        switch (value.type()) {
            case S -> node.put("S", value.s());
            case N -> node.put("N", value.n());
            case B -> node.put("B", Base64.getEncoder().encodeToString(value.b().asByteArray()));
            case BOOL -> node.put("BOOL", value.bool());
            case NUL -> node.put("NULL", true);
            case M -> node.set("M", json(value.m()));
            case L -> {
                ArrayNode list = node.putArray("L");
                value.l().forEach(v -> list.add(json(v)));
            }
            case SS -> value.ss().forEach(node.putArray("SS")::add);
            case NS -> value.ns().forEach(node.putArray("NS")::add);
            case BS -> {
                ArrayNode list = node.putArray("BS");
                value.bs().forEach(b -> list.add(Base64.getEncoder().encodeToString(b.asByteArray())));
            }
            default -> throw new IllegalStateException("unknown attribute type " + value.type());
        }
        return node;
    }

    static Map<String, String> names(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        Map<String, String> names = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> names.put(e.getKey(), e.getValue().asText()));
        return names;
    }

    private static RuntimeException invalid(String message) {
        return new dev.countersign.local.engine.StatesFailure("DynamoDB.ValidationException", message);
    }

    static RuntimeException missing(String field, String action) {
        return StatesError.RUNTIME.failure("dynamodb:" + action + " needs " + field);
    }
}
