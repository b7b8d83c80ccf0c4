package dev.countersign.local.engine.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.local.dynalite.DynaliteServer;
import dev.countersign.local.engine.EngineUnderTest;
import dev.countersign.local.engine.ExecutionDescription;
import dev.countersign.local.engine.ExecutionStatus;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** The dynamodb:getItem|putItem|updateItem|deleteItem integrations against a real dynalite through the AWS SDK. */
class DynamoDbIntegrationTest {
    static DynaliteServer dynalite;
    static DynamoDbClient client;

    @TempDir
    Path directory;
    EngineUnderTest engine;

    @BeforeAll
    static void startDynalite() {
        dynalite = DynaliteServer.startInMemory();
        client = DynamoDbClient.builder().endpointOverride(dynalite.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create()).build();
        client.createTable(b -> b.tableName("approvals").billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(AttributeDefinition.builder().attributeName("id")
                        .attributeType(ScalarAttributeType.S).build())
                .keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build()));
        // dynalite makes the table ACTIVE on a timer: a put before that is "not found" on a loaded machine.
        client.waiter().waitUntilTableExists(r -> r.tableName("approvals"));
    }

    @AfterAll
    static void stopDynalite() {
        client.close();
        dynalite.close();
    }

    @BeforeEach
    void open() {
        engine = new EngineUnderTest(directory, builder -> builder.dynamoDb(client));
    }

    @AfterEach
    void close() {
        engine.close();
    }

    @Test
    void putThenGet_roundTripsTheItem_inDynamoDbJson() {
        ExecutionDescription done = engine.run("""
                {"StartAt": "Put", "States": {
                  "Put": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:putItem",
                    "Parameters": {"TableName": "approvals", "Item": {"id": {"S.$": "$.id"}, "level": {"N": "1"},
                      "tags": {"SS": ["a", "b"]}, "meta": {"M": {"open": {"BOOL": true}}}}},
                    "ResultPath": null, "Next": "Get"},
                  "Get": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:getItem",
                    "Parameters": {"TableName": "approvals", "Key": {"id": {"S.$": "$.id"}}, "ConsistentRead": true},
                    "ResultSelector": {"item.$": "$.Item", "status.$": "$.SdkHttpMetadata.HttpStatusCode"},
                    "End": true}}}""", "{\"id\": \"ap-1\"}");
        assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        JsonNode output = EngineUnderTest.json(done.output());
        assertThat(output.at("/item/id/S").asText()).isEqualTo("ap-1");
        assertThat(output.at("/item/level/N").asText()).isEqualTo("1");
        assertThat(output.at("/item/meta/M/open/BOOL").asBoolean()).isTrue();
        assertThat(output.at("/item/tags/SS")).hasSize(2);
        assertThat(output.get("status").asInt()).isEqualTo(200);
        assertThat(client.getItem(b -> b.tableName("approvals").key(java.util.Map.of("id",
                AttributeValue.fromS("ap-1")))).item().get("level").n()).isEqualTo("1");
    }

    @Test
    void updateItem_returnsAttributes_andAFailedConditionIsACatchableError() {
        ExecutionDescription done = engine.run("""
                {"StartAt": "Put", "States": {
                  "Put": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:putItem",
                    "Parameters": {"TableName": "approvals", "Item": {"id": {"S": "ap-2"}, "state": {"S": "PENDING"}}},
                    "ResultPath": null, "Next": "Decide"},
                  "Decide": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:updateItem",
                    "Parameters": {"TableName": "approvals", "Key": {"id": {"S": "ap-2"}},
                      "UpdateExpression": "SET #s = :decided", "ConditionExpression": "#s = :pending",
                      "ExpressionAttributeNames": {"#s": "state"},
                      "ExpressionAttributeValues": {":decided": {"S": "APPROVED"}, ":pending": {"S": "PENDING"}},
                      "ReturnValues": "ALL_NEW"},
                    "ResultSelector": {"state.$": "$.Attributes.state.S"}, "ResultPath": "$.first", "Next": "Again"},
                  "Again": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:updateItem",
                    "Parameters": {"TableName": "approvals", "Key": {"id": {"S": "ap-2"}},
                      "UpdateExpression": "SET #s = :decided", "ConditionExpression": "#s = :pending",
                      "ExpressionAttributeNames": {"#s": "state"},
                      "ExpressionAttributeValues": {":decided": {"S": "REJECTED"}, ":pending": {"S": "PENDING"}}},
                    "Catch": [{"ErrorEquals": ["DynamoDB.ConditionalCheckFailedException"], "ResultPath": "$.second",
                               "Next": "Done"}], "End": true},
                  "Done": {"Type": "Succeed"}}}""", "{}");
        JsonNode output = EngineUnderTest.json(done.output());
        assertThat(output.at("/first/state").asText()).isEqualTo("APPROVED");
        // Exactly one decision: the second conditional write is refused and routed through Catch.
        assertThat(output.at("/second/Error").asText()).isEqualTo("DynamoDB.ConditionalCheckFailedException");
        assertThat(output.at("/second/Cause").asText()).contains("Status Code: 400");
    }

    @Test
    void deleteItem_removesTheItem() {
        client.putItem(b -> b.tableName("approvals").item(java.util.Map.of("id", AttributeValue.fromS("ap-3"))));
        ExecutionDescription done = engine.run("""
                {"StartAt": "Delete", "States": {"Delete": {"Type": "Task",
                  "Resource": "arn:aws:states:::dynamodb:deleteItem",
                  "Parameters": {"TableName": "approvals", "Key": {"id": {"S": "ap-3"}}, "ReturnValues": "ALL_OLD"},
                  "End": true}}}""", "{}");
        assertThat(EngineUnderTest.json(done.output()).at("/Attributes/id/S").asText()).isEqualTo("ap-3");
        assertThat(client.getItem(b -> b.tableName("approvals").key(java.util.Map.of("id",
                AttributeValue.fromS("ap-3")))).hasItem()).isFalse();
    }

    @Test
    void missingTable_failsWithTheDynamoDbErrorName() {
        ExecutionDescription done = engine.run("""
                {"StartAt": "Get", "States": {"Get": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:getItem",
                  "Parameters": {"TableName": "nowhere", "Key": {"id": {"S": "x"}}}, "End": true}}}""", "{}");
        assertThat(done.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(done.error()).isEqualTo("DynamoDB.ResourceNotFoundException");
    }

    @Test
    void malformedAttributeValue_failsTheTaskNamingTheField() {
        ExecutionDescription done = engine.run("""
                {"StartAt": "Put", "States": {"Put": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:putItem",
                  "Parameters": {"TableName": "approvals", "Item": {"id": "not typed"}}, "End": true}}}""", "{}");
        assertThat(done.error()).isEqualTo("DynamoDB.ValidationException");
        assertThat(done.cause()).contains("Item.id");
    }
}
