package dev.countersign.example;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.core.Decision;
import dev.countersign.core.json.Json;

/**
 * The example's not-approved path (rejected, timed out or cancelled): tells the customer-facing side that no refund
 * will be issued, and why. Returns the notice it would send.
 *
 * <p>Input {@code {"proposal", "decision"}}; output {@code {"orderId", "outcome", "notice", "approvalId"}}.
 */
public final class NotifyRejectionFunction extends JsonStep {


    @Override
    public ObjectNode handle(JsonNode input) {
        ApprovedAction refund = ApprovedAction.read(input, "notify-rejection");
        Decision decision = refund.decision();
        if (refund.approved()) {
            throw new IllegalStateException("notify-rejection was given an APPROVED decision (approval "
                    + decision.approvalId() + "): the workflow's Choice state must route APPROVED to the refund step");
        }
        String orderId = refund.proposal().action().params().path("orderId").asText("");
        String why = DecisionText.whyNot(decision);
        ObjectNode result = Json.object();
        result.put("orderId", orderId);
        result.put("outcome", decision.outcome().wireName());
        result.put("notice", "No refund will be issued for order " + orderId + ": " + why + ".");
        result.put("approvalId", decision.approvalId());
        return result;
    }
}
