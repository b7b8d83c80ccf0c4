package dev.countersign.approval;

/** The answer to an escalation, timeout, cancellation, reassignment, late decision or audit append. */
public sealed interface ChangeResult {

    record Applied(ApprovalRecord approval) implements ChangeResult {
    }

    /** The same change was made before (a retry); at most a newer task token was stored. */
    record AlreadyApplied(ApprovalRecord approval) implements ChangeResult {
    }

    /** The approval is not in a state where this change applies; {@code reason} says why. Nothing was written. */
    record NotApplicable(ApprovalRecord approval, String reason) implements ChangeResult {
    }

    record NotFound(ApprovalId approvalId) implements ChangeResult {
    }
}
