package dev.countersign.store.dynamodb;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The one definition of Countersign's DynamoDB tables: names, keys, attribute types, indexes and the TTL attribute.
 * The store, the test extension, the local runtime and the CDK stack all read it from here.
 *
 * <p>The records use no SDK types, so the CDK app can map them to its own constructs; {@link #createTableRequests()}
 * is for dynalite and tests.
 */
public final class CountersignTables {
    /** The environment variable that names the approvals table (the CDK stack sets it). */
    public static final String TABLE_VARIABLE = "COUNTERSIGN_APPROVALS_TABLE";
    public static final String DEFAULT_APPROVALS_TABLE = "countersign-approvals";

    // Attribute names: the physical schema, shared with the item mappers.
    public static final String PK = "pk";
    public static final String SK = "sk";
    public static final String TTL = "ttl";
    public static final String APPROVER_KEY = "approverKey";
    public static final String INBOX_SORT = "inboxSort";
    public static final String PENDING_WORKFLOW = "pendingWorkflow";
    public static final String CREATED_SORT = "createdSort";
    public static final String EVENT_ACTOR = "eventActor";
    public static final String EVENT_SORT = "eventSort";
    public static final String PROJECTION_DUE = "projectionDue";
    public static final String CALLBACK_DUE = "callbackDue";
    public static final String STATE_KEY = "stateKey";
    public static final String STATE_SORT = "stateSort";
    public static final String EVENT_DAY = "eventDay";
    public static final String UPDATED_AT = "updatedAt";

    // The key layout: an approval's items share the partition APPROVAL#<id>; a link grant is its own partition.
    public static final String APPROVAL_PREFIX = "APPROVAL#";
    public static final String APPROVAL_SK = "#APPROVAL";
    public static final String PROPOSAL_SK_PREFIX = "#PROPOSAL#";
    public static final String EVENT_SK_PREFIX = "EVENT#";
    public static final String INBOX_SK_PREFIX = "INBOX#";
    public static final String LINK_PREFIX = "LINK#";
    public static final String LINK_SK = "#LINK";
    /**
     * The value of {@value #PROJECTION_DUE} while an approval's projections lag behind it, and of {@value #CALLBACK_DUE}
     * while its recorded decision waits to be handed to its workflow.
     */
    public static final String DUE = "due";

    public static final String BY_APPROVER = "by-approver";
    public static final String BY_WORKFLOW = "by-workflow";
    public static final String BY_ACTOR = "by-actor";
    public static final String PROJECTION_DUE_INDEX = "projection-due";
    public static final String CALLBACK_DUE_INDEX = "callback-due";
    public static final String BY_STATE = "by-state";
    public static final String BY_DAY = "by-day";
    /** The {@value #STATE_KEY} of an approval that waits for a decision (sorted by {@code createdAt#approvalId}). */
    public static final String PENDING = "pending";
    /** The {@value #STATE_KEY} of an approval that has ended (sorted by {@code decidedAt#approvalId}). */
    public static final String DECIDED = "decided";

    /** The attributes the by-workflow index copies from approval items (never the trail or the tokens). */
    public static final List<String> WORKFLOW_LIST_ATTRIBUTES = List.of("approvalId", "workflow", "summary",
            "riskLevel", "currentLevel", "currentDeadline", "createdAt");
    /** The attributes the by-state index copies: a pending row's, and the status and decision of a decided one. */
    public static final List<String> STATE_LIST_ATTRIBUTES = List.of("approvalId", "workflow", "summary",
            "riskLevel", "currentLevel", "currentDeadline", "createdAt", "status", "decision");
    /** The attribute the by-day index copies from event items, so that a window can be filtered by workflow. */
    public static final List<String> DAY_LIST_ATTRIBUTES = List.of("workflow");

    public enum ScalarType { STRING, NUMBER, BINARY }

    public enum Projection { ALL, KEYS_ONLY, INCLUDE }

    public record KeyAttribute(String name, ScalarType type) {
    }

    /**
     * A global secondary index.
     *
     * @param nonKeyAttributes for {@link Projection#INCLUDE}: the attributes copied into the index
     */
    public record IndexDefinition(String name, KeyAttribute partitionKey, KeyAttribute sortKey, Projection projection,
                                  List<String> nonKeyAttributes) {
        public IndexDefinition {
            nonKeyAttributes = List.copyOf(nonKeyAttributes);
        }
    }

    /**
     * A table.
     *
     * @param logicalName  a stable name for infrastructure code (construct ids)
     * @param tableName    the physical table name
     * @param ttlAttribute the epoch-seconds attribute DynamoDB expires items by
     */
    public record TableDefinition(String logicalName, String tableName, KeyAttribute partitionKey,
                                  KeyAttribute sortKey, List<IndexDefinition> indexes, String ttlAttribute) {
        public TableDefinition {
            indexes = List.copyOf(indexes);
        }
    }

    private final TableDefinition approvals;

    private CountersignTables(String approvalsTableName) {
        if (approvalsTableName == null || !approvalsTableName.matches("[A-Za-z0-9_.-]{3,255}")) {
            throw new IllegalArgumentException("table name '" + approvalsTableName + "' is not a DynamoDB table name:"
                    + " use 3 to 255 characters from A-Z a-z 0-9 _ - .");
        }
        this.approvals = new TableDefinition("Approvals", approvalsTableName,
                new KeyAttribute(PK, ScalarType.STRING), new KeyAttribute(SK, ScalarType.STRING),
                List.of(
                        new IndexDefinition(BY_APPROVER, new KeyAttribute(APPROVER_KEY, ScalarType.STRING),
                                new KeyAttribute(INBOX_SORT, ScalarType.STRING), Projection.ALL, List.of()),
                        new IndexDefinition(BY_WORKFLOW, new KeyAttribute(PENDING_WORKFLOW, ScalarType.STRING),
                                new KeyAttribute(CREATED_SORT, ScalarType.STRING), Projection.INCLUDE,
                                WORKFLOW_LIST_ATTRIBUTES),
                        new IndexDefinition(BY_ACTOR, new KeyAttribute(EVENT_ACTOR, ScalarType.STRING),
                                new KeyAttribute(EVENT_SORT, ScalarType.STRING), Projection.ALL, List.of()),
                        new IndexDefinition(PROJECTION_DUE_INDEX, new KeyAttribute(PROJECTION_DUE, ScalarType.STRING),
                                new KeyAttribute(UPDATED_AT, ScalarType.STRING), Projection.KEYS_ONLY, List.of()),
                        new IndexDefinition(CALLBACK_DUE_INDEX, new KeyAttribute(CALLBACK_DUE, ScalarType.STRING),
                                new KeyAttribute(UPDATED_AT, ScalarType.STRING), Projection.KEYS_ONLY, List.of()),
                        new IndexDefinition(BY_STATE, new KeyAttribute(STATE_KEY, ScalarType.STRING),
                                new KeyAttribute(STATE_SORT, ScalarType.STRING), Projection.INCLUDE,
                                STATE_LIST_ATTRIBUTES),
                        new IndexDefinition(BY_DAY, new KeyAttribute(EVENT_DAY, ScalarType.STRING),
                                new KeyAttribute(EVENT_SORT, ScalarType.STRING), Projection.INCLUDE,
                                DAY_LIST_ATTRIBUTES)),
                TTL);
    }

    /** The tables under their default names. */
    public static CountersignTables defaults() {
        return new CountersignTables(DEFAULT_APPROVALS_TABLE);
    }

    /** The tables with an explicit approvals-table name (tests use a fresh name per test class). */
    public static CountersignTables named(String approvalsTableName) {
        return new CountersignTables(approvalsTableName);
    }

    /** The table names from {@value #TABLE_VARIABLE}, else the defaults. */
    public static CountersignTables fromEnvironment(Map<String, String> env) {
        String name = env.get(TABLE_VARIABLE);
        return name == null || name.isBlank() ? defaults() : named(name.trim());
    }

    public TableDefinition approvals() {
        return approvals;
    }

    public List<TableDefinition> all() {
        return List.of(approvals);
    }

    /** On-demand tables with every index, as dynalite and tests create them. */
    public List<CreateTableRequest> createTableRequests() {
        List<CreateTableRequest> requests = new ArrayList<>();
        for (TableDefinition table : all()) {
            List<AttributeDefinition> attributes = new ArrayList<>();
            addAttribute(attributes, table.partitionKey());
            addAttribute(attributes, table.sortKey());
            List<GlobalSecondaryIndex> indexes = new ArrayList<>();
            for (IndexDefinition index : table.indexes()) {
                addAttribute(attributes, index.partitionKey());
                addAttribute(attributes, index.sortKey());
                indexes.add(GlobalSecondaryIndex.builder()
                        .indexName(index.name())
                        .keySchema(keySchema(index.partitionKey(), index.sortKey()))
                        .projection(p -> {
                            p.projectionType(ProjectionType.valueOf(index.projection().name()));
                            if (index.projection() == Projection.INCLUDE) {
                                p.nonKeyAttributes(index.nonKeyAttributes());
                            }
                        })
                        .build());
            }
            requests.add(CreateTableRequest.builder()
                    .tableName(table.tableName())
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(attributes)
                    .keySchema(keySchema(table.partitionKey(), table.sortKey()))
                    .globalSecondaryIndexes(indexes)
                    .build());
        }
        return requests;
    }

    /** Creates every table that does not exist yet (dynalite, local runtime, tests). TTL is set up by the stack. */
    public void createMissing(DynamoDbClient client) {
        for (CreateTableRequest request : createTableRequests()) {
            Creation.createMissing(client, request);
        }
    }

    /** Apart, so that loading this class loads no SDK exception class: the decision function's init reads names. */
    private static final class Creation {
        static void createMissing(DynamoDbClient client, CreateTableRequest request) {
            try {
                client.createTable(request);
            } catch (ResourceInUseException exists) {
                // already there: definitions are fixed, so it is the same table
            }
            client.waiter().waitUntilTableExists(r -> r.tableName(request.tableName()));
        }
    }

    private static List<KeySchemaElement> keySchema(KeyAttribute partition, KeyAttribute sort) {
        List<KeySchemaElement> keys = new ArrayList<>();
        keys.add(KeySchemaElement.builder().attributeName(partition.name()).keyType(KeyType.HASH).build());
        if (sort != null) {
            keys.add(KeySchemaElement.builder().attributeName(sort.name()).keyType(KeyType.RANGE).build());
        }
        return keys;
    }

    private static void addAttribute(List<AttributeDefinition> attributes, KeyAttribute key) {
        if (key == null || attributes.stream().anyMatch(a -> a.attributeName().equals(key.name()))) {
            return;
        }
        ScalarAttributeType type = switch (key.type()) {
            case STRING -> ScalarAttributeType.S;
            case NUMBER -> ScalarAttributeType.N;
            case BINARY -> ScalarAttributeType.B;
        };
        attributes.add(AttributeDefinition.builder().attributeName(key.name()).attributeType(type).build());
    }
}
