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
 * @param modifications approved changes to the proposal (APPROVE at a one-approval level only), or null
 */
public record DecisionRequest(ApprovalId approvalId, int level, String approver, Verdict verdict, String comment,
                              Channel channel, ObjectNode modifications) {

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
    }
}
