package dev.countersign.approval;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.core.Channel;
import java.util.Objects;

/**
 * An approver's verdict as it arrives from a page or API. The approver comes from the link's grant, never a form.
 *
 * @param approvalId    the approval
 * @param level         the level the approver was asked at (from the link)
 * @param approver      the approver's address (from the link)
 * @param verdict       approve or reject
 * @param comment       the approver's comment, or null
 * @param channel       email-link, api or policy
 * @param modifications approved changes to the proposal (APPROVE at a one-approval level only), or null: top-level
 *                      {@code action.params} names with their approved values
 * @param proposed      the proposed values of the changed parameters (the audit event records the diff), or null
 * @param approvedProposalHash SHA-256 of the proposal with {@code modifications} applied (what the Decision's
 *                      {@code proposalHash} then names), or null when nothing was changed
 */
public record DecisionRequest(ApprovalId approvalId, int level, String approver, Verdict verdict, String comment,
                              Channel channel, ObjectNode modifications, ObjectNode proposed,
                              String approvedProposalHash) {

    /** A verdict on the proposal as requested, or with changes whose diff and hash the caller does not give. */
    public DecisionRequest(ApprovalId approvalId, int level, String approver, Verdict verdict, String comment,
                           Channel channel, ObjectNode modifications) {
        this(approvalId, level, approver, verdict, comment, channel, modifications, null, null);
    }

    public DecisionRequest {
        Objects.requireNonNull(approvalId, "approvalId");
        Objects.requireNonNull(verdict, "verdict");
        approver = Checks.address("approver", approver);
        comment = Checks.optionalText("comment", comment, ApprovalLimits.MAX_COMMENT_CHARS);
        Objects.requireNonNull(channel, "channel");
        if (modifications != null && verdict != Verdict.APPROVE) {
            throw new IllegalArgumentException("modifications come with a rejection: only an approval can approve"
                    + " changes to the proposal");
        }
        modifications = modifications == null || modifications.isEmpty() ? null : modifications.deepCopy();
        proposed = modifications == null || proposed == null ? null : proposed.deepCopy();
        if (approvedProposalHash != null && (modifications == null
                || !approvedProposalHash.matches("[0-9a-f]{64}"))) {
            throw new IllegalArgumentException("approvedProposalHash is the SHA-256 (64 lower-case hex digits) of a"
                    + " modified proposal; give it only with modifications");
        }
    }
}
