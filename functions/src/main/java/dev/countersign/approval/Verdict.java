package dev.countersign.approval;

/** What one approver says about a proposal. */
public enum Verdict {
    APPROVE,
    REJECT
}
