package dev.countersign.approval;

import java.time.Instant;

/**
 * Where an audit event is: its approval and seq, and its time. A list of events across approvals holds copies; the
 * event itself, as its chain verifies it, is in the approval's trail.
 */
public record EventRef(ApprovalId approvalId, int seq, Instant at) {
}
