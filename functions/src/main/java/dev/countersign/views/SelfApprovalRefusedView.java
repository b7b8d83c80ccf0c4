package dev.countersign.views;

import dev.countersign.views.internal.Fields;

/**
 * The separation-of-duties refusal: the person holding the link requested the action or is the proposing agent.
 *
 * @param approval which approval
 * @param who      the link holder, as the record names them
 * @param role     why they may not decide
 */
public record SelfApprovalRefusedView(ApprovalRef approval, String who, Role role) {

    public SelfApprovalRefusedView {
        Fields.required(approval, "SelfApprovalRefusedView.approval", "an ApprovalRef");
        Fields.text(who, "SelfApprovalRefusedView.who", "the link holder");
        Fields.required(role, "SelfApprovalRefusedView.role", "REQUESTER or PROPOSING_AGENT");
    }

    /** The link holder's part in the proposal. */
    public enum Role {
        REQUESTER("you requested this action"),
        PROPOSING_AGENT("you are the agent that proposed this action");

        private final String reason;

        Role(String reason) {
            this.reason = reason;
        }

        /** The clause the page uses, e.g. "you requested this action". */
        public String reason() {
            return reason;
        }
    }
}
