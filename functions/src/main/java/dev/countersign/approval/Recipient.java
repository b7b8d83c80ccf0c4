package dev.countersign.approval;

/**
 * An approver asked at one level.
 *
 * @param approver       the approver's address (lower case)
 * @param reassignedFrom whose place this recipient took, or null if routed directly
 */
public record Recipient(String approver, String reassignedFrom) {
    public Recipient {
        approver = Checks.address("recipient", approver);
        reassignedFrom = reassignedFrom == null ? null : Checks.address("reassignedFrom", reassignedFrom);
    }

    public static Recipient of(String approver) {
        return new Recipient(approver, null);
    }
}
