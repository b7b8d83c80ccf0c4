package dev.countersign.approval;

import dev.countersign.audit.AuditEntry;

/**
 * Bounds that keep an approval item under DynamoDB's 400 KB item limit (the budget is worked out in
 * docs/data-design.md). The proposal itself lives in its own item.
 */
public final class ApprovalLimits {
    public static final int MAX_LEVELS = 5;
    public static final int MAX_RECIPIENTS_PER_LEVEL = 10;
    public static final int MAX_REASSIGNMENTS_PER_LEVEL = 10;
    public static final int MAX_ADDRESS_CHARS = 254;
    public static final int MAX_EXECUTION_ARN_CHARS = 2048;
    public static final int MAX_GATE_CHARS = 256;
    public static final int MAX_WORKFLOW_CHARS = 128;
    public static final int MAX_SUMMARY_CHARS = 500;
    /** The Decision contract's limit for {@code comment}. */
    public static final int MAX_COMMENT_CHARS = 2000;
    public static final int MAX_REASON_CHARS = 500;
    public static final int MAX_TASK_TOKEN_CHARS = 2048;
    /** Canonical JSON bytes of the details a caller adds to an informational event (NOTIFIED, VIEWED...). */
    public static final int MAX_DETAILS_BYTES = 4096;
    /** Canonical JSON bytes of an approver's modifications to the proposal. */
    public static final int MAX_MODIFICATIONS_BYTES = 16_384;
    /** Canonical JSON bytes of a proposal (kept in its own item; the contract's own limit is lower). */
    public static final int MAX_PROPOSAL_BYTES = 300_000;

    /** Informational events (views, emails, late clicks) stop being recorded beyond this many trail bytes. */
    public static final int SOFT_TRAIL_BYTES = 150_000;
    /** Votes, escalations and reassignments are refused beyond this. */
    public static final int HARD_TRAIL_BYTES = 280_000;
    /** Events that end an approval (timeout, fallback, cancellation) always fit: they may use the rest up to here. */
    public static final int TERMINAL_TRAIL_BYTES = 300_000;

    private ApprovalLimits() {
    }

    /** The bytes an entry will add to the stored trail (an upper estimate of DynamoDB's item-size accounting). */
    public static int eventBytes(AuditEntry entry) {
        return entry.storedBytes();
    }
}
