package dev.countersign.local.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.countersign.example.ExampleRecords;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * The example records table in dynalite ({@link ExampleRecords}), as the example stack creates it on AWS: created at
 * start when missing, read by the tests and by {@code aws dynamodb scan --endpoint-url … --table-name
 * countersign-example-records}.
 */
public final class ExampleRecordsTable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ExampleRecordsTable() {
    }

    static void createMissing(DynamoDbClient client, String table) {
        try {
            client.createTable(r -> r.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(a -> a.attributeName(ExampleRecords.KEY).attributeType(ScalarAttributeType.S))
                    .keySchema(k -> k.attributeName(ExampleRecords.KEY).keyType("HASH")));
        } catch (ResourceInUseException exists) {
            // already there
        }
        client.waiter().waitUntilTableExists(r -> r.tableName(table));
    }

    /** Every record, by key: the step's answer the workflow recorded ({@code detail}). */
    public static Map<String, JsonNode> read(DynamoDbClient client, String table) {
        Map<String, JsonNode> records = new TreeMap<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            ScanResponse page = client.scan(r -> r.tableName(table).consistentRead(true).exclusiveStartKey(from));
            for (Map<String, AttributeValue> item : page.items()) {
                try {
                    records.put(item.get(ExampleRecords.KEY).s(), JSON.readTree(item.get(ExampleRecords.DETAIL).s()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return records;
    }
}
