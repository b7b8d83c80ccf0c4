package dev.countersign.approval;

/** The answer to creating an approval: new, or the one a previous attempt created (a retry). */
public sealed interface CreateResult {
    ApprovalRecord approval();

    record Created(ApprovalRecord approval) implements CreateResult {
    }

    /** An approval for this execution and gate already existed; nothing was written but a newer task token. */
    record AlreadyExisted(ApprovalRecord approval) implements CreateResult {
    }
}
