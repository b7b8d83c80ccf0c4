package dev.countersign.example;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.core.Decision;
import dev.countersign.core.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The example's not-approved path (rejected, timed out or cancelled): tells the customer-facing side that no refund
 * will be issued, and why. Returns the notice it would send.
 *
 * <p>Input {@code {"proposal", "decision"}}; output {@code {"orderId", "outcome", "notice", "approvalId"}}.
 */
public final class NotifyRejectionFunction implements RequestStreamHandler {

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        output.write(Json.write(handle(Json.parse(input))).getBytes(StandardCharsets.UTF_8));
    }

    public ObjectNode handle(JsonNode input) {
        ApprovedRefund refund = ApprovedRefund.read(input, "notify-rejection");
        Decision decision = refund.decision();
        if (refund.approved()) {
            throw new IllegalStateException("notify-rejection was given an APPROVED decision (approval "
                    + decision.approvalId() + "): the workflow's Choice state must route APPROVED to the refund step");
        }
        String orderId = refund.proposal().action().params().path("orderId").asText("");
        String why = switch (decision.outcome()) {
            case REJECTED -> "it was rejected by " + decision.decidedBy()
                    + (decision.comment().isBlank() ? "" : ": " + decision.comment());
            case TIMED_OUT -> "nobody approved it in time";
            case CANCELLED -> "the request was cancelled" + (decision.comment().isBlank() ? ""
                    : ": " + decision.comment());
            default -> decision.outcome().wireName();
        };
        ObjectNode result = Json.object();
        result.put("orderId", orderId);
        result.put("outcome", decision.outcome().wireName());
        result.put("notice", "No refund will be issued for order " + orderId + ": " + why + ".");
        result.put("approvalId", decision.approvalId());
        return result;
    }
}
