package dev.countersign.views;

import dev.countersign.views.internal.Fields;

/**
 * The short "which approval is this about" block of the outcome pages and the receipt.
 *
 * @param approvalId the approval's id
 * @param workflow   the workflow name
 * @param actionType the action type
 * @param summary    the action summary
 */
public record ApprovalRef(String approvalId, String workflow, String actionType, String summary) {

    public ApprovalRef {
        Fields.text(approvalId, "ApprovalRef.approvalId", "the approval record's id");
        Fields.text(workflow, "ApprovalRef.workflow", "the proposal's workflow name");
        Fields.text(actionType, "ApprovalRef.actionType", "the proposal's action.type");
        Fields.text(summary, "ApprovalRef.summary", "the proposal's action.summary");
    }

    /** The reference for an approval whose proposal view is at hand. */
    public static ApprovalRef of(String approvalId, ProposalView proposal) {
        return new ApprovalRef(approvalId, proposal.workflow(), proposal.action().type(), proposal.action().summary());
    }
}
