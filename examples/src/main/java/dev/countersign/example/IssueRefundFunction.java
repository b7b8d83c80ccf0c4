package dev.countersign.example;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.core.json.CanonicalJson;
import dev.countersign.core.json.Json;

/**
 * The example's "issue refund" step. It runs only after the Choice state saw APPROVED, and still refuses unless the
 * decision it is given says APPROVED for exactly this proposal (defence in depth: a mis-wired Choice, or a decision
 * copied from another approval, must not move money). Issues nothing real: it returns the refund it would make.
 *
 * <p>Input {@code {"proposal", "decision"}}; output {@code {"refundId", "orderId", "amount", "currency", "status":
 * "ISSUED", "approvalId", "approvedBy"}}. A refusal fails the step with {@link ActionRefusedException}.
 */
public final class IssueRefundFunction extends JsonStep {


    @Override
    public ObjectNode handle(JsonNode input) {
        ApprovedAction refund = ApprovedAction.read(input, "issue-refund").requireApproved("issue-refund");
        ObjectNode params = refund.approvedParams();
        String refundId = "rf-" + CanonicalJson.sha256Hex(Json.object()
                .put("approvalId", refund.decision().approvalId()).set("params", params)).substring(0, 16);
        ObjectNode result = Json.object();
        result.put("refundId", refundId);
        result.set("orderId", params.get("orderId"));
        result.set("amount", params.get("amount"));
        result.set("currency", params.get("currency"));
        result.put("status", "ISSUED");
        result.put("approvalId", refund.decision().approvalId());
        result.put("approvedBy", refund.decision().decidedBy());
        return result;
    }
}
