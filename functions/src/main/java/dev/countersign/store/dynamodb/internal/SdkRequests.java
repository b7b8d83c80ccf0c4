package dev.countersign.store.dynamodb.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * DynamoDB JSON-protocol request documents ({@link ApprovalWrite}, {@link ProjectionRequests}) as the SDK's request
 * objects, for the store, which sends them through the SDK client. Only the members those documents use.
 */
public final class SdkRequests {
    private SdkRequests() {
    }

    public static UpdateItemRequest updateItem(JsonNode request) {
        UpdateItemRequest.Builder builder = UpdateItemRequest.builder()
                .tableName(request.get("TableName").asText())
                .key(attributes(request.get("Key")))
                .updateExpression(request.get("UpdateExpression").asText());
        if (request.has("ConditionExpression")) {
            builder.conditionExpression(request.get("ConditionExpression").asText());
        }
        if (request.has("ExpressionAttributeNames")) {
            builder.expressionAttributeNames(names(request.get("ExpressionAttributeNames")));
        }
        if (request.has("ExpressionAttributeValues")) {
            builder.expressionAttributeValues(attributes(request.get("ExpressionAttributeValues")));
        }
        return builder.build();
    }

    public static PutItemRequest putItem(JsonNode request) {
        PutItemRequest.Builder builder = PutItemRequest.builder()
                .tableName(request.get("TableName").asText())
                .item(attributes(request.get("Item")));
        if (request.has("ConditionExpression")) {
            builder.conditionExpression(request.get("ConditionExpression").asText());
        }
        if (request.has("ExpressionAttributeNames")) {
            builder.expressionAttributeNames(names(request.get("ExpressionAttributeNames")));
        }
        if (request.has("ExpressionAttributeValues")) {
            builder.expressionAttributeValues(attributes(request.get("ExpressionAttributeValues")));
        }
        return builder.build();
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
