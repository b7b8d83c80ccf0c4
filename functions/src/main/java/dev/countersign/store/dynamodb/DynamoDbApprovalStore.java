package dev.countersign.store.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.approval.ApprovalId;
import dev.countersign.approval.ApprovalLimits;
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
import dev.countersign.audit.IsoMillis;
import dev.countersign.aws.AwsClients;
import dev.countersign.core.Outcome;
import dev.countersign.core.RiskLevel;
import dev.countersign.core.json.CanonicalJson;
import dev.countersign.core.json.Json;
import dev.countersign.link.LinkGrant;
import dev.countersign.link.LinkSecretHash;
import dev.countersign.link.LinkStore;
import dev.countersign.store.dynamodb.internal.ApprovalMapping;
import dev.countersign.store.dynamodb.internal.ApprovalMapping.Stored;
import dev.countersign.store.dynamodb.internal.ApprovalWrite;
import dev.countersign.store.dynamodb.internal.Items;
import dev.countersign.store.dynamodb.internal.Items.ApprovalItem;
import dev.countersign.store.dynamodb.internal.Items.EventItem;
import dev.countersign.store.dynamodb.internal.Items.InboxItem;
import dev.countersign.store.dynamodb.internal.Items.LinkItem;
import dev.countersign.store.dynamodb.internal.Items.ProposalItem;
import dev.countersign.store.dynamodb.internal.PageTokens;
import dev.countersign.store.dynamodb.internal.Projector;
import dev.countersign.store.dynamodb.internal.SdkRequests;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbIndex;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.model.GetItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.PutItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;

/**
 * {@link ApprovalStore} on one DynamoDB table (see docs/data-design.md).
 *
 * <p>Every change is a consistent read, a decision by {@link ApprovalTransitions}, and one {@code UpdateItem} on the
 * approval item that sets the new state and {@code list_append}s the signed audit events, conditioned on the version
 * (and status and level) that was read. On a failed condition the item is read again — dynalite ignores
 * {@code ReturnValuesOnConditionCheckFailure} — and the rule decides again, which is how a loser learns who won.
 * The list projections are written after the approval item and repaired from it.
 */
public final class DynamoDbApprovalStore implements ApprovalStore, LinkStore {
    private static final int MAX_ATTEMPTS = 200;
    /** Link grants stay findable this long after expiry, so a late click is told "expired", not "unknown". */
    private static final Duration LINK_RETENTION = Duration.ofDays(30);

    private final DynamoDbClient client;
    private final String tableName;
    private final DynamoDbTable<ApprovalItem> approvals;
    private final DynamoDbTable<ProposalItem> proposals;
    private final DynamoDbTable<EventItem> events;
    private final DynamoDbTable<InboxItem> inbox;
    private final DynamoDbTable<LinkItem> links;
    private final AuditChain chain;
    private final PageTokens pageTokens;
    private final Projector projector;
    private final DynamoDbProjectionRepair repair;
    private final Clock clock;
    private final boolean projectInline;
    private final AnchorPublisher anchors;

    public DynamoDbApprovalStore(DynamoDbClient client, DynamoDbEnhancedClient enhanced, CountersignTables tables,
                                 AuditKey auditKey, Clock clock) {
        this(client, enhanced, tables, auditKey, clock, true, AnchorPublisher.OFF);
    }

    /**
     * @param anchors publishes the chain's state after each write that appends audit events (best effort; see
     *                {@link AnchorPublisher#afterWrite})
     */
    public DynamoDbApprovalStore(DynamoDbClient client, DynamoDbEnhancedClient enhanced, CountersignTables tables,
                                 AuditKey auditKey, Clock clock, AnchorPublisher anchors) {
        this(client, enhanced, tables, auditKey, clock, true, anchors);
    }

    /**
     * The store a handler builds once at init: the table named by the environment, the process's shared clients.
     */
    public static DynamoDbApprovalStore fromEnvironment(AwsClients clients,
                                                        Map<String, String> env, AuditKey auditKey, Clock clock) {
        return fromEnvironment(clients, env, auditKey, clock, AnchorPublisher.OFF);
    }

    /** As {@link #fromEnvironment(AwsClients, Map, AuditKey, Clock)}, publishing anchors through {@code anchors}. */
    public static DynamoDbApprovalStore fromEnvironment(AwsClients clients, Map<String, String> env,
                                                        AuditKey auditKey, Clock clock, AnchorPublisher anchors) {
        return new DynamoDbApprovalStore(clients.dynamoDb(), clients.dynamoDbEnhanced(),
                CountersignTables.fromEnvironment(env), auditKey, clock, true, anchors);
    }

    /** {@code projectInline=false} leaves projections to {@link #repairProjections}: a writer that dies after writing. */
    DynamoDbApprovalStore(DynamoDbClient client, DynamoDbEnhancedClient enhanced, CountersignTables tables,
                          AuditKey auditKey, Clock clock, boolean projectInline) {
        this(client, enhanced, tables, auditKey, clock, projectInline, AnchorPublisher.OFF);
    }

    private DynamoDbApprovalStore(DynamoDbClient client, DynamoDbEnhancedClient enhanced, CountersignTables tables,
                                  AuditKey auditKey, Clock clock, boolean projectInline, AnchorPublisher anchors) {
        this.client = client;
        this.tableName = tables.approvals().tableName();
        this.approvals = enhanced.table(tableName, ApprovalItem.SCHEMA);
        this.proposals = enhanced.table(tableName, ProposalItem.SCHEMA);
        this.events = enhanced.table(tableName, EventItem.SCHEMA);
        this.inbox = enhanced.table(tableName, InboxItem.SCHEMA);
        this.links = enhanced.table(tableName, LinkItem.SCHEMA);
        this.chain = new AuditChain(auditKey);
        this.pageTokens = new PageTokens(auditKey);
        this.projector = new Projector(client, tableName, clock);
        this.repair = new DynamoDbProjectionRepair(client, enhanced, tables, clock);
        this.clock = clock;
        this.projectInline = projectInline;
        this.anchors = java.util.Objects.requireNonNull(anchors, "anchors");
    }

    // ---------------------------------------------------------------- create and read

    @Override
    public CreateResult create(NewApproval request) {
        ApprovalId id = ApprovalId.forKey(request.key());
        return call("create approval " + id, () -> {
            Optional<Stored> existing = load(id);
            if (existing.isPresent()) {
                return retriedCreate(id, request);
            }
            putProposal(id, request);
            Instant now = clock.instant();
            Transition.Write<CreateResult> write = ApprovalTransitions.request(request, now);
            List<AuditEvent> signed = chain.extend(id.value(), 0, null, now, write.entries());
            ApprovalRecord created = write.next().afterWrite(signed, bytes(write.entries()), now);
            ApprovalItem item = ApprovalMapping.toItem(created, Map.of(request.level(), request.taskToken()));
            item.projectionDue = Items.DUE;
            item.projectedSeq = 0;
            item.inboxVersion = created.version();
            item.projectedInboxVersion = 0L;
            try {
                approvals.putItem(PutItemEnhancedRequest.builder(ApprovalItem.class).item(item)
                        .conditionExpression(Expression.builder().expression("attribute_not_exists(pk)").build())
                        .build());
            } catch (ConditionalCheckFailedException raced) {
                return retriedCreate(id, request);
            }
            anchors.afterWrite(signed);
            if (projectInline) {
                projector.project(item, created);
            }
            return write.result().apply(created);
        });
    }

    private CreateResult retriedCreate(ApprovalId id, NewApproval request) {
        return apply(id, stored -> ApprovalTransitions.refreshToken(stored.record(), request.level(),
                        request.taskToken(), !stored.token(request.level()).map(request.taskToken()::equals)
                                .orElse(false)),
                () -> {
                    throw new IllegalStateException("approval " + id + " vanished during create");
                });
    }

    private void putProposal(ApprovalId id, NewApproval request) {
        // Stored canonical, so the stored bytes hash to proposalHash and anyone can re-check it.
        String text = CanonicalJson.canonicalize(request.proposal());
        int size = text.getBytes(StandardCharsets.UTF_8).length;
        if (size > ApprovalLimits.MAX_PROPOSAL_BYTES) {
            throw new IllegalArgumentException("proposal takes " + size + " bytes; the store keeps at most "
                    + ApprovalLimits.MAX_PROPOSAL_BYTES + ": validate it against the proposal contract first");
        }
        ProposalItem item = new ProposalItem();
        item.pk = ApprovalMapping.approvalPk(id);
        item.sk = Items.PROPOSAL_SK_PREFIX + request.proposalHash();
        item.approvalId = id.value();
        item.proposalHash = request.proposalHash();
        item.proposal = text;
        // Content-addressed by hash: a retry writes the same bytes, and a different proposal cannot overwrite it.
        proposals.putItem(item);
    }

    @Override
    public Optional<ApprovalRecord> get(ApprovalId approvalId) {
        return call("read approval " + approvalId, () -> load(approvalId).map(Stored::record));
    }

    @Override
    public Optional<JsonNode> proposal(ApprovalId approvalId) {
        return call("read the proposal of " + approvalId, () -> load(approvalId).flatMap(stored -> {
            ProposalItem item = proposals.getItem(GetItemEnhancedRequest.builder()
                    .key(key(ApprovalMapping.approvalPk(approvalId),
                            Items.PROPOSAL_SK_PREFIX + stored.record().proposalHash()))
                    .consistentRead(true).build());
            if (item == null) {
                return Optional.empty();
            }
            return Optional.of(Json.parse(item.proposal));
        }));
    }

    @Override
    public Optional<JsonNode> proposal(ApprovalId approvalId, String proposalHash) {
        return call("read the proposal of " + approvalId, () -> {
            ProposalItem item = proposals.getItem(GetItemEnhancedRequest.builder()
                    .key(key(ApprovalMapping.approvalPk(approvalId), Items.PROPOSAL_SK_PREFIX + proposalHash))
                    .consistentRead(true).build());
            return item == null ? Optional.<JsonNode>empty() : Optional.of(Json.parse(item.proposal));
        });
    }

    @Override
    public Optional<TaskToken> taskTokenForCallback(ApprovalId approvalId, int level) {
        return call("read the task token of " + approvalId, () -> {
            GetItemResponse response = client.getItem(r -> r.tableName(tableName).consistentRead(true)
                    .key(Map.of(CountersignTables.PK, AttributeValue.fromS(ApprovalMapping.approvalPk(approvalId)),
                            CountersignTables.SK, AttributeValue.fromS(Items.APPROVAL_SK)))
                    .projectionExpression("taskTokens"));
            if (!response.hasItem() || !response.item().containsKey("taskTokens")) {
                return Optional.empty();
            }
            AttributeValue token = response.item().get("taskTokens").m().get(Integer.toString(level));
            return token == null ? Optional.empty() : Optional.of(new TaskToken(token.s()));
        });
    }

    // ---------------------------------------------------------------- changes

    @Override
    public DecideResult decide(DecisionRequest request) {
        return call("decide approval " + request.approvalId(), () -> apply(request.approvalId(),
                stored -> ApprovalTransitions.decide(stored.record(), request, clock.instant()),
                () -> new DecideResult.NotFound(request.approvalId())));
    }

    @Override
    public ChangeResult escalate(ApprovalId approvalId, int fromLevel, NextLevel next, String actor) {
        return change("escalate approval " + approvalId, approvalId,
                record -> ApprovalTransitions.escalate(record, fromLevel, next, actor, clock.instant()));
    }

    @Override
    public ChangeResult timeOut(ApprovalId approvalId, int level, Outcome fallback, String actor,
                                com.fasterxml.jackson.databind.node.ObjectNode policy) {
        return change("time out approval " + approvalId, approvalId,
                record -> ApprovalTransitions.timeOut(record, level, fallback, actor, policy, clock.instant()));
    }

    @Override
    public ChangeResult cancel(ApprovalId approvalId, String actor, String reason) {
        return change("cancel approval " + approvalId, approvalId,
                record -> ApprovalTransitions.cancel(record, actor, reason, clock.instant()));
    }

    @Override
    public ChangeResult lateDecision(ApprovalId approvalId, int level, String approver, Verdict verdict,
                                     String comment) {
        return change("record a late decision on " + approvalId, approvalId,
                record -> ApprovalTransitions.lateDecision(record, level, approver, verdict, comment,
                        clock.instant()));
    }

    @Override
    public ChangeResult reassign(ApprovalId approvalId, int level, String from, String to, String actor,
                                 String reason) {
        return change("reassign approval " + approvalId, approvalId,
                record -> ApprovalTransitions.reassign(record, level, from, to, actor, reason, clock.instant()));
    }

    @Override
    public ChangeResult append(ApprovalId approvalId, AuditEntry entry) {
        return change("append " + entry.type() + " to " + approvalId, approvalId,
                record -> ApprovalTransitions.append(record, entry));
    }

    @Override
    public ChangeResult appendOnce(ApprovalId approvalId, AuditEntry entry) {
        return change("append " + entry.type() + " once to " + approvalId, approvalId,
                record -> ApprovalTransitions.appendOnce(record, entry));
    }

    private ChangeResult change(String what, ApprovalId id, Function<ApprovalRecord, Transition<ChangeResult>> rule) {
        return call(what, () -> apply(id, stored -> rule.apply(stored.record()),
                () -> new ChangeResult.NotFound(id)));
    }

    /** Read, decide, write conditionally; on a lost race read again and decide again. */
    private <R> R apply(ApprovalId id, Function<Stored, Transition<R>> rule, Supplier<R> notFound) {
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            Optional<Stored> loaded = load(id);
            if (loaded.isEmpty()) {
                return notFound.get();
            }
            Stored stored = loaded.get();
            Transition<R> transition = rule.apply(stored);
            if (transition instanceof Transition.Answer<R> answer) {
                return answer.result();
            }
            Transition.Write<R> write = (Transition.Write<R>) transition;
            Optional<ApprovalRecord> written = write(stored, write);
            if (written.isPresent()) {
                return write.result().apply(written.get());
            }
            ApprovalWrite.backOff(attempt);
        }
        throw new ApprovalStoreException("approval " + id + " changed under " + MAX_ATTEMPTS + " attempts in a row;"
                + " too many writers at once — retry later", null);
    }

    /**
     * The single conditional write of a transition (built by {@link ApprovalWrite}, which the decision function's
     * HTTP path shares).
     *
     * @return the approval as written, or empty if someone else wrote first
     */
    private Optional<ApprovalRecord> write(Stored stored, Transition.Write<?> write) {
        Optional<ApprovalWrite.Prepared> prepared = ApprovalWrite.prepare(tableName, stored.record(),
                ApprovalMapping.marks(stored.item()), stored.tokens(), write, chain, clock.instant());
        if (prepared.isEmpty()) {
            return Optional.of(stored.record());
        }
        try {
            client.updateItem(SdkRequests.updateItem(prepared.get().request()));
        } catch (ConditionalCheckFailedException lost) {
            return Optional.empty();
        }
        anchors.afterWrite(prepared.get().written());
        if (projectInline && prepared.get().marks().due()) {
            projector.project(prepared.get().after(), prepared.get().marks());
        }
        return Optional.of(prepared.get().after());
    }

    private static int bytes(List<AuditEntry> entries) {
        return entries.stream().mapToInt(AuditEntry::storedBytes).sum();
    }


    // ---------------------------------------------------------------- lists

    @Override
    public Page<PendingApproval> pendingForApprover(String approver, PageRequest page) {
        String key = approver == null ? "" : approver.trim().toLowerCase(Locale.ROOT);
        String list = "pending approvals of " + key;
        return call("list " + list, () -> {
            software.amazon.awssdk.enhanced.dynamodb.model.Page<InboxItem> result =
                    newestFirst(inbox.index(CountersignTables.BY_APPROVER), key, page, list);
            List<PendingApproval> items = result.items().stream().map(row -> new PendingApproval(
                    new ApprovalId(row.approvalId), row.workflow, row.summary, RiskLevel.fromWire(row.riskLevel), row.level,
                    IsoMillis.parse(row.deadline), IsoMillis.parse(row.createdAt))).toList();
            return new Page<>(items, pageTokens.seal(result.lastEvaluatedKey(), list));
        });
    }

    @Override
    public Page<PendingApproval> pendingForWorkflow(String workflow, PageRequest page) {
        String key = workflow == null ? "" : workflow.trim();
        String list = "pending approvals of workflow " + key;
        return call("list " + list, () -> {
            software.amazon.awssdk.enhanced.dynamodb.model.Page<ApprovalItem> result =
                    newestFirst(approvals.index(CountersignTables.BY_WORKFLOW), key, page, list);
            List<PendingApproval> items = result.items().stream().map(row -> new PendingApproval(
                    new ApprovalId(row.approvalId), row.workflow, row.summary, RiskLevel.fromWire(row.riskLevel),
                    row.currentLevel,
                    IsoMillis.parse(row.currentDeadline), IsoMillis.parse(row.createdAt))).toList();
            return new Page<>(items, pageTokens.seal(result.lastEvaluatedKey(), list));
        });
    }

    /** One page of a sparse index's partition, newest first; {@code list} names the list a page token belongs to. */
    private <T> software.amazon.awssdk.enhanced.dynamodb.model.Page<T> newestFirst(DynamoDbIndex<T> index, String key,
            PageRequest page, String list) {
        return index.query(QueryEnhancedRequest.builder()
                        .queryConditional(QueryConditional.keyEqualTo(k -> k.partitionValue(key)))
                        .scanIndexForward(false)
                        .limit(page.limit())
                        .exclusiveStartKey(pageTokens.open(page.pageToken(), list))
                        .build())
                .iterator().next();
    }

    @Override
    public List<AuditEvent> auditTrail(ApprovalId approvalId) {
        return call("read the audit trail of " + approvalId,
                () -> load(approvalId).map(s -> s.record().auditTrail()).orElse(List.of()));
    }

    @Override
    public Page<AuditEvent> auditEventsByActor(String actor, Instant from, Instant to, PageRequest page) {
        if (from == null || to == null || to.isBefore(from)) {
            throw new IllegalArgumentException("time range " + from + " .. " + to + " is empty or open: give from <="
                    + " to");
        }
        String key = actor == null ? "" : actor.trim();
        String normalised = key.startsWith("countersign:") ? key : key.toLowerCase(Locale.ROOT);
        String list = "audit events of " + normalised + " " + from + ".." + to;
        return call("list " + list, () -> {
            software.amazon.awssdk.enhanced.dynamodb.model.Page<EventItem> result = events
                    .index(CountersignTables.BY_ACTOR)
                    .query(QueryEnhancedRequest.builder()
                            .queryConditional(QueryConditional.sortBetween(
                                    Key.builder().partitionValue(normalised).sortValue(IsoMillis.format(from)).build(),
                                    // '~' sorts after every character of "#approvalId#seq": the whole last millisecond.
                                    Key.builder().partitionValue(normalised)
                                            .sortValue(IsoMillis.format(to) + "#~").build()))
                            .scanIndexForward(true)
                            .limit(page.limit())
                            .exclusiveStartKey(pageTokens.open(page.pageToken(), list))
                            .build())
                    .iterator().next();
            List<AuditEvent> items = result.items().stream().map(row -> new AuditEvent(row.approvalId, row.seq,
                    IsoMillis.parse(row.at), row.type, row.actor, row.details, row.prevHash, row.hash)).toList();
            return new Page<>(items, pageTokens.seal(result.lastEvaluatedKey(), list));
        });
    }

    @Override
    public Optional<ChainVerification> verifyChain(ApprovalId approvalId) {
        return call("verify the audit chain of " + approvalId, () -> load(approvalId).map(stored ->
                chain.verify(approvalId.value(), stored.record().auditTrail(), stored.record().anchor())));
    }

    @Override
    public int repairProjections(int maxApprovals) {
        return repair.repairProjections(maxApprovals);
    }

    // ---------------------------------------------------------------- links

    @Override
    public void saveLink(LinkGrant grant) {
        call("save a link grant", () -> {
            LinkItem item = new LinkItem();
            item.pk = Items.LINK_PREFIX + grant.hash().value();
            item.sk = Items.LINK_SK;
            item.approvalId = grant.approvalId();
            item.recipient = grant.recipient();
            item.level = grant.level();
            item.expiresAt = IsoMillis.format(grant.expiresAt());
            item.issuedAt = IsoMillis.format(grant.issuedAt());
            item.ttl = grant.expiresAt().plus(LINK_RETENTION).getEpochSecond();
            links.putItem(item);
            return null;
        });
    }

    @Override
    public Optional<LinkGrant> findLink(LinkSecretHash hash) {
        return call("find a link grant", () -> {
            LinkItem item = links.getItem(GetItemEnhancedRequest.builder()
                    .key(key(Items.LINK_PREFIX + hash.value(), Items.LINK_SK)).consistentRead(true).build());
            if (item == null) {
                return Optional.empty();
            }
            return Optional.of(new LinkGrant(new LinkSecretHash(item.pk.substring(Items.LINK_PREFIX.length())),
                    item.approvalId, item.recipient, item.level, IsoMillis.parse(item.expiresAt),
                    IsoMillis.parse(item.issuedAt)));
        });
    }

    // ---------------------------------------------------------------- plumbing

    private Optional<Stored> load(ApprovalId id) {
        ApprovalItem item = approvals.getItem(GetItemEnhancedRequest.builder()
                .key(key(ApprovalMapping.approvalPk(id), Items.APPROVAL_SK)).consistentRead(true).build());
        return Optional.ofNullable(item).map(ApprovalMapping::fromItem);
    }

    private static Key key(String pk, String sk) {
        return Key.builder().partitionValue(pk).sortValue(sk).build();
    }

    private <T> T call(String what, Supplier<T> action) {
        try {
            return action.get();
        } catch (SdkException e) {
            throw new ApprovalStoreException("could not " + what + " in table " + tableName + ": " + e.getMessage()
                    + " — check the table exists and the endpoint/credentials (AWS_ENDPOINT_URL_DYNAMODB,"
                    + " AWS_REGION) are right", e);
        }
    }
}
