package dev.countersign.store.dynamodb.internal;

/**
 * The stored attribute names of Countersign's items, one constant per name, shared by every reader and writer of the
 * table: the codec ({@link StoredJson}), the update and projection requests ({@link ApprovalWrite},
 * {@link ProjectionRequests}). Key and index attributes are in
 * {@link dev.countersign.store.dynamodb.CountersignTables}. An attribute that appears in several items (for example
 * {@code status} in the approval and in each level) has one constant. Compile-time constants: using one loads nothing.
 */
public final class StoredAttributes {
    // The approval item (the source of truth).
    public static final String APPROVAL_ID = "approvalId";
    public static final String EXECUTION_ARN = "executionArn";
    public static final String GATE = "gate";
    public static final String WORKFLOW = "workflow";
    public static final String SUMMARY = "summary";
    public static final String RISK_LEVEL = "riskLevel";
    public static final String REQUESTER = "requester";
    public static final String PROPOSED_BY = "proposedBy";
    public static final String PROPOSAL_HASH = "proposalHash";
    public static final String STATUS = "status";
    public static final String CURRENT_LEVEL = "currentLevel";
    public static final String CURRENT_DEADLINE = "currentDeadline";
    public static final String LEVELS = "levels";
    public static final String DECISION = "decision";
    public static final String CREATED_AT = "createdAt";
    public static final String VERSION = "version";
    public static final String AUDIT_COUNT = "auditCount";
    public static final String LAST_HASH = "lastHash";
    public static final String TRAIL_BYTES = "trailBytes";
    public static final String TRAIL = "trail";
    public static final String TASK_TOKENS = "taskTokens";
    public static final String PROJECTED_SEQ = "projectedSeq";
    public static final String INBOX_VERSION = "inboxVersion";
    public static final String PROJECTED_INBOX_VERSION = "projectedInboxVersion";

    // A level inside {@code levels}, its recipients and votes.
    public static final String NUMBER = "number";
    public static final String RECIPIENTS = "recipients";
    public static final String QUORUM = "quorum";
    public static final String DEADLINE = "deadline";
    public static final String VOTES = "votes";
    public static final String REASSIGNMENTS = "reassignments";
    public static final String APPROVER = "approver";
    public static final String REASSIGNED_FROM = "reassignedFrom";
    public static final String VERDICT = "verdict";
    public static final String AT = "at";
    public static final String CHANNEL = "channel";
    public static final String SEQ = "seq";

    // The {@code decision} document.
    public static final String OUTCOME = "outcome";
    public static final String DECIDED_BY = "decidedBy";
    public static final String DECIDED_AT = "decidedAt";
    public static final String LEVEL = "level";
    public static final String COMMENT = "comment";
    public static final String APPROVERS = "approvers";
    public static final String MODIFICATIONS = "modifications";
    public static final String FALLBACK = "fallback";
    public static final String APPROVED_PROPOSAL_HASH = "approvedProposalHash";

    // An audit event inside {@code trail}, and its projection item.
    public static final String TYPE = "type";
    public static final String ACTOR = "actor";
    public static final String DETAILS = "details";
    public static final String PREV_HASH = "prevHash";
    public static final String HASH = "hash";

    // The proposal item, inbox projection items and link grant items.
    public static final String PROPOSAL = "proposal";
    public static final String SOURCE_VERSION = "sourceVersion";
    public static final String RECIPIENT = "recipient";
    public static final String EXPIRES_AT = "expiresAt";
    public static final String ISSUED_AT = "issuedAt";

    private StoredAttributes() {
    }
}
