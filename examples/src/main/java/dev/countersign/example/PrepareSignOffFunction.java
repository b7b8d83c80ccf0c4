package dev.countersign.example;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The publishing example's step between its two gates: takes the draft as the editor approved it (their changes to
 * the headline and body applied, the approval checked against exactly that text) and proposes publishing it
 * ({@code content.publish}), for two of the three editors to sign off. The sign-off cannot change the text: what
 * they approve is what is published.
 *
 * <p>Input {@code {"proposal", "decision"}} (the draft and the editing gate's Decision); output: a Proposal.
 */
public final class PrepareSignOffFunction extends JsonStep {

    @Override
    public ObjectNode handle(JsonNode input) {
        ApprovedAction edited = ApprovedAction.read(input, "prepare-sign-off").requireApproved("prepare-sign-off");
        ObjectNode draft = edited.proposal().toJson();
        ObjectNode params = edited.approvedParams();
        ObjectNode original = edited.proposal().action().params();
        String editor = edited.decision().decidedBy();
        List<String> changes = new ArrayList<>();
        for (String field : List.of("headline", "body")) {
            if (!original.path(field).equals(params.path(field))) {
                changes.add(field);
            }
        }

        ObjectNode proposal = draft.deepCopy();
        proposal.put("proposalId", RequestFields.clip("publish-" + params.path("slug").asText(), 128));
        ObjectNode action = (ObjectNode) proposal.get("action");
        action.put("type", ArticleAgentFunction.PUBLISH);
        action.put("summary", RequestFields.clip("Publish \"" + params.path("headline").asText() + "\" in the "
                + params.path("section").asText() + " section", 300));
        action.set("params", params);
        proposal.put("reasoning", RequestFields.clip("The agent's draft, edited and approved by " + editor + ". "
                + (changes.isEmpty() ? "The editor changed nothing." : "The editor changed the "
                + String.join(" and the ", changes) + ".") + " Approve to publish exactly this text; two of the three"
                + " editors must sign it off, and one rejection stops it.", 8000));
        ArrayNode evidence = proposal.withArray("evidence");
        while (evidence.size() > 18) {
            evidence.remove(evidence.size() - 1);
        }
        evidence.addObject().put("label", "Edited and approved by").put("value", editor);
        evidence.addObject().put("label", "Changes by the editor").put("value", changes.isEmpty() ? "none"
                : String.join(", ", changes));
        return proposal;
    }
}
