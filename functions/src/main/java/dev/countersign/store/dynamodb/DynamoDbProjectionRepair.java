package dev.countersign.store.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.approval.ApprovalId;
import dev.countersign.approval.ProjectionRepair;
import dev.countersign.aws.AwsClients;
import dev.countersign.core.json.Json;
import dev.countersign.store.dynamodb.internal.Projection;
import dev.countersign.store.dynamodb.internal.SdkTransport;
import dev.countersign.store.dynamodb.internal.StoredJson;
import dev.countersign.store.dynamodb.internal.StoredJson.ApprovalSnapshot;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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

    private final DynamoDbTransport transport;
    private final String tableName;
    private final Projection projection;

    public DynamoDbProjectionRepair(DynamoDbTransport transport, CountersignTables tables, Clock clock) {
        this.transport = transport;
        this.tableName = tables.approvals().tableName();
        this.projection = new Projection(transport, tableName, clock);
    }

    /** The sweep on the table named by the environment, with the process's shared clients. */
    public static DynamoDbProjectionRepair fromEnvironment(AwsClients clients, Map<String, String> env, Clock clock) {
        return new DynamoDbProjectionRepair(new SdkTransport(clients::dynamoDb), CountersignTables.fromEnvironment(env),
                clock);
    }

    @Override
    public int repairProjections(int maxApprovals) {
        if (maxApprovals < 1) {
            throw new IllegalArgumentException("maxApprovals is " + maxApprovals + ": ask for at least 1");
        }
        int[] repaired = {0};
        try {
            forEachDue(maxApprovals, id -> {
                ApprovalSnapshot stored = read(id);
                // The index lags the table: an approval projected since the query is skipped, not counted.
                if (stored != null && stored.marks().projectionDue() != null) {
                    projection.project(stored.record(), stored.marks());
                    repaired[0]++;
                }
                return repaired[0];
            });
        } catch (DynamoDbTransport.Failure e) {
            throw DynamoDbApprovalStore.failure("repair projections", tableName, transport.endpoint(), e);
        }
        return repaired[0];
    }

    /**
     * The approvals whose list rows lag behind them right now (at most {@code max}): what a reader of the lists reads
     * by id so as to miss nothing the next sweep will add.
     */
    public List<ApprovalId> due(int max) {
        List<ApprovalId> due = new ArrayList<>();
        try {
            forEachDue(max, id -> {
                due.add(id);
                return due.size();
            });
        } catch (DynamoDbTransport.Failure e) {
            throw DynamoDbApprovalStore.failure("read the approvals whose list rows lag", tableName,
                    transport.endpoint(), e);
        }
        return due;
    }

    /** Pages through the sparse index; {@code each} returns how many count towards {@code max} so far. */
    private void forEachDue(int max, java.util.function.ToIntFunction<ApprovalId> each) {
        int counted = 0;
        JsonNode start = null;
        do {
            ObjectNode query = Json.object();
            query.put("TableName", tableName);
            query.put("IndexName", CountersignTables.PROJECTION_DUE_INDEX);
            query.put("KeyConditionExpression", "#p = :p");
            query.putObject("ExpressionAttributeNames").put("#p", CountersignTables.PROJECTION_DUE);
            query.putObject("ExpressionAttributeValues").set(":p", StoredJson.s(CountersignTables.DUE));
            query.put("Limit", Math.min(PAGE, max - counted));
            if (start != null) {
                query.set("ExclusiveStartKey", start);
            }
            JsonNode due = transport.call("Query", query);
            for (JsonNode keys : due.path("Items")) {
                String pk = keys.path(CountersignTables.PK).path("S").asText();
                counted = each.applyAsInt(new ApprovalId(pk.substring(CountersignTables.APPROVAL_PREFIX.length())));
            }
            start = due.get("LastEvaluatedKey");
        } while (start != null && !start.isEmpty() && counted < max);
    }

    private ApprovalSnapshot read(ApprovalId id) {
        ObjectNode request = Json.object();
        request.put("TableName", tableName);
        request.set("Key", StoredJson.key(StoredJson.approvalPk(id), CountersignTables.APPROVAL_SK));
        request.put("ConsistentRead", true);
        JsonNode item = StoredJson.item(transport.call("GetItem", request));
        return item == null ? null : StoredJson.approval(item);
    }
}
