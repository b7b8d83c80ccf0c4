package dev.countersign.approval;

/** Where an approval (or one of its levels) stands. Every status but PENDING is final. */
public enum ApprovalStatus {
    PENDING,
    APPROVED,
    REJECTED,
    TIMED_OUT,
    CANCELLED;

    public boolean isFinal() {
        return this != PENDING;
    }
}
