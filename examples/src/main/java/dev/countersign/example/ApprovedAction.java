package dev.countersign.example;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.contract.ProposalCheck;
import dev.countersign.contract.ProposalValidator;
import dev.countersign.core.Decision;
import dev.countersign.core.Outcome;
import dev.countersign.core.Proposal;
import dev.countersign.core.json.CanonicalJson;

/**
 * What an example's last steps receive: the agent's proposal and the gate's decision. Reading it checks that the
 * decision is about exactly this proposal (its {@code proposalHash}, with the approver's changes applied); a step that
 * acts also checks the outcome ({@link #requireApproved}).
 */
record ApprovedAction(Proposal proposal, Decision decision) {

    static ApprovedAction read(JsonNode input, String step) {
        if (input == null || !input.isObject() || !input.path("proposal").isObject()
                || !input.path("decision").isObject()) {
            throw new IllegalArgumentException(step + " expects {\"proposal\": {...}, \"decision\": {...}}: pass the"
                    + " proposal the gate approved and the gate's Decision, e.g. \"proposal.$\": \"$.agent.proposal\" and"
                    + " \"decision.$\": \"$.decision\"");
        }
        Decision decision = Decision.fromJson(input.get("decision"));
        ProposalCheck check = ProposalValidator.instance().check(input.get("proposal"));
        if (!(check instanceof ProposalCheck.Accepted accepted)) {
            throw new ActionRefusedException(step + " refuses: the proposal it was given is not a valid proposal");
        }
        String approvedHash = decision.modifications().isEmpty() ? accepted.proposalHash()
                : CanonicalJson.sha256Hex(modified(accepted.proposal(), decision));
        if (!approvedHash.equals(decision.proposalHash())) {
            // Defence in depth: a decision approves one exact proposal (with the approver's changes), never a similar one.
            throw new ActionRefusedException(step + " refuses: the decision (approval " + decision.approvalId()
                    + ") is about proposal " + decision.proposalHash() + ", not the one given"
                    + (decision.modifications().isEmpty() ? "" : " with the approved changes") + " (" + approvedHash
                    + ")");
        }
        return new ApprovedAction(accepted.proposal(), decision);
    }

    /** The proposal as approved: its normalised JSON with the decision's modifications applied to the params. */
    private static ObjectNode modified(Proposal proposal, Decision decision) {
        ObjectNode json = proposal.toJson();
        ObjectNode params = (ObjectNode) json.path("action").path("params");
        decision.modifications().properties().forEach(m -> params.set(m.getKey(), m.getValue()));
        return json;
    }

    /** The action's parameters as approved: the proposal's, with the approver's modifications applied. */
    ObjectNode approvedParams() {
        ObjectNode params = proposal.action().params();
        decision.modifications().properties().forEach(m -> params.set(m.getKey(), m.getValue()));
        return params;
    }

    boolean approved() {
        return decision.outcome() == Outcome.APPROVED;
    }

    /** Refuses unless the decision is APPROVED: a mis-wired Choice must not make a step act. */
    ApprovedAction requireApproved(String step) {
        if (!approved()) {
            throw new ActionRefusedException(step + " refuses: the decision for approval " + decision.approvalId()
                    + " is " + decision.outcome().wireName() + ", not APPROVED");
        }
        return this;
    }

    /** Who approved: every approval of a quorum level in order ({@code approvals}), else the one who decided. */
    java.util.List<String> approvers(JsonNode decisionJson) {
        java.util.List<String> people = new java.util.ArrayList<>();
        decisionJson.path("approvals").forEach(a -> people.add(a.path("by").asText()));
        if (people.isEmpty()) {
            people.add(decision.decidedBy());
        }
        return people;
    }
}
