package dev.countersign.store.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.countersign.testing.DynaliteExtension;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

@ExtendWith(DynaliteExtension.class)
class CountersignTablesTest {

    @Test
    void tablesCreatedFromTheDefinitions_haveTheDefinedKeysAndIndexes(DynamoDbClient client,
                                                                      CountersignTables tables) {
        CountersignTables.TableDefinition definition = tables.approvals();

        TableDescription table = client.describeTable(r -> r.tableName(definition.tableName())).table();

        assertThat(table.keySchema()).extracting(k -> k.attributeName() + ":" + k.keyTypeAsString())
                .containsExactly("pk:HASH", "sk:RANGE");
        assertThat(table.globalSecondaryIndexes()).extracting(GlobalSecondaryIndexDescription::indexName)
                .containsExactlyInAnyOrder("by-approver", "by-workflow", "by-actor", "projection-due", "callback-due",
                        "by-state", "by-day");
        for (CountersignTables.IndexDefinition index : definition.indexes()) {
            GlobalSecondaryIndexDescription described = table.globalSecondaryIndexes().stream()
                    .filter(g -> g.indexName().equals(index.name())).findFirst().orElseThrow();
            assertThat(described.keySchema()).extracting(k -> k.attributeName())
                    .containsExactly(index.partitionKey().name(), index.sortKey().name());
            assertThat(described.projection().projectionTypeAsString()).isEqualTo(index.projection().name());
        }
        // The approval lists must never copy the trail or the task tokens into an index.
        for (String list : new String[] {"by-workflow", "by-state"}) {
            CountersignTables.IndexDefinition index = definition.indexes().stream()
                    .filter(i -> i.name().equals(list)).findFirst().orElseThrow();
            assertThat(index.projection()).as(list).isEqualTo(CountersignTables.Projection.INCLUDE);
            assertThat(index.nonKeyAttributes()).as(list).doesNotContain("trail", "taskTokens");
        }
    }

    @Test
    void createMissing_isIdempotent(DynamoDbClient client, CountersignTables tables) {
        tables.createMissing(client);

        assertThat(client.listTables().tableNames()).contains(tables.approvals().tableName());
    }

    @Test
    void tableName_comesFromTheEnvironment_orTheDefault() {
        assertThat(CountersignTables.fromEnvironment(Map.of()).approvals().tableName())
                .isEqualTo("countersign-approvals");
        assertThat(CountersignTables.fromEnvironment(Map.of(CountersignTables.TABLE_VARIABLE, "Prod-Approvals"))
                .approvals().tableName()).isEqualTo("Prod-Approvals");
        assertThatThrownBy(() -> CountersignTables.named("ab"))
                .hasMessageContaining("3 to 255 characters");
    }
}
