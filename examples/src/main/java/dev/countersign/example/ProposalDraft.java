package dev.countersign.example;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.core.json.Json;
import java.util.List;

/**
 * A proposal an example agent is writing (contract {@code proposal-1.schema.json}): the parts every agent fills the
 * same way — identity, action, evidence, risk, who proposed it and for whom, and the caller's routing hints.
 */
final class ProposalDraft {
    private final ObjectNode proposal = Json.object();
    private final ObjectNode params;
    private final ArrayNode evidence;

    ProposalDraft(String proposalId, String workflow, String actionType, String summary) {
        proposal.put("proposalId", RequestFields.clip(proposalId, 128));
        proposal.put("workflow", workflow);
        ObjectNode action = proposal.putObject("action");
        action.put("type", actionType);
        action.put("summary", RequestFields.clip(RequestFields.oneLine(summary), 300));
        this.params = action.putObject("params");
        proposal.put("reasoning", "");
        this.evidence = proposal.putArray("evidence");
    }

    /** The action's parameters, to fill. */
    ObjectNode params() {
        return params;
    }

    ProposalDraft reasoning(String reasoning) {
        proposal.put("reasoning", RequestFields.clip(reasoning, 8000));
        return this;
    }

    ProposalDraft evidence(String label, String value) {
        evidence.addObject().put("label", label).put("value", RequestFields.clip(value, 4000));
        return this;
    }

    ProposalDraft risk(String level, double score, List<String> reasons) {
        ObjectNode risk = proposal.putObject("risk");
        risk.put("level", level);
        risk.put("score", score);
        ArrayNode list = risk.putArray("reasons");
        reasons.forEach(list::add);
        return this;
    }

    /** The agent (and the model behind it: here, fixed rules) and the run that proposed it. */
    ProposalDraft proposedBy(String agent, String runId) {
        proposal.putObject("proposedBy").put("agent", agent).put("model", "rules-v1").put("runId", runId);
        return this;
    }

    /**
     * The person the request came from (never one of its approvers), and the request's routing hints: {@code
     * approvers} if it names some (the rules decide whether they count).
     */
    ProposalDraft requestedBy(RequestFields request) {
        JsonNode requester = request.object("requester", "\"requester\": {\"email\": \"sam@shop.example\"}").node();
        request.object("requester", "\"requester\": {\"email\": \"sam@shop.example\"}")
                .email("email", "\"requester\": {\"email\": \"sam@shop.example\"}");
        proposal.set("requester", requester.deepCopy());
        JsonNode approvers = request.node().path("approvers");
        if (approvers.isArray() && !approvers.isEmpty()) {
            proposal.putObject("routing").set("approvers", approvers.deepCopy());
        }
        return this;
    }

    ObjectNode build() {
        return proposal;
    }
}
