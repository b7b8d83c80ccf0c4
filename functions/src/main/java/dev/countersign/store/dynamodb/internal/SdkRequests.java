package dev.countersign.store.dynamodb.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.core.json.Json;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * DynamoDB JSON-protocol documents and the SDK's request and attribute objects, both ways, for {@link SdkTransport}.
 * Only the members the store's documents use.
 */
public final class SdkRequests {
    private SdkRequests() {
    }

    public static GetItemRequest getItem(JsonNode request) {
        GetItemRequest.Builder builder = GetItemRequest.builder()
                .tableName(request.get("TableName").asText())
                .key(attributes(request.get("Key")))
                .consistentRead(request.path("ConsistentRead").asBoolean(false));
        text(request, "ProjectionExpression", builder::projectionExpression);
        expressions(request, builder::expressionAttributeNames, null);
        return builder.build();
    }

    public static QueryRequest query(JsonNode request) {
        QueryRequest.Builder builder = QueryRequest.builder()
                .tableName(request.get("TableName").asText())
                .keyConditionExpression(request.get("KeyConditionExpression").asText())
                .scanIndexForward(request.path("ScanIndexForward").asBoolean(true));
        text(request, "IndexName", builder::indexName);
        text(request, "FilterExpression", builder::filterExpression);
        if (request.has("Limit")) {
            builder.limit(request.get("Limit").asInt());
        }
        if (request.has("ExclusiveStartKey")) {
            builder.exclusiveStartKey(attributes(request.get("ExclusiveStartKey")));
        }
        expressions(request, builder::expressionAttributeNames, builder::expressionAttributeValues);
        return builder.build();
    }

    /** SDK attribute values as a DynamoDB JSON document (what the HTTP API answers). */
    public static ObjectNode document(Map<String, AttributeValue> attributes) {
        ObjectNode document = Json.object();
        for (Map.Entry<String, AttributeValue> entry : attributes.entrySet()) {
            document.set(entry.getKey(), json(entry.getValue()));
        }
        return document;
    }

    private static ObjectNode json(AttributeValue value) {
        ObjectNode node = Json.object();
        switch (value.type()) {
            case S:
                return node.put("S", value.s());
            case N:
                return node.put("N", value.n());
            case BOOL:
                return node.put("BOOL", value.bool());
            case NUL:
                return node.put("NULL", true);
            case L: {
                ArrayNode list = node.putArray("L");
                for (AttributeValue element : value.l()) {
                    list.add(json(element));
                }
                return node;
            }
            case M:
                node.set("M", document(value.m()));
                return node;
            default:
                throw new IllegalStateException("stored attribute of type " + value.type() + ": the store writes S,"
                        + " N, L, M, NULL and BOOL only");
        }
    }

    public static UpdateItemRequest updateItem(JsonNode request) {
        UpdateItemRequest.Builder builder = UpdateItemRequest.builder()
                .tableName(request.get("TableName").asText())
                .key(attributes(request.get("Key")))
                .updateExpression(request.get("UpdateExpression").asText());
        text(request, "ConditionExpression", builder::conditionExpression);
        expressions(request, builder::expressionAttributeNames, builder::expressionAttributeValues);
        return builder.build();
    }

    public static PutItemRequest putItem(JsonNode request) {
        PutItemRequest.Builder builder = PutItemRequest.builder()
                .tableName(request.get("TableName").asText())
                .item(attributes(request.get("Item")));
        text(request, "ConditionExpression", builder::conditionExpression);
        expressions(request, builder::expressionAttributeNames, builder::expressionAttributeValues);
        return builder.build();
    }

    private static void text(JsonNode request, String member, Consumer<String> set) {
        if (request.has(member)) {
            set.accept(request.get(member).asText());
        }
    }

    /** The request's ExpressionAttributeNames and ExpressionAttributeValues, where it has them. */
    private static void expressions(JsonNode request, Consumer<Map<String, String>> setNames,
                                    Consumer<Map<String, AttributeValue>> setValues) {
        if (request.has("ExpressionAttributeNames")) {
            setNames.accept(names(request.get("ExpressionAttributeNames")));
        }
        if (setValues != null && request.has("ExpressionAttributeValues")) {
            setValues.accept(attributes(request.get("ExpressionAttributeValues")));
        }
    }

    /** A map of attribute values in DynamoDB JSON as the SDK's attribute values. */
    public static Map<String, AttributeValue> attributes(JsonNode map) {
        Map<String, AttributeValue> values = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = map.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            values.put(entry.getKey(), value(entry.getValue()));
        }
        return values;
    }

    /** One attribute value in DynamoDB JSON ({@code {"S": "x"}}…) as the SDK's attribute value. */
    public static AttributeValue value(JsonNode value) {
        if (value.has("S")) {
            return AttributeValue.fromS(value.get("S").asText());
        }
        if (value.has("N")) {
            return AttributeValue.fromN(value.get("N").asText());
        }
        if (value.has("L")) {
            List<AttributeValue> list = new ArrayList<>();
            value.get("L").forEach(element -> list.add(value(element)));
            return AttributeValue.fromL(list);
        }
        if (value.has("M")) {
            return AttributeValue.fromM(attributes(value.get("M")));
        }
        if (value.has("NULL")) {
            return AttributeValue.fromNul(value.get("NULL").asBoolean());
        }
        if (value.has("BOOL")) {
            return AttributeValue.fromBool(value.get("BOOL").asBoolean());
        }
        throw new IllegalArgumentException("unsupported attribute value " + value + ": the store writes S, N, L, M,"
                + " NULL and BOOL only");
    }

    private static Map<String, String> names(JsonNode map) {
        Map<String, String> names = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = map.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            names.put(entry.getKey(), entry.getValue().asText());
        }
        return names;
    }
}
