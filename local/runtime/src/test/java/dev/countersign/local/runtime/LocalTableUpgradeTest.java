package dev.countersign.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.countersign.local.dynalite.DynaliteServer;
import dev.countersign.store.dynamodb.CountersignTables;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;

/** A local table made before an index existed gets it at the next start, with every item kept and indexed. */
class LocalTableUpgradeTest {
    private static final CountersignTables TABLES = CountersignTables.defaults();

    @TempDir
    Path data;
    DynaliteServer dynalite;
    DynamoDbClient client;
    final List<String> said = new ArrayList<>();

    @BeforeEach
    void start() {
        dynalite = DynaliteServer.start(dev.countersign.local.dynalite.ProjectRoot.locate(), 0, data.resolve("db"));
        client = DynamoDbClient.builder().endpointOverride(dynalite.endpoint()).region(Region.US_EAST_1)
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("l", "l"))).build();
    }

    @AfterEach
    void stop() {
        client.close();
        dynalite.close();
    }

    @Test
    void aTableWithoutTheCallbackDueIndex_isRebuiltWithIt_keepingEveryItem() {
        LocalTableUpgrade.create(client, withoutIndex(TABLES.createTableRequests().get(0),
                CountersignTables.CALLBACK_DUE_INDEX));
        for (int i = 0; i < 30; i++) {
            Map<String, AttributeValue> item = item("a" + i, i % 2 == 0);
            client.putItem(p -> p.tableName(CountersignTables.DEFAULT_APPROVALS_TABLE).item(item));
        }

        assertThat(LocalTableUpgrade.upgrade(client, TABLES, said::add)).isEqualTo(1);

        assertThat(indexes()).contains(CountersignTables.CALLBACK_DUE_INDEX);
        assertThat(client.scan(s -> s.tableName(CountersignTables.DEFAULT_APPROVALS_TABLE)).count()).isEqualTo(30);
        // The items that carry the new index's key are in it: dynalite indexed them as they were put back.
        assertThat(client.query(q -> q.tableName(CountersignTables.DEFAULT_APPROVALS_TABLE)
                .indexName(CountersignTables.CALLBACK_DUE_INDEX).keyConditionExpression("#p = :p")
                .expressionAttributeNames(Map.of("#p", CountersignTables.CALLBACK_DUE))
                .expressionAttributeValues(Map.of(":p", AttributeValue.fromS(CountersignTables.DUE)))).count())
                .isEqualTo(15);
        assertThat(said).containsExactly("upgraded table countersign-approvals (30 items) with the index"
                + " callback-due that this version uses");
        assertThat(LocalTableUpgrade.upgrade(client, TABLES, said::add)).as("nothing left to do").isZero();
    }

    @Test
    void anUpgradeKilledAfterItsCopy_isFinishedByTheNextStart() {
        // What a start killed after the staging copy and the original's drop leaves behind.
        CreateTableRequest full = TABLES.createTableRequests().get(0);
        String staging = full.tableName() + ".upgrading";
        LocalTableUpgrade.create(client, full.toBuilder().tableName(staging).build());
        for (int i = 0; i < 5; i++) {
            Map<String, AttributeValue> item = item("b" + i, true);
            client.putItem(p -> p.tableName(staging).item(item));
        }
        client.putItem(p -> p.tableName(staging).item(Map.of(CountersignTables.PK, AttributeValue.fromS("#UPGRADE"),
                CountersignTables.SK, AttributeValue.fromS("#COMPLETE"))));

        assertThat(LocalTableUpgrade.upgrade(client, TABLES, said::add)).isEqualTo(1);

        assertThat(client.scan(s -> s.tableName(CountersignTables.DEFAULT_APPROVALS_TABLE)).count()).isEqualTo(5);
        assertThat(client.listTables().tableNames()).containsExactly(CountersignTables.DEFAULT_APPROVALS_TABLE);
        assertThat(said).containsExactly("finished upgrading table countersign-approvals that an earlier start left"
                + " half-done");
    }

    private List<String> indexes() {
        return client.describeTable(d -> d.tableName(CountersignTables.DEFAULT_APPROVALS_TABLE)).table()
                .globalSecondaryIndexes().stream().map(GlobalSecondaryIndexDescription::indexName).toList();
    }

    private static CreateTableRequest withoutIndex(CreateTableRequest request, String index) {
        return request.toBuilder().globalSecondaryIndexes(request.globalSecondaryIndexes().stream()
                .filter(i -> !i.indexName().equals(index)).toList())
                .attributeDefinitions(request.attributeDefinitions().stream()
                        .filter(a -> !a.attributeName().equals(CountersignTables.CALLBACK_DUE)).toList()).build();
    }

    private static Map<String, AttributeValue> item(String id, boolean callbackDue) {
        Map<String, AttributeValue> item = new java.util.HashMap<>();
        item.put(CountersignTables.PK, AttributeValue.fromS("APPROVAL#" + id));
        item.put(CountersignTables.SK, AttributeValue.fromS("#APPROVAL"));
        item.put(CountersignTables.UPDATED_AT, AttributeValue.fromS("2026-12-01T10:00:00.000Z"));
        if (callbackDue) {
            item.put(CountersignTables.CALLBACK_DUE, AttributeValue.fromS(CountersignTables.DUE));
        }
        return item;
    }
}
