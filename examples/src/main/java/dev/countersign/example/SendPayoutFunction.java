package dev.countersign.example;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.core.json.CanonicalJson;
import dev.countersign.core.json.Json;

/**
 * The payout example's action: sends the approved payout — with the approver's changes, and only for exactly the
 * approved proposal (otherwise {@link ActionRefusedException}). Moves no real money: it returns the payout it sent,
 * which the workflow records.
 *
 * <p>Input {@code {"proposal", "decision"}}; output {@code {"record": "payout/<invoiceId>", "payoutId", "invoiceId",
 * "payeeName", "amount", "currency", "status": "SENT", "approvalId", "approvedBy"}}.
 */
public final class SendPayoutFunction extends JsonStep {

    @Override
    public ObjectNode handle(JsonNode input) {
        ApprovedAction payout = ApprovedAction.read(input, "send-payout").requireApproved("send-payout");
        ObjectNode params = payout.approvedParams();
        String invoiceId = params.path("invoiceId").asText();
        ObjectNode result = Json.object();
        result.put("record", "payout/" + invoiceId);
        result.put("payoutId", "po-" + CanonicalJson.sha256Hex(Json.object()
                .put("approvalId", payout.decision().approvalId()).set("params", params)).substring(0, 16));
        result.put("invoiceId", invoiceId);
        result.set("payeeName", params.get("payeeName"));
        result.set("amount", params.get("amount"));
        result.set("currency", params.get("currency"));
        result.put("status", "SENT");
        result.put("approvalId", payout.decision().approvalId());
        result.put("approvedBy", payout.decision().decidedBy());
        return result;
    }
}
