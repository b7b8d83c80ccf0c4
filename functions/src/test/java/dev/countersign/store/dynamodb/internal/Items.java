package dev.countersign.store.dynamodb.internal;

import static dev.countersign.store.dynamodb.CountersignTables.APPROVER_KEY;
import static dev.countersign.store.dynamodb.CountersignTables.BY_ACTOR;
import static dev.countersign.store.dynamodb.CountersignTables.BY_APPROVER;
import static dev.countersign.store.dynamodb.CountersignTables.BY_DAY;
import static dev.countersign.store.dynamodb.CountersignTables.BY_STATE;
import static dev.countersign.store.dynamodb.CountersignTables.BY_WORKFLOW;
import static dev.countersign.store.dynamodb.CountersignTables.CALLBACK_DUE;
import static dev.countersign.store.dynamodb.CountersignTables.CALLBACK_DUE_INDEX;
import static dev.countersign.store.dynamodb.CountersignTables.CREATED_SORT;
import static dev.countersign.store.dynamodb.CountersignTables.EVENT_ACTOR;
import static dev.countersign.store.dynamodb.CountersignTables.EVENT_DAY;
import static dev.countersign.store.dynamodb.CountersignTables.EVENT_SORT;
import static dev.countersign.store.dynamodb.CountersignTables.INBOX_SORT;
import static dev.countersign.store.dynamodb.CountersignTables.PENDING_WORKFLOW;
import static dev.countersign.store.dynamodb.CountersignTables.PK;
import static dev.countersign.store.dynamodb.CountersignTables.PROJECTION_DUE;
import static dev.countersign.store.dynamodb.CountersignTables.PROJECTION_DUE_INDEX;
import static dev.countersign.store.dynamodb.CountersignTables.SK;
import static dev.countersign.store.dynamodb.CountersignTables.STATE_KEY;
import static dev.countersign.store.dynamodb.CountersignTables.STATE_SORT;
import static dev.countersign.store.dynamodb.CountersignTables.TTL;
import static dev.countersign.store.dynamodb.CountersignTables.UPDATED_AT;
import static dev.countersign.store.dynamodb.internal.StoredAttributes.*;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primarySortKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.secondaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.secondarySortKey;

import java.util.List;
import java.util.Map;
import software.amazon.awssdk.enhanced.dynamodb.EnhancedType;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;

/**
 * The stored shapes as the SDK's enhanced client wrote them before the store had one codec ({@code StoredJson}):
 * plain mutable classes with static table schemas. Kept in the tests as the oracle that proves the items the store
 * writes today are the items tables already hold (StoredJsonTest), and to read and damage raw items in tests.
 */
public final class Items {
    private Items() {
    }

    /** Key prefixes and fixed sort keys. */
    public static final String APPROVAL_PREFIX = dev.countersign.store.dynamodb.CountersignTables.APPROVAL_PREFIX;
    public static final String APPROVAL_SK = dev.countersign.store.dynamodb.CountersignTables.APPROVAL_SK;
    public static final String PROPOSAL_SK_PREFIX = dev.countersign.store.dynamodb.CountersignTables.PROPOSAL_SK_PREFIX;
    public static final String EVENT_SK_PREFIX = dev.countersign.store.dynamodb.CountersignTables.EVENT_SK_PREFIX;
    public static final String INBOX_SK_PREFIX = dev.countersign.store.dynamodb.CountersignTables.INBOX_SK_PREFIX;
    public static final String LINK_PREFIX = dev.countersign.store.dynamodb.CountersignTables.LINK_PREFIX;
    public static final String LINK_SK = dev.countersign.store.dynamodb.CountersignTables.LINK_SK;
    /** The value of {@code projectionDue} while an approval's projections lag behind it. */
    public static final String DUE = dev.countersign.store.dynamodb.CountersignTables.DUE;

    /** One audit event inside the approval item's {@code trail} list. */
    public static final class EventDoc {
        public Integer seq;
        public String at;
        public String type;
        public String actor;
        public String details;
        public String prevHash;
        public String hash;

        public static final TableSchema<EventDoc> SCHEMA = StaticTableSchema.builder(EventDoc.class)
                .newItemSupplier(EventDoc::new)
                .attributeConverterProviders(StoredTypes.INSTANCE)
                .addAttribute(Integer.class, a -> a.name(SEQ).getter(d -> d.seq).setter((d, v) -> d.seq = v))
                .addAttribute(String.class, a -> a.name(AT).getter(d -> d.at).setter((d, v) -> d.at = v))
                .addAttribute(String.class, a -> a.name(TYPE).getter(d -> d.type).setter((d, v) -> d.type = v))
                .addAttribute(String.class, a -> a.name(ACTOR).getter(d -> d.actor).setter((d, v) -> d.actor = v))
                .addAttribute(String.class, a -> a.name(DETAILS).getter(d -> d.details)
                        .setter((d, v) -> d.details = v))
                .addAttribute(String.class, a -> a.name(PREV_HASH).getter(d -> d.prevHash)
                        .setter((d, v) -> d.prevHash = v))
                .addAttribute(String.class, a -> a.name(HASH).getter(d -> d.hash).setter((d, v) -> d.hash = v))
                .build();
    }

    public static final class RecipientDoc {
        public String approver;
        public String reassignedFrom;

        public static final TableSchema<RecipientDoc> SCHEMA = StaticTableSchema.builder(RecipientDoc.class)
                .newItemSupplier(RecipientDoc::new)
                .attributeConverterProviders(StoredTypes.INSTANCE)
                .addAttribute(String.class, a -> a.name(APPROVER).getter(d -> d.approver)
                        .setter((d, v) -> d.approver = v))
                .addAttribute(String.class, a -> a.name(REASSIGNED_FROM).getter(d -> d.reassignedFrom)
                        .setter((d, v) -> d.reassignedFrom = v))
                .build();
    }

    public static final class VoteDoc {
        public String approver;
        public String verdict;
        public String at;
        public String channel;
        public Integer seq;

        public static final TableSchema<VoteDoc> SCHEMA = StaticTableSchema.builder(VoteDoc.class)
                .newItemSupplier(VoteDoc::new)
                .attributeConverterProviders(StoredTypes.INSTANCE)
                .addAttribute(String.class, a -> a.name(APPROVER).getter(d -> d.approver)
                        .setter((d, v) -> d.approver = v))
                .addAttribute(String.class, a -> a.name(VERDICT).getter(d -> d.verdict)
                        .setter((d, v) -> d.verdict = v))
                .addAttribute(String.class, a -> a.name(AT).getter(d -> d.at).setter((d, v) -> d.at = v))
                .addAttribute(String.class, a -> a.name(CHANNEL).getter(d -> d.channel)
                        .setter((d, v) -> d.channel = v))
                .addAttribute(Integer.class, a -> a.name(SEQ).getter(d -> d.seq).setter((d, v) -> d.seq = v))
                .build();
    }

    public static final class LevelDoc {
        public Integer number;
        public List<RecipientDoc> recipients;
        public Integer quorum;
        public String deadline;
        public String status;
        public List<VoteDoc> votes;
        public Integer reassignments;

        public static final TableSchema<LevelDoc> SCHEMA = StaticTableSchema.builder(LevelDoc.class)
                .newItemSupplier(LevelDoc::new)
                .attributeConverterProviders(StoredTypes.INSTANCE)
                .addAttribute(Integer.class, a -> a.name(NUMBER).getter(d -> d.number)
                        .setter((d, v) -> d.number = v))
                .addAttribute(EnhancedType.listOf(EnhancedType.documentOf(RecipientDoc.class, RecipientDoc.SCHEMA)),
                        a -> a.name(RECIPIENTS).getter(d -> d.recipients).setter((d, v) -> d.recipients = v))
                .addAttribute(Integer.class, a -> a.name(QUORUM).getter(d -> d.quorum)
                        .setter((d, v) -> d.quorum = v))
                .addAttribute(String.class, a -> a.name(DEADLINE).getter(d -> d.deadline)
                        .setter((d, v) -> d.deadline = v))
                .addAttribute(String.class, a -> a.name(STATUS).getter(d -> d.status)
                        .setter((d, v) -> d.status = v))
                .addAttribute(EnhancedType.listOf(EnhancedType.documentOf(VoteDoc.class, VoteDoc.SCHEMA)),
                        a -> a.name(VOTES).getter(d -> d.votes).setter((d, v) -> d.votes = v))
                .addAttribute(Integer.class, a -> a.name(REASSIGNMENTS).getter(d -> d.reassignments)
                        .setter((d, v) -> d.reassignments = v))
                .build();
    }

    public static final class DecisionDoc {
        public String outcome;
        public String decidedBy;
        public String decidedAt;
        public Integer level;
        public String comment;
        public String channel;
        public List<String> approvers;
        public String modifications;
        public String fallback;
        public String approvedProposalHash;

        public static final TableSchema<DecisionDoc> SCHEMA = StaticTableSchema.builder(DecisionDoc.class)
                .newItemSupplier(DecisionDoc::new)
                .attributeConverterProviders(StoredTypes.INSTANCE)
                .addAttribute(String.class, a -> a.name(OUTCOME).getter(d -> d.outcome)
                        .setter((d, v) -> d.outcome = v))
                .addAttribute(String.class, a -> a.name(DECIDED_BY).getter(d -> d.decidedBy)
                        .setter((d, v) -> d.decidedBy = v))
                .addAttribute(String.class, a -> a.name(DECIDED_AT).getter(d -> d.decidedAt)
                        .setter((d, v) -> d.decidedAt = v))
                .addAttribute(Integer.class, a -> a.name(LEVEL).getter(d -> d.level)
                        .setter((d, v) -> d.level = v))
                .addAttribute(String.class, a -> a.name(COMMENT).getter(d -> d.comment)
                        .setter((d, v) -> d.comment = v))
                .addAttribute(String.class, a -> a.name(CHANNEL).getter(d -> d.channel)
                        .setter((d, v) -> d.channel = v))
                .addAttribute(EnhancedType.listOf(String.class), a -> a.name(APPROVERS).getter(d -> d.approvers)
                        .setter((d, v) -> d.approvers = v))
                .addAttribute(String.class, a -> a.name(MODIFICATIONS).getter(d -> d.modifications)
                        .setter((d, v) -> d.modifications = v))
                .addAttribute(String.class, a -> a.name(FALLBACK).getter(d -> d.fallback)
                        .setter((d, v) -> d.fallback = v))
                .addAttribute(String.class, a -> a.name(APPROVED_PROPOSAL_HASH).getter(d -> d.approvedProposalHash)
                        .setter((d, v) -> d.approvedProposalHash = v))
                .build();
    }

    /** The source of truth: one item per approval, holding its state, its audit trail and its task tokens. */
    public static final class ApprovalItem {
        public String pk;
        public String sk;
        public String approvalId;
        public String executionArn;
        public String gate;
        public String workflow;
        public String summary;
        public String riskLevel;
        public String requester;
        public String proposedBy;
        public String proposalHash;
        public String status;
        public Integer currentLevel;
        public String currentDeadline;
        public List<LevelDoc> levels;
        public DecisionDoc decision;
        public String createdAt;
        public String updatedAt;
        public Long version;
        public Integer auditCount;
        public String lastHash;
        public Integer trailBytes;
        public List<EventDoc> trail;
        /** Task tokens by level number. Read only by the callback path. */
        public Map<String, String> taskTokens;
        /** The workflow name while PENDING (the sparse by-workflow index), absent after. */
        public String pendingWorkflow;
        public String createdSort;
        /** {@value Items#DUE} while projections lag behind this item (the sparse outbox index). */
        public String projectionDue;
        /** {@value Items#DUE} while a person's decision waits to be handed to its workflow (the sparse callback-due index). */
        public String callbackDue;
        /** "pending" or "decided" (the by-state index), with its sort key. */
        public String stateKey;
        public String stateSort;
        public Integer projectedSeq;
        /** The version at which the set of people with this approval pending last changed. */
        public Long inboxVersion;
        public Long projectedInboxVersion;

        public static final TableSchema<ApprovalItem> SCHEMA = StaticTableSchema.builder(ApprovalItem.class)
                .newItemSupplier(ApprovalItem::new)
                .attributeConverterProviders(StoredTypes.INSTANCE)
                .addAttribute(String.class, a -> a.name(PK).getter(d -> d.pk).setter((d, v) -> d.pk = v)
                        .tags(primaryPartitionKey()))
                .addAttribute(String.class, a -> a.name(SK).getter(d -> d.sk).setter((d, v) -> d.sk = v)
                        .tags(primarySortKey()))
                .addAttribute(String.class, a -> a.name(APPROVAL_ID).getter(d -> d.approvalId)
                        .setter((d, v) -> d.approvalId = v))
                .addAttribute(String.class, a -> a.name(EXECUTION_ARN).getter(d -> d.executionArn)
                        .setter((d, v) -> d.executionArn = v))
                .addAttribute(String.class, a -> a.name(GATE).getter(d -> d.gate).setter((d, v) -> d.gate = v))
                .addAttribute(String.class, a -> a.name(WORKFLOW).getter(d -> d.workflow)
                        .setter((d, v) -> d.workflow = v))
                .addAttribute(String.class, a -> a.name(SUMMARY).getter(d -> d.summary)
                        .setter((d, v) -> d.summary = v))
                .addAttribute(String.class, a -> a.name(RISK_LEVEL).getter(d -> d.riskLevel)
                        .setter((d, v) -> d.riskLevel = v))
                .addAttribute(String.class, a -> a.name(REQUESTER).getter(d -> d.requester)
                        .setter((d, v) -> d.requester = v))
                .addAttribute(String.class, a -> a.name(PROPOSED_BY).getter(d -> d.proposedBy)
                        .setter((d, v) -> d.proposedBy = v))
                .addAttribute(String.class, a -> a.name(PROPOSAL_HASH).getter(d -> d.proposalHash)
                        .setter((d, v) -> d.proposalHash = v))
                .addAttribute(String.class, a -> a.name(STATUS).getter(d -> d.status)
                        .setter((d, v) -> d.status = v))
                .addAttribute(Integer.class, a -> a.name(CURRENT_LEVEL).getter(d -> d.currentLevel)
                        .setter((d, v) -> d.currentLevel = v))
                .addAttribute(String.class, a -> a.name(CURRENT_DEADLINE).getter(d -> d.currentDeadline)
                        .setter((d, v) -> d.currentDeadline = v))
                .addAttribute(EnhancedType.listOf(EnhancedType.documentOf(LevelDoc.class, LevelDoc.SCHEMA)),
                        a -> a.name(LEVELS).getter(d -> d.levels).setter((d, v) -> d.levels = v))
                .addAttribute(EnhancedType.documentOf(DecisionDoc.class, DecisionDoc.SCHEMA),
                        a -> a.name(DECISION).getter(d -> d.decision).setter((d, v) -> d.decision = v))
                .addAttribute(String.class, a -> a.name(CREATED_AT).getter(d -> d.createdAt)
                        .setter((d, v) -> d.createdAt = v))
                .addAttribute(String.class, a -> a.name(UPDATED_AT).getter(d -> d.updatedAt)
                        .setter((d, v) -> d.updatedAt = v).tags(secondarySortKey(PROJECTION_DUE_INDEX),
                                secondarySortKey(CALLBACK_DUE_INDEX)))
                .addAttribute(Long.class, a -> a.name(VERSION).getter(d -> d.version)
                        .setter((d, v) -> d.version = v))
                .addAttribute(Integer.class, a -> a.name(AUDIT_COUNT).getter(d -> d.auditCount)
                        .setter((d, v) -> d.auditCount = v))
                .addAttribute(String.class, a -> a.name(LAST_HASH).getter(d -> d.lastHash)
                        .setter((d, v) -> d.lastHash = v))
                .addAttribute(Integer.class, a -> a.name(TRAIL_BYTES).getter(d -> d.trailBytes)
                        .setter((d, v) -> d.trailBytes = v))
                .addAttribute(EnhancedType.listOf(EnhancedType.documentOf(EventDoc.class, EventDoc.SCHEMA)),
                        a -> a.name(TRAIL).getter(d -> d.trail).setter((d, v) -> d.trail = v))
                .addAttribute(EnhancedType.mapOf(String.class, String.class),
                        a -> a.name(TASK_TOKENS).getter(d -> d.taskTokens).setter((d, v) -> d.taskTokens = v))
                .addAttribute(String.class, a -> a.name(PENDING_WORKFLOW).getter(d -> d.pendingWorkflow)
                        .setter((d, v) -> d.pendingWorkflow = v).tags(secondaryPartitionKey(BY_WORKFLOW)))
                .addAttribute(String.class, a -> a.name(CREATED_SORT).getter(d -> d.createdSort)
                        .setter((d, v) -> d.createdSort = v).tags(secondarySortKey(BY_WORKFLOW)))
                .addAttribute(String.class, a -> a.name(PROJECTION_DUE).getter(d -> d.projectionDue)
                        .setter((d, v) -> d.projectionDue = v).tags(secondaryPartitionKey(PROJECTION_DUE_INDEX)))
                .addAttribute(String.class, a -> a.name(CALLBACK_DUE).getter(d -> d.callbackDue)
                        .setter((d, v) -> d.callbackDue = v).tags(secondaryPartitionKey(CALLBACK_DUE_INDEX)))
                .addAttribute(String.class, a -> a.name(STATE_KEY).getter(d -> d.stateKey)
                        .setter((d, v) -> d.stateKey = v).tags(secondaryPartitionKey(BY_STATE)))
                .addAttribute(String.class, a -> a.name(STATE_SORT).getter(d -> d.stateSort)
                        .setter((d, v) -> d.stateSort = v).tags(secondarySortKey(BY_STATE)))
                .addAttribute(Integer.class, a -> a.name(PROJECTED_SEQ).getter(d -> d.projectedSeq)
                        .setter((d, v) -> d.projectedSeq = v))
                .addAttribute(Long.class, a -> a.name(INBOX_VERSION).getter(d -> d.inboxVersion)
                        .setter((d, v) -> d.inboxVersion = v))
                .addAttribute(Long.class, a -> a.name(PROJECTED_INBOX_VERSION)
                        .getter(d -> d.projectedInboxVersion).setter((d, v) -> d.projectedInboxVersion = v))
                .build();
    }

    /** The proposal, in its own item so that its size does not eat into the approval item's budget. */
    public static final class ProposalItem {
        public String pk;
        public String sk;
        public String approvalId;
        public String proposalHash;
        public String proposal;

        public static final TableSchema<ProposalItem> SCHEMA = StaticTableSchema.builder(ProposalItem.class)
                .newItemSupplier(ProposalItem::new)
                .attributeConverterProviders(StoredTypes.INSTANCE)
                .addAttribute(String.class, a -> a.name(PK).getter(d -> d.pk).setter((d, v) -> d.pk = v)
                        .tags(primaryPartitionKey()))
                .addAttribute(String.class, a -> a.name(SK).getter(d -> d.sk).setter((d, v) -> d.sk = v)
                        .tags(primarySortKey()))
                .addAttribute(String.class, a -> a.name(APPROVAL_ID).getter(d -> d.approvalId)
                        .setter((d, v) -> d.approvalId = v))
                .addAttribute(String.class, a -> a.name(PROPOSAL_HASH).getter(d -> d.proposalHash)
                        .setter((d, v) -> d.proposalHash = v))
                .addAttribute(String.class, a -> a.name(PROPOSAL).getter(d -> d.proposal)
                        .setter((d, v) -> d.proposal = v))
                .build();
    }

    /** Projection of one audit event, for queries by actor and time across approvals. Keyed by approval + seq. */
    public static final class EventItem {
        public String pk;
        public String sk;
        public String approvalId;
        public Integer seq;
        public String at;
        public String type;
        public String actor;
        public String details;
        public String prevHash;
        public String hash;
        public String eventActor;
        public String eventSort;
        public String eventDay;
        public String workflow;

        public static final TableSchema<EventItem> SCHEMA = StaticTableSchema.builder(EventItem.class)
                .newItemSupplier(EventItem::new)
                .attributeConverterProviders(StoredTypes.INSTANCE)
                .addAttribute(String.class, a -> a.name(PK).getter(d -> d.pk).setter((d, v) -> d.pk = v)
                        .tags(primaryPartitionKey()))
                .addAttribute(String.class, a -> a.name(SK).getter(d -> d.sk).setter((d, v) -> d.sk = v)
                        .tags(primarySortKey()))
                .addAttribute(String.class, a -> a.name(APPROVAL_ID).getter(d -> d.approvalId)
                        .setter((d, v) -> d.approvalId = v))
                .addAttribute(Integer.class, a -> a.name(SEQ).getter(d -> d.seq).setter((d, v) -> d.seq = v))
                .addAttribute(String.class, a -> a.name(AT).getter(d -> d.at).setter((d, v) -> d.at = v))
                .addAttribute(String.class, a -> a.name(TYPE).getter(d -> d.type).setter((d, v) -> d.type = v))
                .addAttribute(String.class, a -> a.name(ACTOR).getter(d -> d.actor).setter((d, v) -> d.actor = v))
                .addAttribute(String.class, a -> a.name(DETAILS).getter(d -> d.details)
                        .setter((d, v) -> d.details = v))
                .addAttribute(String.class, a -> a.name(PREV_HASH).getter(d -> d.prevHash)
                        .setter((d, v) -> d.prevHash = v))
                .addAttribute(String.class, a -> a.name(HASH).getter(d -> d.hash).setter((d, v) -> d.hash = v))
                .addAttribute(String.class, a -> a.name(EVENT_ACTOR).getter(d -> d.eventActor)
                        .setter((d, v) -> d.eventActor = v).tags(secondaryPartitionKey(BY_ACTOR)))
                .addAttribute(String.class, a -> a.name(EVENT_SORT).getter(d -> d.eventSort)
                        .setter((d, v) -> d.eventSort = v).tags(secondarySortKey(BY_ACTOR), secondarySortKey(BY_DAY)))
                .addAttribute(String.class, a -> a.name(EVENT_DAY).getter(d -> d.eventDay)
                        .setter((d, v) -> d.eventDay = v).tags(secondaryPartitionKey(BY_DAY)))
                .addAttribute(String.class, a -> a.name(WORKFLOW).getter(d -> d.workflow)
                        .setter((d, v) -> d.workflow = v))
                .build();
    }

    /**
     * Projection of "approval X is pending for approver Y", keyed by approval + approver. While pending it carries the
     * by-approver index keys; afterwards it stays as a small tombstone without them (expired by TTL), so that a
     * projector working from an older version cannot bring it back.
     */
    public static final class InboxItem {
        public String pk;
        public String sk;
        public String approvalId;
        public String approver;
        public String approverKey;
        public String inboxSort;
        public String workflow;
        public String summary;
        public String riskLevel;
        public Integer level;
        public String deadline;
        public String createdAt;
        public Long sourceVersion;
        public Long ttl;

        public static final TableSchema<InboxItem> SCHEMA = StaticTableSchema.builder(InboxItem.class)
                .newItemSupplier(InboxItem::new)
                .attributeConverterProviders(StoredTypes.INSTANCE)
                .addAttribute(String.class, a -> a.name(PK).getter(d -> d.pk).setter((d, v) -> d.pk = v)
                        .tags(primaryPartitionKey()))
                .addAttribute(String.class, a -> a.name(SK).getter(d -> d.sk).setter((d, v) -> d.sk = v)
                        .tags(primarySortKey()))
                .addAttribute(String.class, a -> a.name(APPROVAL_ID).getter(d -> d.approvalId)
                        .setter((d, v) -> d.approvalId = v))
                .addAttribute(String.class, a -> a.name(APPROVER).getter(d -> d.approver)
                        .setter((d, v) -> d.approver = v))
                .addAttribute(String.class, a -> a.name(APPROVER_KEY).getter(d -> d.approverKey)
                        .setter((d, v) -> d.approverKey = v).tags(secondaryPartitionKey(BY_APPROVER)))
                .addAttribute(String.class, a -> a.name(INBOX_SORT).getter(d -> d.inboxSort)
                        .setter((d, v) -> d.inboxSort = v).tags(secondarySortKey(BY_APPROVER)))
                .addAttribute(String.class, a -> a.name(WORKFLOW).getter(d -> d.workflow)
                        .setter((d, v) -> d.workflow = v))
                .addAttribute(String.class, a -> a.name(SUMMARY).getter(d -> d.summary)
                        .setter((d, v) -> d.summary = v))
                .addAttribute(String.class, a -> a.name(RISK_LEVEL).getter(d -> d.riskLevel)
                        .setter((d, v) -> d.riskLevel = v))
                .addAttribute(Integer.class, a -> a.name(LEVEL).getter(d -> d.level).setter((d, v) -> d.level = v))
                .addAttribute(String.class, a -> a.name(DEADLINE).getter(d -> d.deadline)
                        .setter((d, v) -> d.deadline = v))
                .addAttribute(String.class, a -> a.name(CREATED_AT).getter(d -> d.createdAt)
                        .setter((d, v) -> d.createdAt = v))
                .addAttribute(Long.class, a -> a.name(SOURCE_VERSION).getter(d -> d.sourceVersion)
                        .setter((d, v) -> d.sourceVersion = v))
                .addAttribute(Long.class, a -> a.name(TTL).getter(d -> d.ttl).setter((d, v) -> d.ttl = v))
                .build();
    }

    /** A link grant, under the SHA-256 of its secret. */
    public static final class LinkItem {
        public String pk;
        public String sk;
        public String approvalId;
        public String recipient;
        public Integer level;
        public String expiresAt;
        public String issuedAt;
        public Long ttl;

        public static final TableSchema<LinkItem> SCHEMA = StaticTableSchema.builder(LinkItem.class)
                .newItemSupplier(LinkItem::new)
                .attributeConverterProviders(StoredTypes.INSTANCE)
                .addAttribute(String.class, a -> a.name(PK).getter(d -> d.pk).setter((d, v) -> d.pk = v)
                        .tags(primaryPartitionKey()))
                .addAttribute(String.class, a -> a.name(SK).getter(d -> d.sk).setter((d, v) -> d.sk = v)
                        .tags(primarySortKey()))
                .addAttribute(String.class, a -> a.name(APPROVAL_ID).getter(d -> d.approvalId)
                        .setter((d, v) -> d.approvalId = v))
                .addAttribute(String.class, a -> a.name(RECIPIENT).getter(d -> d.recipient)
                        .setter((d, v) -> d.recipient = v))
                .addAttribute(Integer.class, a -> a.name(LEVEL).getter(d -> d.level).setter((d, v) -> d.level = v))
                .addAttribute(String.class, a -> a.name(EXPIRES_AT).getter(d -> d.expiresAt)
                        .setter((d, v) -> d.expiresAt = v))
                .addAttribute(String.class, a -> a.name(ISSUED_AT).getter(d -> d.issuedAt)
                        .setter((d, v) -> d.issuedAt = v))
                .addAttribute(Long.class, a -> a.name(TTL).getter(d -> d.ttl).setter((d, v) -> d.ttl = v))
                .build();
    }
}
