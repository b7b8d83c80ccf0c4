package dev.countersign.example;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.core.json.Json;

/**
 * The irreversible example's action: erases the customer's data from the approved systems — only after APPROVED, and
 * only for exactly the approved proposal (otherwise {@link ActionRefusedException}). Erases nothing real: it returns
 * the receipt of what it erased, which the workflow records with both approvers.
 *
 * <p>Input {@code {"proposal", "decision"}}; output {@code {"record": "erasure/<customerId>", "customerId",
 * "erased": [...], "kept", "status": "ERASED", "approvalId", "approvedBy": [...]}}.
 */
public final class EraseCustomerDataFunction extends JsonStep {

    @Override
    public ObjectNode handle(JsonNode input) {
        ApprovedAction erasure = ApprovedAction.read(input, "erase-customer-data")
                .requireApproved("erase-customer-data");
        ObjectNode params = erasure.approvedParams();
        String customerId = params.path("customerId").asText();
        ObjectNode result = Json.object();
        result.put("record", "erasure/" + customerId);
        result.put("customerId", customerId);
        ArrayNode erased = result.putArray("erased");
        for (String system : params.path("systems").asText().split(",")) {
            if (!system.isBlank()) {
                erased.add(system.strip());
            }
        }
        result.set("kept", params.get("kept"));
        result.put("status", "ERASED");
        result.put("approvalId", erasure.decision().approvalId());
        ArrayNode approvedBy = result.putArray("approvedBy");
        erasure.approvers(input.get("decision")).forEach(approvedBy::add);
        return result;
    }
}
