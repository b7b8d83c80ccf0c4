package dev.countersign.local.engine.internal.task;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.local.engine.DefinitionProblem;
import dev.countersign.local.engine.StatesFailure;
import dev.countersign.local.engine.internal.Json;
import dev.countersign.local.engine.internal.asl.QueryLanguage;
import dev.countersign.local.engine.internal.asl.TaskResource;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * {@code arn:aws:states:::dynamodb:getItem|putItem|updateItem|deleteItem}, through the AWS SDK against the configured
 * endpoint. Parameters use DynamoDB's typed JSON; the result is the API response in the same form, with the SDK
 * metadata Step Functions adds. Service errors fail with {@code DynamoDB.<ErrorCode>}.
 */
final class DynamoDbIntegration implements TaskIntegration {
    private static final Set<String> COMMON = Set.of("TableName", "ExpressionAttributeNames",
            "ReturnConsumedCapacity");

    private final String action;
    private final DynamoDbClient client;

    DynamoDbIntegration(String action, DynamoDbClient client) {
        this.action = action;
        this.client = client;
    }

    @Override
    public Set<TaskResource.Pattern> patterns() {
        return Set.of(TaskResource.Pattern.REQUEST_RESPONSE);
    }

    @Override
    public List<DefinitionProblem> check(JsonNode parameters, QueryLanguage language, String location) {
        Set<String> allowed = new java.util.HashSet<>(COMMON);
        Set<String> required;
        switch (action) {
            case "getItem" -> {
                required = Set.of("TableName", "Key");
                allowed.addAll(Set.of("Key", "ConsistentRead", "ProjectionExpression", "AttributesToGet"));
            }
            case "putItem" -> {
                required = Set.of("TableName", "Item");
                allowed.addAll(Set.of("Item", "ConditionExpression", "ExpressionAttributeValues", "ReturnValues",
                        "ReturnItemCollectionMetrics", "ReturnValuesOnConditionCheckFailure"));
            }
            case "updateItem" -> {
                required = Set.of("TableName", "Key");
                allowed.addAll(Set.of("Key", "UpdateExpression", "ConditionExpression", "ExpressionAttributeValues",
                        "ReturnValues", "ReturnItemCollectionMetrics", "ReturnValuesOnConditionCheckFailure"));
            }
            default -> {
                required = Set.of("TableName", "Key");
                allowed.addAll(Set.of("Key", "ConditionExpression", "ExpressionAttributeValues", "ReturnValues",
                        "ReturnItemCollectionMetrics", "ReturnValuesOnConditionCheckFailure"));
            }
        }
        return ParameterChecks.fields(parameters, language, location, "dynamodb:" + action, required, allowed);
    }

    @Override
    public JsonNode invoke(TaskCall call) {
        if (client == null) {
            throw new StatesFailure("States.TaskFailed", "dynamodb:" + action + " cannot run: the engine has no"
                    + " DynamoDB endpoint configured (set EngineOptions.dynamoDb)");
        }
        JsonNode p = call.parameters();
        if (p == null || !p.isObject()) {
            throw DynamoJson.missing("Parameters (an object)", action);
        }
        String table = text(p, "TableName");
        Map<String, String> names = DynamoJson.names(p.get("ExpressionAttributeNames"));
        Map<String, AttributeValue> values = p.has("ExpressionAttributeValues")
                ? DynamoJson.item(p.get("ExpressionAttributeValues"), "ExpressionAttributeValues") : null;
        ObjectNode result = Json.object();
        try {
            switch (action) {
                case "getItem" -> {
                    GetItemResponse response = client.getItem(b -> b.tableName(table)
                            .key(DynamoJson.item(p.get("Key"), "Key"))
                            .consistentRead(p.has("ConsistentRead") ? p.get("ConsistentRead").asBoolean() : null)
                            .projectionExpression(optional(p, "ProjectionExpression"))
                            .expressionAttributeNames(names));
                    if (response.hasItem()) {
                        result.set("Item", DynamoJson.json(response.item()));
                    }
                }
                case "putItem" -> {
                    PutItemResponse response = client.putItem(b -> b.tableName(table)
                            .item(DynamoJson.item(p.get("Item"), "Item"))
                            .conditionExpression(optional(p, "ConditionExpression"))
                            .expressionAttributeNames(names).expressionAttributeValues(values)
                            .returnValues(optional(p, "ReturnValues")));
                    if (response.hasAttributes()) {
                        result.set("Attributes", DynamoJson.json(response.attributes()));
                    }
                }
                case "updateItem" -> {
                    UpdateItemResponse response = client.updateItem(b -> b.tableName(table)
                            .key(DynamoJson.item(p.get("Key"), "Key"))
                            .updateExpression(optional(p, "UpdateExpression"))
                            .conditionExpression(optional(p, "ConditionExpression"))
                            .expressionAttributeNames(names).expressionAttributeValues(values)
                            .returnValues(optional(p, "ReturnValues")));
                    if (response.hasAttributes()) {
                        result.set("Attributes", DynamoJson.json(response.attributes()));
                    }
                }
                default -> {
                    DeleteItemResponse response = client.deleteItem(b -> b.tableName(table)
                            .key(DynamoJson.item(p.get("Key"), "Key"))
                            .conditionExpression(optional(p, "ConditionExpression"))
                            .expressionAttributeNames(names).expressionAttributeValues(values)
                            .returnValues(optional(p, "ReturnValues")));
                    if (response.hasAttributes()) {
                        result.set("Attributes", DynamoJson.json(response.attributes()));
                    }
                }
            }
        } catch (AwsServiceException e) {
            String code = e.awsErrorDetails() == null ? "AmazonDynamoDBException" : e.awsErrorDetails().errorCode();
            String message = e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage();
            throw new StatesFailure("DynamoDB." + code, SdkResponses.cause(message, "AmazonDynamoDBv2", e.statusCode(),
                    code, e.requestId()));
        } catch (SdkClientException e) {
            throw new StatesFailure("DynamoDB.SdkClientException", e.getMessage());
        }
        SdkResponses.addMetadata(result, UUID.randomUUID().toString(), 200, Json.object());
        return result;
    }

    private String text(JsonNode p, String field) {
        JsonNode value = p.get(field);
        if (value == null || !value.isTextual()) {
            throw DynamoJson.missing(field + " (a string)", action);
        }
        return value.asText();
    }

    private static String optional(JsonNode p, String field) {
        JsonNode value = p.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
