package dev.countersign.audit;

import java.time.Instant;
import java.util.Objects;

/**
 * What is published outside the table after a write: "approval {@code approvalId}'s event {@code seq} had hash
 * {@code hash}", written at {@code at}. It carries nothing else of the approval: no proposal, no task token, no link.
 */
public record AuditAnchor(String approvalId, int seq, String hash, Instant at) {
    public AuditAnchor {
        Objects.requireNonNull(approvalId, "approvalId");
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(at, "at");
        if (seq < 1) {
            throw new IllegalArgumentException("seq must be 1 or more, got " + seq);
        }
    }

    /** The anchor of a chain whose last event is {@code last}. */
    public static AuditAnchor of(AuditEvent last) {
        return new AuditAnchor(last.approvalId(), last.seq(), last.hash(), last.at());
    }

    /** The claim {@link AuditChain#verifyPublished} checks a trail against. */
    public ChainAnchor chainAnchor() {
        return new ChainAnchor(seq, hash);
    }
}
