package dev.countersign.approval;

/**
 * The one store operation the scheduled repair needs, apart from the store
 * so that the repair function can be built without the audit key: re-projecting reads the approval item and writes
 * list rows, it never hashes or appends an event.
 */
@FunctionalInterface
public interface ProjectionRepair {
    /**
     * Re-projects at most {@code maxApprovals} approvals still marked {@code projectionDue}.
     *
     * @return how many approvals were re-projected; fewer than {@code maxApprovals} means none was left due
     */
    int repairProjections(int maxApprovals);
}
