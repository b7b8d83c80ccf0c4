package dev.countersign.local.runtime;

import dev.countersign.store.dynamodb.CountersignTables;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.waiters.DynamoDbWaiter;

/**
 * Brings a local table made by an older Countersign up to {@link CountersignTables}: dynalite cannot add an index to
 * a table (its UpdateTable changes throughput only), so a table missing one of today's indexes is copied into a
 * staging table that has them all, dropped, created again with them, and filled back — dynalite builds the new
 * index entries as each item is put. A run killed part-way is finished by the next start: the staging table is
 * complete once it holds a marker item, and only then is the original dropped.
 *
 * <p>dynalite, like DynamoDB, answers CreateTable and DeleteTable before the table is ACTIVE or gone (it flips the
 * state on a timer, even at 0 ms), so every create and drop here waits for its outcome before the next call: a
 * loaded machine otherwise sees "table already exists" on the re-create or "not found" on the first put.
 */
final class LocalTableUpgrade {
    private static final String STAGING_SUFFIX = ".upgrading";
    private static final Map<String, AttributeValue> COMPLETE = Map.of(CountersignTables.PK,
            AttributeValue.fromS("#UPGRADE"), CountersignTables.SK, AttributeValue.fromS("#COMPLETE"));

    private LocalTableUpgrade() {
    }

    /**
     * Upgrades every table that lacks an index; says what it did in one line per table.
     *
     * @return how many tables were rebuilt
     */
    static int upgrade(DynamoDbClient client, CountersignTables tables, Consumer<String> say) {
        int rebuilt = 0;
        for (CreateTableRequest definition : tables.createTableRequests()) {
            String table = definition.tableName();
            CreateTableRequest staging = definition.toBuilder().tableName(table + STAGING_SUFFIX).build();
            if (exists(client, staging.tableName())) {
                if (hasItem(client, staging.tableName(), COMPLETE)) {
                    // Killed after the copy was complete: the original may be gone or half refilled.
                    refill(client, definition, staging.tableName());
                    say.accept("finished upgrading table " + table + " that an earlier start left half-done");
                    rebuilt++;
                    continue;
                }
                drop(client, staging.tableName());
            }
            Set<String> missing = missingIndexes(client, definition);
            if (missing.isEmpty()) {
                continue;
            }
            create(client, staging);
            int items = copy(client, table, staging.tableName());
            client.putItem(p -> p.tableName(staging.tableName()).item(COMPLETE));
            refill(client, definition, staging.tableName());
            say.accept("upgraded table " + table + " (" + items + " items) with the index"
                    + (missing.size() == 1 ? " " : "es ") + String.join(", ", missing) + " that this version uses");
            rebuilt++;
        }
        return rebuilt;
    }

    private static Set<String> missingIndexes(DynamoDbClient client, CreateTableRequest definition) {
        List<GlobalSecondaryIndexDescription> present = client.describeTable(d -> d.tableName(
                definition.tableName())).table().globalSecondaryIndexes();
        Set<String> have = present.stream().map(GlobalSecondaryIndexDescription::indexName)
                .collect(Collectors.toSet());
        return definition.globalSecondaryIndexes().stream().map(i -> i.indexName()).filter(n -> !have.contains(n))
                .collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    /** Drops the table (if there), creates it with every index, copies the staging table's items in, drops staging. */
    private static void refill(DynamoDbClient client, CreateTableRequest definition, String staging) {
        if (exists(client, definition.tableName())) {
            drop(client, definition.tableName());
        }
        create(client, definition);
        copy(client, staging, definition.tableName());
        client.deleteItem(d -> d.tableName(definition.tableName()).key(COMPLETE));
        drop(client, staging);
    }

    /** Creates the table and returns once it is ACTIVE. */
    static void create(DynamoDbClient client, CreateTableRequest definition) {
        client.createTable(definition);
        try (DynamoDbWaiter waiter = waiter(client)) {
            waiter.waitUntilTableExists(r -> r.tableName(definition.tableName()));
        }
    }

    /** Drops the table and returns once it is gone. */
    private static void drop(DynamoDbClient client, String table) {
        client.deleteTable(d -> d.tableName(table));
        try (DynamoDbWaiter waiter = waiter(client)) {
            waiter.waitUntilTableNotExists(r -> r.tableName(table));
        }
    }

    /** The SDK's default polls every 20 s, fit for DynamoDB; dynalite settles in milliseconds. Gives up after 60 s. */
    private static DynamoDbWaiter waiter(DynamoDbClient client) {
        return DynamoDbWaiter.builder().client(client).overrideConfiguration(o -> o
                .backoffStrategyV2(BackoffStrategy.fixedDelay(Duration.ofMillis(20)))
                .waitTimeout(Duration.ofSeconds(60)).maxAttempts(3000)).build();
    }

    private static int copy(DynamoDbClient client, String from, String to) {
        int copied = 0;
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> after = start;
            ScanResponse page = client.scan(s -> s.tableName(from).consistentRead(true).exclusiveStartKey(after));
            List<Map<String, AttributeValue>> items = new ArrayList<>(page.items());
            for (Map<String, AttributeValue> item : items) {
                client.putItem(p -> p.tableName(to).item(item));
                copied++;
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return copied;
    }

    private static boolean exists(DynamoDbClient client, String table) {
        try {
            client.describeTable(d -> d.tableName(table));
            return true;
        } catch (ResourceNotFoundException e) {
            return false;
        }
    }

    private static boolean hasItem(DynamoDbClient client, String table, Map<String, AttributeValue> key) {
        var found = client.getItem(g -> g.tableName(table).key(key).consistentRead(true));
        return found.hasItem() && !found.item().isEmpty();
    }
}
