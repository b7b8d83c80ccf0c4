package dev.countersign.infra;

import dev.countersign.store.dynamodb.CountersignTables;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.GlobalSecondaryIndexProps;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.ProjectionType;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.constructs.Construct;
import software.constructs.IConstruct;

/** The approvals table as the stack creates it, from {@link CountersignTables}' definition (keys, indexes, TTL). */
final class ApprovalTable {
    private ApprovalTable() {
    }

    static Table create(Construct scope, CountersignTables.TableDefinition definition) {
        // Every approval's audit trail lives here: retained (except when the deploy that created it rolls back),
        // protected from deletion, restorable to any second.
        Table created = Table.Builder.create(scope, definition.logicalName())
                .tableName(definition.tableName())
                .partitionKey(attribute(definition.partitionKey()))
                .sortKey(definition.sortKey() == null ? null : attribute(definition.sortKey()))
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .encryption(TableEncryption.AWS_MANAGED)
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                        .pointInTimeRecoveryEnabled(true).build())
                .deletionProtection(true)
                .removalPolicy(RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE)
                .timeToLiveAttribute(definition.ttlAttribute())
                .build();
        for (CountersignTables.IndexDefinition index : definition.indexes()) {
            var props = GlobalSecondaryIndexProps.builder()
                    .indexName(index.name())
                    .partitionKey(attribute(index.partitionKey()))
                    .sortKey(index.sortKey() == null ? null : attribute(index.sortKey()))
                    .projectionType(switch (index.projection()) {
                        case ALL -> ProjectionType.ALL;
                        case KEYS_ONLY -> ProjectionType.KEYS_ONLY;
                        case INCLUDE -> ProjectionType.INCLUDE;
                    });
            if (index.projection() == CountersignTables.Projection.INCLUDE) {
                props.nonKeyAttributes(index.nonKeyAttributes());
            }
            created.addGlobalSecondaryIndex(props.build());
        }
        return created;
    }

    private static Attribute attribute(CountersignTables.KeyAttribute key) {
        return Attribute.builder().name(key.name()).type(switch (key.type()) {
            case STRING -> AttributeType.STRING;
            case NUMBER -> AttributeType.NUMBER;
            case BINARY -> AttributeType.BINARY;
        }).build();
    }

    /** Makes {@code table} depend on every child of {@code constructs} that is not the table or inside it. */
    static void createAfter(Table table, IConstruct... constructs) {
        for (IConstruct scope : constructs) {
            for (IConstruct child : scope.getNode().getChildren()) {
                if (child != table && !child.getNode().getPath().startsWith(table.getNode().getPath())
                        && !table.getNode().getPath().startsWith(child.getNode().getPath())) {
                    table.getNode().addDependency(child);
                }
            }
        }
    }
}
