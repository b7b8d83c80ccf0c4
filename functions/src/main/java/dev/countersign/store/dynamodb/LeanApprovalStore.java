package dev.countersign.store.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.approval.ApprovalId;
import dev.countersign.approval.ApprovalRecord;
import dev.countersign.approval.ApprovalStore;
import dev.countersign.approval.ApprovalStoreException;
import dev.countersign.approval.ApprovalTransitions;
import dev.countersign.approval.ChangeResult;
import dev.countersign.approval.CreateResult;
import dev.countersign.approval.DecideResult;
import dev.countersign.approval.DecisionRequest;
import dev.countersign.approval.NewApproval;
import dev.countersign.approval.NextLevel;
import dev.countersign.approval.Page;
import dev.countersign.approval.PageRequest;
import dev.countersign.approval.PendingApproval;
import dev.countersign.approval.TaskToken;
import dev.countersign.approval.Transition;
import dev.countersign.approval.Verdict;
import dev.countersign.audit.AnchorPublisher;
import dev.countersign.audit.AuditChain;
import dev.countersign.audit.AuditEntry;
import dev.countersign.audit.AuditEvent;
import dev.countersign.audit.AuditKey;
import dev.countersign.audit.ChainVerification;
import dev.countersign.aws.internal.AwsCallException;
import dev.countersign.aws.internal.AwsJsonClient;
import dev.countersign.core.Outcome;
import dev.countersign.core.json.Json;
import dev.countersign.link.LinkGrant;
import dev.countersign.link.LinkSecretHash;
import dev.countersign.link.LinkStore;
import dev.countersign.store.dynamodb.internal.ApprovalWrite;
import dev.countersign.store.dynamodb.internal.Items;
import dev.countersign.store.dynamodb.internal.ProjectionMarks;
import dev.countersign.store.dynamodb.internal.ProjectionRequests;
import dev.countersign.store.dynamodb.internal.StoredJson;
import dev.countersign.store.dynamodb.internal.StoredJson.ApprovalSnapshot;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The decision function's store: the same table, the same items and the same writes as {@link DynamoDbApprovalStore},
 * with the review page's calls — find a link, read an approval and its proposal, append an informational audit event
 * such as VIEWED — sent over a small HTTP client ({@link AwsJsonClient}) instead of the SDK, whose client machinery
 * alone costs a fresh JVM more than the whole page (docs/handlers.md, "Cold start"). Every other call goes to a
 * {@link DynamoDbApprovalStore} built on first use, so a page view never builds an SDK client.
 *
 * <p>Reads are consistent reads decoded by {@link StoredJson} into the records the SDK store returns. An append is
 * the store's read–decide–write loop: a consistent read, {@link ApprovalTransitions}, and the very UpdateItem the
 * store sends ({@link ApprovalWrite}), conditioned on the version read, re-read and re-decided after a lost race; then
 * the same projection writes ({@link ProjectionRequests}). LeanApprovalStoreTest proves the records and the writes
 * equal to the SDK store's.
 */
public final class LeanApprovalStore implements ApprovalStore, LinkStore {
    private static final int MAX_ATTEMPTS = 200;

    private final AwsJsonClient dynamoDb;
    private final String tableName;
    private final AuditChain chain;
    private final Clock clock;
    private final Supplier<DynamoDbApprovalStore> sdkStore;
    private final AnchorPublisher anchors;
    private volatile DynamoDbApprovalStore built;

    /**
     * @param dynamoDb  the HTTP client for DynamoDB (endpoint, region and credentials of this process)
     * @param tableName the approvals table
     * @param auditKey  the audit chain's key (an append signs its event)
     * @param sdkStore  builds the SDK store for every other call; called at most once, on first need
     */
    public LeanApprovalStore(AwsJsonClient dynamoDb, String tableName, AuditKey auditKey, Clock clock,
                             Supplier<DynamoDbApprovalStore> sdkStore) {
        this(dynamoDb, tableName, auditKey, clock, sdkStore, AnchorPublisher.OFF);
    }

    /**
     * @param anchors publishes the chain's state after an append on this path, as the SDK store does after its
     *                writes ({@link AnchorPublisher#afterWrite}: a page view alone is not anchored, so the review
     *                page never calls EventBridge); give the SDK store the same publisher
     */
    public LeanApprovalStore(AwsJsonClient dynamoDb, String tableName, AuditKey auditKey, Clock clock,
                             Supplier<DynamoDbApprovalStore> sdkStore, AnchorPublisher anchors) {
        this.anchors = Objects.requireNonNull(anchors, "anchors");
        this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb");
        this.tableName = Objects.requireNonNull(tableName, "tableName");
        this.chain = new AuditChain(auditKey);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sdkStore = Objects.requireNonNull(sdkStore, "sdkStore");
    }

    /** The SDK store, built now if it was not built yet. */
    public DynamoDbApprovalStore sdkStore() {
        DynamoDbApprovalStore store = built;
        if (store == null) {
            synchronized (this) {
                store = built;
                if (store == null) {
                    store = Objects.requireNonNull(sdkStore.get(), "the SDK store");
                    built = store;
                }
            }
        }
        return store;
    }

    /** True once a call needed the SDK store (a review page never does). */
    public boolean sdkStoreBuilt() {
        return built != null;
    }

    // ---------------------------------------------------------------- over HTTP
    // (Loops and try blocks rather than lambdas and streams: each lambda costs a fresh JVM a generated class.)

    @Override
    public Optional<ApprovalRecord> get(ApprovalId approvalId) {
        try {
            ApprovalSnapshot snapshot = load(approvalId);
            return snapshot == null ? Optional.empty() : Optional.of(snapshot.record());
        } catch (AwsCallException e) {
            throw failure("read approval " + approvalId, e);
        }
    }

    @Override
    public Optional<JsonNode> proposal(ApprovalId approvalId) {
        try {
            ApprovalSnapshot snapshot = load(approvalId);
            return snapshot == null ? Optional.empty() : readProposal(approvalId, snapshot.record().proposalHash());
        } catch (AwsCallException e) {
            throw failure("read the proposal of " + approvalId, e);
        }
    }

    @Override
    public Optional<JsonNode> proposal(ApprovalId approvalId, String proposalHash) {
        try {
            return readProposal(approvalId, proposalHash);
        } catch (AwsCallException e) {
            throw failure("read the proposal of " + approvalId, e);
        }
    }

    @Override
    public Optional<LinkGrant> findLink(LinkSecretHash hash) {
        try {
            JsonNode item = getItem(Items.LINK_PREFIX + hash.value(), Items.LINK_SK);
            return item == null ? Optional.empty() : Optional.of(StoredJson.link(item));
        } catch (AwsCallException e) {
            throw failure("find a link grant", e);
        }
    }

    @Override
    public ChangeResult append(ApprovalId approvalId, AuditEntry entry) {
        return change("append " + entry.type() + " to " + approvalId, approvalId, entry, false);
    }

    @Override
    public ChangeResult appendOnce(ApprovalId approvalId, AuditEntry entry) {
        return change("append " + entry.type() + " once to " + approvalId, approvalId, entry, true);
    }

    private ApprovalSnapshot load(ApprovalId id) {
        JsonNode item = getItem(StoredJson.approvalPk(id), Items.APPROVAL_SK);
        return item == null ? null : StoredJson.approval(item);
    }

    private Optional<JsonNode> readProposal(ApprovalId id, String proposalHash) {
        JsonNode item = getItem(StoredJson.approvalPk(id), Items.PROPOSAL_SK_PREFIX + proposalHash);
        return item == null ? Optional.empty() : Optional.of(Json.parse(StoredJson.proposal(item)));
    }

    private JsonNode getItem(String pk, String sk) {
        ObjectNode request = Json.object();
        request.put("TableName", tableName);
        request.set("Key", StoredJson.key(pk, sk));
        request.put("ConsistentRead", true);
        return StoredJson.item(dynamoDb.call("GetItem", request));
    }

    /**
     * Appends an informational event (once per type, actor and level when {@code once}): read, decide, write
     * conditionally; on a lost race read again and decide again (the SDK store's loop).
     */
    private ChangeResult change(String what, ApprovalId id, AuditEntry entry, boolean once) {
        try {
            for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
                ApprovalSnapshot snapshot = load(id);
                if (snapshot == null) {
                    return new ChangeResult.NotFound(id);
                }
                Transition<ChangeResult> transition = once ? ApprovalTransitions.appendOnce(snapshot.record(), entry)
                        : ApprovalTransitions.append(snapshot.record(), entry);
                if (transition instanceof Transition.Answer<ChangeResult> answer) {
                    return answer.result();
                }
                Transition.Write<ChangeResult> write = (Transition.Write<ChangeResult>) transition;
                // No token change is ever asked here, so the tokens (which this path never reads) are not needed.
                Optional<ApprovalWrite.Prepared> prepared = ApprovalWrite.prepare(tableName, snapshot.record(),
                        snapshot.marks(), Map.of(), write, chain, clock.instant());
                if (prepared.isEmpty()) {
                    return write.result().apply(snapshot.record());
                }
                try {
                    dynamoDb.call("UpdateItem", prepared.get().request());
                } catch (AwsCallException e) {
                    if (!e.conditionFailed()) {
                        throw e;
                    }
                    ApprovalWrite.backOff(attempt);
                    continue;
                }
                anchors.afterWrite(prepared.get().written());
                if (prepared.get().marks().due()) {
                    project(prepared.get().after(), prepared.get().marks());
                }
                return write.result().apply(prepared.get().after());
            }
        } catch (AwsCallException e) {
            throw failure(what, e);
        }
        throw new ApprovalStoreException("approval " + id + " changed under " + MAX_ATTEMPTS + " attempts in a row;"
                + " too many writers at once — retry later", null);
    }

    /** The projection writes {@code Projector} sends, in the same order, with the same tolerance of newer data. */
    private void project(ApprovalRecord record, ProjectionMarks marks) {
        for (ObjectNode put : ProjectionRequests.eventPuts(tableName, record, marks)) {
            dynamoDb.call("PutItem", put);
        }
        Instant now = clock.instant();
        for (ObjectNode put : ProjectionRequests.inboxPuts(tableName, record, marks, now)) {
            conditional("PutItem", put);
        }
        conditional("UpdateItem", ProjectionRequests.markProjected(tableName, record, marks));
    }

    /** A write whose failed condition means a newer (or the same) state is already there. */
    private void conditional(String operation, ObjectNode request) {
        try {
            dynamoDb.call(operation, request);
        } catch (AwsCallException e) {
            if (!e.conditionFailed()) {
                throw e;
            }
        }
    }


    private ApprovalStoreException failure(String what, AwsCallException e) {
        return new ApprovalStoreException("could not " + what + " in table " + tableName + " at "
                + dynamoDb.endpoint() + ": " + e.getMessage() + " — check the table exists and the endpoint/"
                + "credentials (AWS_ENDPOINT_URL_DYNAMODB, AWS_REGION, AWS_ACCESS_KEY_ID) are right", e);
    }

    // ---------------------------------------------------------------- through the SDK store

    @Override
    public CreateResult create(NewApproval request) {
        return sdkStore().create(request);
    }

    @Override
    public DecideResult decide(DecisionRequest request) {
        return sdkStore().decide(request);
    }

    @Override
    public ChangeResult escalate(ApprovalId approvalId, int fromLevel, NextLevel next, String actor) {
        return sdkStore().escalate(approvalId, fromLevel, next, actor);
    }

    @Override
    public ChangeResult timeOut(ApprovalId approvalId, int level, Outcome fallback, String actor,
                                ObjectNode policy) {
        return sdkStore().timeOut(approvalId, level, fallback, actor, policy);
    }

    @Override
    public ChangeResult cancel(ApprovalId approvalId, String actor, String reason) {
        return sdkStore().cancel(approvalId, actor, reason);
    }

    @Override
    public ChangeResult lateDecision(ApprovalId approvalId, int level, String approver, Verdict verdict,
                                     String comment) {
        return sdkStore().lateDecision(approvalId, level, approver, verdict, comment);
    }

    @Override
    public ChangeResult reassign(ApprovalId approvalId, int level, String from, String to, String actor,
                                 String reason) {
        return sdkStore().reassign(approvalId, level, from, to, actor, reason);
    }

    @Override
    public Page<PendingApproval> pendingForApprover(String approver, PageRequest page) {
        return sdkStore().pendingForApprover(approver, page);
    }

    @Override
    public Page<PendingApproval> pendingForWorkflow(String workflow, PageRequest page) {
        return sdkStore().pendingForWorkflow(workflow, page);
    }

    @Override
    public List<AuditEvent> auditTrail(ApprovalId approvalId) {
        return sdkStore().auditTrail(approvalId);
    }

    @Override
    public Page<AuditEvent> auditEventsByActor(String actor, Instant from, Instant to, PageRequest page) {
        return sdkStore().auditEventsByActor(actor, from, to, page);
    }

    @Override
    public Optional<ChainVerification> verifyChain(ApprovalId approvalId) {
        return sdkStore().verifyChain(approvalId);
    }

    @Override
    public Optional<TaskToken> taskTokenForCallback(ApprovalId approvalId, int level) {
        return sdkStore().taskTokenForCallback(approvalId, level);
    }

    @Override
    public int repairProjections(int maxApprovals) {
        return sdkStore().repairProjections(maxApprovals);
    }

    @Override
    public void saveLink(LinkGrant grant) {
        sdkStore().saveLink(grant);
    }
}
