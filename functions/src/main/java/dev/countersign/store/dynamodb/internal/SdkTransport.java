package dev.countersign.store.dynamodb.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.core.json.Json;
import dev.countersign.store.dynamodb.DynamoDbTransport;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/** The documents through the SDK's DynamoDB client: request documents become SDK requests, answers documents. */
public final class SdkTransport implements DynamoDbTransport {
    private final Supplier<DynamoDbClient> client;

    /** @param client the process's client (asked on every call, so it may be built on first use) */
    public SdkTransport(Supplier<DynamoDbClient> client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    @Override
    public JsonNode call(String operation, ObjectNode request) {
        try {
            switch (operation) {
                case "GetItem":
                    return getItem(client.get().getItem(SdkRequests.getItem(request)));
                case "PutItem":
                    client.get().putItem(SdkRequests.putItem(request));
                    return Json.object();
                case "UpdateItem":
                    client.get().updateItem(SdkRequests.updateItem(request));
                    return Json.object();
                case "Query":
                    return query(client.get().query(SdkRequests.query(request)));
                default:
                    throw new IllegalArgumentException("the store does not call DynamoDB's " + operation);
            }
        } catch (AwsServiceException e) {
            String name = e.awsErrorDetails() == null ? e.getClass().getSimpleName()
                    : e.awsErrorDetails().errorCode();
            String error = name == null ? e.getClass().getSimpleName() : name;
            throw new Failure(error, error + ": " + e.getMessage(), isTransient(e), e);
        } catch (SdkException e) {
            throw new Failure(e.getClass().getSimpleName(), e.getClass().getSimpleName() + ": " + e.getMessage(),
                    isTransient(e), e);
        }
    }

    @Override
    public String endpoint() {
        return client.get().serviceClientConfiguration().endpointOverride().map(Object::toString)
                .orElse("the region's DynamoDB endpoint");
    }

    private static JsonNode getItem(GetItemResponse response) {
        ObjectNode answer = Json.object();
        if (response.hasItem() && !response.item().isEmpty()) {
            answer.set("Item", SdkRequests.document(response.item()));
        }
        return answer;
    }

    private static JsonNode query(QueryResponse response) {
        ObjectNode answer = Json.object();
        ArrayNode items = answer.putArray("Items");
        List<Map<String, AttributeValue>> rows = response.items();
        for (Map<String, AttributeValue> row : rows) {
            items.add(SdkRequests.document(row));
        }
        if (response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()) {
            answer.set("LastEvaluatedKey", SdkRequests.document(response.lastEvaluatedKey()));
        }
        return answer;
    }

    /** Throttling, a 5xx, or nothing came back (connection refused or reset, timeout): worth trying again. */
    private static boolean isTransient(SdkException e) {
        if (e instanceof AwsServiceException service) {
            return service.isThrottlingException() || service.statusCode() >= 500 || service.statusCode() == 429;
        }
        return e instanceof SdkClientException;
    }
}
