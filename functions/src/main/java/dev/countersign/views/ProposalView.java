package dev.countersign.views;

import dev.countersign.views.internal.Fields;

import java.util.List;

/**
 * Everything the agent proposed, as the approver must see it. Values are shown as given (escaped, with bidi and
 * control characters made visible); nothing here is formatted by the caller.
 *
 * @param workflow   the workflow that reached the gate
 * @param action     what it wants done
 * @param reasoning  the agent's why (multi-line text; "" when none)
 * @param evidence   what it cites; may be empty
 * @param risk       its risk assessment
 * @param proposedBy the proposing agent
 * @param requester  the person on whose behalf the agent acts
 */
public record ProposalView(String workflow, ActionView action, String reasoning, List<EvidenceView> evidence,
                           RiskView risk, ProposerView proposedBy, String requester) {

    public ProposalView {
        Fields.text(workflow, "ProposalView.workflow", "the proposal's workflow name");
        Fields.required(action, "ProposalView.action", "an ActionView");
        reasoning = reasoning == null ? "" : reasoning;
        evidence = Fields.list(evidence, "ProposalView.evidence");
        Fields.required(risk, "ProposalView.risk", "a RiskView");
        Fields.required(proposedBy, "ProposalView.proposedBy", "a ProposerView");
        Fields.text(requester, "ProposalView.requester", "the proposal's requester");
    }
}
