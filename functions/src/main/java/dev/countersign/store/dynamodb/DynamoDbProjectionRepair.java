package dev.countersign.store.dynamodb;

import dev.countersign.approval.ApprovalId;
import dev.countersign.approval.ApprovalStoreException;
import dev.countersign.approval.ProjectionRepair;
import dev.countersign.aws.AwsClients;
import dev.countersign.store.dynamodb.internal.ApprovalMapping;
import dev.countersign.store.dynamodb.internal.ApprovalMapping.Stored;
import dev.countersign.store.dynamodb.internal.Items;
import dev.countersign.store.dynamodb.internal.Items.ApprovalItem;
import dev.countersign.store.dynamodb.internal.Projector;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.model.GetItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.Page;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The repair sweep of the list projections (docs/data-design.md, "Repair"): queries the sparse
 * {@value CountersignTables#PROJECTION_DUE_INDEX} index and re-projects each approval from a fresh, consistent read.
 * Safe at any time, concurrently with writers: rows only move forward in version, and the mark is cleared only if the
 * approval did not change meanwhile. It needs the table alone — no audit key — so the scheduled function that runs
 * it is granted the table and nothing else.
 */
public final class DynamoDbProjectionRepair implements ProjectionRepair {
    /** Approvals per index page: small, so a bounded caller overshoots its bound by little. */
    private static final int PAGE = 100;

    private final String tableName;
    private final DynamoDbTable<ApprovalItem> approvals;
    private final Projector projector;

    public DynamoDbProjectionRepair(DynamoDbClient client, DynamoDbEnhancedClient enhanced, CountersignTables tables,
                                    Clock clock) {
        this.tableName = tables.approvals().tableName();
        this.approvals = enhanced.table(tableName, ApprovalItem.SCHEMA);
        this.projector = new Projector(client, tableName, clock);
    }

    /** The sweep on the table named by the environment, with the process's shared clients. */
    public static DynamoDbProjectionRepair fromEnvironment(AwsClients clients, Map<String, String> env, Clock clock) {
        return new DynamoDbProjectionRepair(clients.dynamoDb(), clients.dynamoDbEnhanced(),
                CountersignTables.fromEnvironment(env), clock);
    }

    @Override
    public int repairProjections(int maxApprovals) {
        if (maxApprovals < 1) {
            throw new IllegalArgumentException("maxApprovals is " + maxApprovals + ": ask for at least 1");
        }
        try {
            int repaired = 0;
            Map<String, AttributeValue> start = null;
            do {
                Page<ApprovalItem> due = approvals.index(CountersignTables.PROJECTION_DUE_INDEX)
                        .query(QueryEnhancedRequest.builder()
                                .queryConditional(QueryConditional.keyEqualTo(k -> k.partitionValue(Items.DUE)))
                                .limit(Math.min(PAGE, maxApprovals - repaired))
                                .exclusiveStartKey(start)
                                .build())
                        .iterator().next();
                for (ApprovalItem keys : due.items()) {
                    String id = keys.pk.substring(Items.APPROVAL_PREFIX.length());
                    Optional<Stored> stored = load(new ApprovalId(id));
                    // The index lags the table: an approval projected since the query is skipped, not counted.
                    if (stored.isPresent() && stored.get().item().projectionDue != null) {
                        projector.project(stored.get().item(), stored.get().record());
                        repaired++;
                    }
                }
                start = due.lastEvaluatedKey();
            } while (start != null && !start.isEmpty() && repaired < maxApprovals);
            return repaired;
        } catch (SdkException e) {
            throw new ApprovalStoreException("could not repair projections in table " + tableName + ": "
                    + e.getMessage() + " — check the table exists and the endpoint/credentials"
                    + " (AWS_ENDPOINT_URL_DYNAMODB, AWS_REGION) are right", e);
        }
    }

    private Optional<Stored> load(ApprovalId id) {
        ApprovalItem item = approvals.getItem(GetItemEnhancedRequest.builder()
                .key(Key.builder().partitionValue(ApprovalMapping.approvalPk(id)).sortValue(Items.APPROVAL_SK).build())
                .consistentRead(true).build());
        return Optional.ofNullable(item).map(ApprovalMapping::fromItem);
    }
}
