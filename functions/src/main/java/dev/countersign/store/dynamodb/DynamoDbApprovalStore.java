package dev.countersign.store.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.approval.ApprovalId;
import dev.countersign.approval.ApprovalLimits;
import dev.countersign.approval.ApprovalQueries;
import dev.countersign.approval.ApprovalRecord;
import dev.countersign.approval.ApprovalStore;
import dev.countersign.approval.ApprovalStoreException;
import dev.countersign.approval.ApprovalTransitions;
import dev.countersign.approval.AuditWindow;
import dev.countersign.approval.CreateResult;
import dev.countersign.approval.DecidedApproval;
import dev.countersign.approval.EventRef;
import dev.countersign.approval.NewApproval;
import dev.countersign.approval.ListPage;
import dev.countersign.approval.PageRequest;
import dev.countersign.approval.PendingApproval;
import dev.countersign.approval.PendingFilter;
import dev.countersign.approval.ProjectionRepair;
import dev.countersign.approval.TaskToken;
import dev.countersign.approval.Transition;
import dev.countersign.audit.AnchorPublisher;
import dev.countersign.audit.AuditChain;
import dev.countersign.audit.AuditEntry;
import dev.countersign.audit.AuditEvent;
import dev.countersign.audit.AuditKey;
import dev.countersign.audit.ChainVerification;
import dev.countersign.aws.AwsClients;
import dev.countersign.aws.RetryLoop;
import dev.countersign.aws.RetryPolicy;
import dev.countersign.aws.internal.AwsJsonClient;
import dev.countersign.core.json.CanonicalJson;
import dev.countersign.core.json.Json;
import dev.countersign.link.LinkGrant;
import dev.countersign.link.LinkSecretHash;
import dev.countersign.link.LinkStore;
import dev.countersign.store.dynamodb.internal.ApprovalWrite;
import dev.countersign.store.dynamodb.internal.HttpTransport;
import dev.countersign.store.dynamodb.internal.PageTokens;
import dev.countersign.store.dynamodb.internal.Projection;
import dev.countersign.store.dynamodb.internal.ProjectionMarks;
import dev.countersign.store.dynamodb.internal.SdkTransport;
import dev.countersign.store.dynamodb.internal.StoredJson;
import dev.countersign.store.dynamodb.internal.StoredJson.ApprovalSnapshot;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The approval store on one DynamoDB table (see docs/data-design.md): the write side ({@link ApprovalStore}), the
 * read side ({@link ApprovalQueries}), link grants and the projection repair, over one {@link DynamoDbTransport}
 * with one codec ({@link StoredJson}).
 *
 * <p>Every change is a consistent read, a decision by an {@link ApprovalTransitions} rule, and one {@code UpdateItem}
 * on the approval item that sets the new state and {@code list_append}s the signed audit events, conditioned on the
 * version (and status and level) that was read ({@link ApprovalWrite}). On a failed condition the item is read again
 * — dynalite ignores {@code ReturnValuesOnConditionCheckFailure} — and the rule decides again, which is how a loser
 * learns who won. The list projections are written after the approval item and repaired from it.
 */
public final class DynamoDbApprovalStore implements ApprovalStore, ApprovalQueries, LinkStore, ProjectionRepair {
    private static final int MAX_ATTEMPTS = 200;
    /** Link grants stay findable this long after expiry, so a late click is told "expired", not "unknown". */
    private static final Duration LINK_RETENTION = Duration.ofDays(30);

    private final DynamoDbTransport transport;
    private final CountersignTables tables;
    private final AuditKey auditKey;
    private final String tableName;
    private final AuditChain chain;
    private final DynamoDbApprovalLists lists;
    private final Projection projection;
    private final DynamoDbProjectionRepair repair;
    private final Clock clock;
    private final boolean projectInline;
    private final AnchorPublisher anchors;
    private final RetryPolicy retry;
    private final RetryLoop retries;

    /**
     * @param anchors publishes the chain's state after each write that appends audit events (best effort; see
     *                {@link AnchorPublisher#afterWrite})
     */
    public DynamoDbApprovalStore(DynamoDbTransport transport, CountersignTables tables, AuditKey auditKey,
                                 Clock clock, AnchorPublisher anchors) {
        this(transport, tables, auditKey, clock, true, anchors);
    }

    /** {@code projectInline=false} leaves projections to {@link #repairProjections}, as a writer that dies would. */
    DynamoDbApprovalStore(DynamoDbTransport transport, CountersignTables tables, AuditKey auditKey, Clock clock,
                          boolean projectInline, AnchorPublisher anchors) {
        this(transport, tables, auditKey, clock, projectInline, anchors, RetryPolicy.STORE);
    }

    private DynamoDbApprovalStore(DynamoDbTransport transport, CountersignTables tables, AuditKey auditKey,
                                  Clock clock, boolean projectInline, AnchorPublisher anchors, RetryPolicy retry) {
        this.tables = tables;
        this.auditKey = auditKey;
        this.retry = Objects.requireNonNull(retry, "retry");
        this.retries = new RetryLoop(retry);
        this.transport = Objects.requireNonNull(transport, "transport");
        this.tableName = tables.approvals().tableName();
        this.chain = new AuditChain(auditKey);
        this.lists = new DynamoDbApprovalLists(transport, tables, PageTokens.sealedWith(auditKey));
        this.projection = new Projection(transport, tableName, clock);
        this.repair = new DynamoDbProjectionRepair(transport, tables, clock);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.projectInline = projectInline;
        this.anchors = Objects.requireNonNull(anchors, "anchors");
    }

    /** The store through the SDK's DynamoDB client. */
    public static DynamoDbApprovalStore overSdk(DynamoDbClient client, CountersignTables tables, AuditKey auditKey,
                                                Clock clock, AnchorPublisher anchors) {
        Objects.requireNonNull(client, "client");
        return new DynamoDbApprovalStore(new SdkTransport(() -> client), tables, auditKey, clock, anchors);
    }

    /**
     * The store through the small signed-HTTP client: what the decision function uses, so that its review page never
     * builds the SDK's client machinery, which alone costs a fresh JVM more than the whole page (docs/handlers.md,
     * "Cold start").
     */
    public static DynamoDbApprovalStore overHttp(AwsJsonClient dynamoDb, CountersignTables tables, AuditKey auditKey,
                                                 Clock clock, AnchorPublisher anchors) {
        return new DynamoDbApprovalStore(new HttpTransport(dynamoDb), tables, auditKey, clock, anchors);
    }

    /** The store a handler builds once at init: the table named by the environment, the process's shared clients. */
    public static DynamoDbApprovalStore fromEnvironment(AwsClients clients, Map<String, String> env,
                                                        AuditKey auditKey, Clock clock, AnchorPublisher anchors) {
        return new DynamoDbApprovalStore(new SdkTransport(clients::dynamoDb), CountersignTables.fromEnvironment(env),
                auditKey, clock, anchors);
    }

    /** As {@link #fromEnvironment(AwsClients, Map, AuditKey, Clock, AnchorPublisher)}, publishing no anchors. */
    public static DynamoDbApprovalStore fromEnvironment(AwsClients clients, Map<String, String> env,
                                                        AuditKey auditKey, Clock clock) {
        return fromEnvironment(clients, env, auditKey, clock, AnchorPublisher.OFF);
    }

    /** How this store reaches DynamoDB. */
    public DynamoDbTransport transport() {
        return transport;
    }

    /**
     * This store with another policy for passing outages (default {@link RetryPolicy#STORE}): what it retries, how
     * often and how long, before it throws {@link Countersign.StoreUnavailable}.
     */
    public DynamoDbApprovalStore retrying(RetryPolicy policy) {
        return new DynamoDbApprovalStore(transport, tables, auditKey, clock, projectInline, anchors, policy);
    }

    // ---------------------------------------------------------------- the write side

    @Override
    public CreateResult create(NewApproval request) {
        ApprovalId id = ApprovalId.forKey(request.key());
        return call("create approval " + id, () -> {
            if (read(id) != null) {
                return retriedCreate(id, request);
            }
            putProposal(id, request);
            Instant now = clock.instant();
            Transition.Write<CreateResult> write = ApprovalTransitions.request(request, now);
            List<AuditEvent> signed = chain.extend(id.value(), 0, null, now, write.entries());
            ApprovalRecord created = write.next().afterWrite(signed, bytes(write.entries()), now);
            ProjectionMarks marks = new ProjectionMarks(0, created.version(), 0L, CountersignTables.DUE);
            ObjectNode put = Json.object();
            put.put("TableName", tableName);
            put.set("Item", StoredJson.approvalItem(created, Map.of(request.level(), request.taskToken()), marks));
            put.put("ConditionExpression", "attribute_not_exists(" + CountersignTables.PK + ")");
            try {
                transport.call("PutItem", put);
            } catch (DynamoDbTransport.Failure raced) {
                if (!raced.conditionFailed()) {
                    throw raced;
                }
                return retriedCreate(id, request);
            }
            anchors.afterWrite(signed);
            if (projectInline) {
                projection.project(created, marks);
            }
            return write.result().apply(created);
        });
    }

    private CreateResult retriedCreate(ApprovalId id, NewApproval request) {
        return loop(id, stored -> ApprovalTransitions.refreshToken(stored.record(), request.level(),
                request.taskToken(), !request.taskToken().equals(stored.tokens().get(request.level()))))
                .orElseThrow(() -> new IllegalStateException("approval " + id + " vanished during create"));
    }

    private void putProposal(ApprovalId id, NewApproval request) {
        // Stored canonical, so the stored bytes hash to proposalHash and anyone can re-check it.
        String text = CanonicalJson.canonicalize(request.proposal());
        int size = text.getBytes(StandardCharsets.UTF_8).length;
        if (size > ApprovalLimits.MAX_PROPOSAL_BYTES) {
            throw new IllegalArgumentException("proposal takes " + size + " bytes; the store keeps at most "
                    + ApprovalLimits.MAX_PROPOSAL_BYTES + ": validate it against the proposal contract first");
        }
        ObjectNode put = Json.object();
        put.put("TableName", tableName);
        put.set("Item", StoredJson.proposalItem(id, request.proposalHash(), text));
        // Content-addressed by hash: a retry writes the same bytes, and a different proposal cannot overwrite it.
        transport.call("PutItem", put);
    }

    @Override
    public Optional<ApprovalRecord> get(ApprovalId approvalId) {
        return call("read approval " + approvalId, () -> {
            Stored stored = read(approvalId);
            return stored == null ? Optional.<ApprovalRecord>empty() : Optional.of(stored.record());
        });
    }

    @Override
    public Optional<JsonNode> proposal(ApprovalId approvalId, String proposalHash) {
        return call("read the proposal of " + approvalId, () -> {
            JsonNode item = getItem(StoredJson.approvalPk(approvalId), CountersignTables.PROPOSAL_SK_PREFIX
                    + proposalHash, null);
            return item == null ? Optional.<JsonNode>empty() : Optional.of(Json.parse(StoredJson.proposal(item)));
        });
    }

    @Override
    public Optional<TaskToken> taskTokenForCallback(ApprovalId approvalId, int level) {
        return call("read the task token of " + approvalId, () -> {
            JsonNode item = getItem(StoredJson.approvalPk(approvalId), CountersignTables.APPROVAL_SK,
                    "taskTokens");
            return item == null ? Optional.<TaskToken>empty()
                    : Optional.ofNullable(StoredJson.tokens(item).get(level));
        });
    }

    @Override
    public <R> Optional<R> apply(ApprovalId approvalId, Rule<R> rule) {
        return call("change approval " + approvalId, () -> loop(approvalId,
                stored -> rule.decide(stored.record(), clock.instant())));
    }

    /**
     * The approval as read: the record, its outbox bookkeeping and the item, whose task tokens are decoded only for a
     * write that stores one (a page view never decodes them, and they never leave the store).
     */
    private record Stored(ApprovalRecord record, ProjectionMarks marks, JsonNode item) {
        Map<Integer, TaskToken> tokens() {
            return StoredJson.tokens(item);
        }
    }

    /** Read, decide, write conditionally; on a lost race read again and decide again. */
    private <R> Optional<R> loop(ApprovalId id, Function<Stored, Transition<R>> rule) {
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            Stored stored = read(id);
            if (stored == null) {
                return Optional.empty();
            }
            Transition<R> transition = rule.apply(stored);
            if (transition instanceof Transition.Answer<R> answer) {
                return Optional.of(answer.result());
            }
            Transition.Write<R> write = (Transition.Write<R>) transition;
            Optional<ApprovalRecord> written = write(stored, write);
            if (written.isPresent()) {
                return Optional.of(write.result().apply(written.get()));
            }
            backOff(attempt);
        }
        throw new ApprovalStoreException("approval " + id + " changed under " + MAX_ATTEMPTS + " attempts in a row;"
                + " too many writers at once — retry later", null);
    }

    /**
     * The single conditional write of a transition.
     *
     * @return the approval as written, or empty if someone else wrote first
     */
    private Optional<ApprovalRecord> write(Stored stored, Transition.Write<?> write) {
        Optional<ApprovalWrite.Prepared> prepared = ApprovalWrite.prepare(tableName, stored.record(), stored.marks(),
                write.token() == null ? Map.of() : stored.tokens(), write, chain, clock.instant());
        if (prepared.isEmpty()) {
            return Optional.of(stored.record());
        }
        try {
            transport.call("UpdateItem", prepared.get().request());
        } catch (DynamoDbTransport.Failure lost) {
            if (!lost.conditionFailed()) {
                throw lost;
            }
            return Optional.empty();
        }
        anchors.afterWrite(prepared.get().written());
        if (projectInline && prepared.get().marks().due()) {
            projection.project(prepared.get().after(), prepared.get().marks());
        }
        return Optional.of(prepared.get().after());
    }

    /**
     * The pause before the next attempt of a write that lost a race: none for the first retry, then jittered and
     * growing (up to 64 ms), so that a crowd of writers on one approval spreads out.
     */
    private static void backOff(int attempt) {
        if (attempt < 2) {
            return;
        }
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, Math.min(64, 1L << Math.min(attempt, 6)) + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApprovalStoreException("interrupted while retrying a write", e);
        }
    }

    private static int bytes(List<AuditEntry> entries) {
        int sum = 0;
        for (AuditEntry entry : entries) {
            sum += entry.storedBytes();
        }
        return sum;
    }

    // ---------------------------------------------------------------- the read side

    @Override
    public ListPage<PendingApproval> pending(PendingFilter filter, PageRequest page) {
        return lists.pending(filter, page);
    }

    @Override
    public ListPage<DecidedApproval> recentDecisions(PageRequest page) {
        return lists.recentDecisions(page);
    }

    @Override
    public List<AuditEvent> auditTrail(ApprovalId approvalId) {
        return call("read the audit trail of " + approvalId, () -> {
            Stored stored = read(approvalId);
            return stored == null ? List.<AuditEvent>of() : stored.record().auditTrail();
        });
    }

    @Override
    public ListPage<AuditEvent> auditEventsByActor(String actor, Instant from, Instant to, PageRequest page) {
        return lists.auditEventsByActor(actor, from, to, page);
    }

    @Override
    public ListPage<EventRef> auditEvents(AuditWindow window, PageRequest page) {
        return lists.auditEvents(window, page);
    }

    /** The lists of this store's table, with its sealed page tokens. */
    public DynamoDbApprovalLists lists() {
        return lists;
    }

    @Override
    public ListPage<ApprovalId> awaitingCallback(PageRequest page) {
        return lists.awaitingCallback(page);
    }

    @Override
    public Optional<ChainVerification> verifyChain(ApprovalId approvalId) {
        return call("verify the audit chain of " + approvalId, () -> {
            Stored stored = read(approvalId);
            return stored == null ? Optional.<ChainVerification>empty() : Optional.of(chain.verify(
                    approvalId.value(), stored.record().auditTrail(), stored.record().anchor()));
        });
    }

    @Override
    public int repairProjections(int maxApprovals) {
        return repair.repairProjections(maxApprovals);
    }

    // ---------------------------------------------------------------- links

    @Override
    public void saveLink(LinkGrant grant) {
        call("save a link grant", () -> {
            ObjectNode put = Json.object();
            put.put("TableName", tableName);
            put.set("Item", StoredJson.linkItem(grant, grant.expiresAt().plus(LINK_RETENTION).getEpochSecond()));
            transport.call("PutItem", put);
            return null;
        });
    }

    @Override
    public Optional<LinkGrant> findLink(LinkSecretHash hash) {
        return call("find a link grant", () -> {
            JsonNode item = getItem(CountersignTables.LINK_PREFIX + hash.value(), CountersignTables.LINK_SK, null);
            return item == null ? Optional.<LinkGrant>empty() : Optional.of(StoredJson.link(item));
        });
    }

    // ---------------------------------------------------------------- plumbing

    private Stored read(ApprovalId id) {
        JsonNode item = getItem(StoredJson.approvalPk(id), CountersignTables.APPROVAL_SK, null);
        if (item == null) {
            return null;
        }
        ApprovalSnapshot snapshot = StoredJson.approval(item);
        return new Stored(snapshot.record(), snapshot.marks(), item);
    }

    /** A consistent GetItem; {@code projection} names the one attribute to read, or null for all. */
    private JsonNode getItem(String pk, String sk, String projection) {
        ObjectNode request = Json.object();
        request.put("TableName", tableName);
        request.set("Key", StoredJson.key(pk, sk));
        request.put("ConsistentRead", true);
        if (projection != null) {
            request.put("ProjectionExpression", "#a");
            request.putObject("ExpressionAttributeNames").put("#a", projection);
        }
        return StoredJson.item(transport.call("GetItem", request));
    }

    /**
     * One operation of the store, attempted again (from its first read) while DynamoDB is unreachable, failing or
     * throttling and the retry policy allows: every operation re-reads before it writes, so another attempt after a
     * lost answer finds what the first one did.
     */
    private <T> T call(String what, Supplier<T> action) {
        Attempted<T> last = retries.run(attempt -> {
            try {
                return RetryLoop.Attempt.done(new Attempted<T>(action.get(), null));
            } catch (DynamoDbTransport.Failure e) {
                return RetryLoop.Attempt.failed(new Attempted<T>(null, e), e.transientFailure());
            }
        });
        if (last.failure() == null) {
            return last.value();
        }
        throw failure(what, tableName, transport.endpoint(), last.failure());
    }

    private record Attempted<T>(T value, DynamoDbTransport.Failure failure) {
    }

    /** What a caller is told when DynamoDB failed: a passing outage ({@link Countersign.StoreUnavailable}) or not. */
    static ApprovalStoreException failure(String what, String tableName, String endpoint,
                                          DynamoDbTransport.Failure e) {
        if (e.transientFailure()) {
            return new Countersign.StoreUnavailable("could not " + what + " in table " + tableName + " at " + endpoint
                    + ": " + e.getMessage() + " — DynamoDB is unreachable, failing or throttling; this is retried"
                    + " (the gate's steps for minutes), and nothing was half-written", e);
        }
        return new ApprovalStoreException("could not " + what + " in table " + tableName + " at " + endpoint + ": "
                + e.getMessage() + " — check the table exists and the endpoint/credentials (AWS_ENDPOINT_URL_DYNAMODB,"
                + " AWS_REGION, AWS_ACCESS_KEY_ID) are right", e);
    }
}
