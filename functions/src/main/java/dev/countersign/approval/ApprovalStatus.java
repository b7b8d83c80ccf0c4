package dev.countersign.approval;

import dev.countersign.core.Outcome;
import java.util.Optional;

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

    /** The decision outcome this final status is; empty while PENDING. */
    public Optional<Outcome> outcome() {
        return this == PENDING ? Optional.empty() : Optional.of(Outcome.valueOf(name()));
    }

    public static ApprovalStatus of(Outcome outcome) {
        return valueOf(outcome.name());
    }
}
