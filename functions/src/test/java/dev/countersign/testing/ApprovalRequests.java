package dev.countersign.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.approval.ApprovalKey;
import dev.countersign.approval.NewApproval;
import dev.countersign.approval.TaskToken;
import dev.countersign.core.RiskLevel;
import dev.countersign.core.json.Json;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/** Approval requests for tests: a plausible refund proposal routed to the given approvers. */
public final class ApprovalRequests {
    private ApprovalRequests() {
    }

    public static ObjectNode refund(String workflow, int amount) {
        ObjectNode proposal = Json.object();
        proposal.put("workflow", workflow);
        ObjectNode action = proposal.putObject("action");
        action.put("type", "refund");
        action.put("summary", "Refund order 4711 (" + amount + " EUR)");
        action.putObject("params").put("orderId", "4711").put("amount", amount);
        proposal.put("reasoning", "The parcel was lost in transit.");
        proposal.putObject("risk").put("level", "medium");
        proposal.putObject("proposedBy").put("agent", "refund-agent");
        proposal.put("requester", "carol@example.com");
        return proposal;
    }

    /** A fresh execution (random ARN) with one level for {@code recipients}, quorum 1, deadline in one hour. */
    public static NewApproval request(Clock clock, String workflow, String... recipients) {
        return request(clock, "arn:aws:states:eu-west-1:123456789012:execution:" + workflow + ":" + UUID.randomUUID(),
                workflow, 1, recipients);
    }

    public static NewApproval request(Clock clock, String executionArn, String workflow, int quorum,
                                      String... recipients) {
        return new NewApproval(new ApprovalKey(executionArn, "ApproveRefund"), workflow, "Refund order 4711",
                RiskLevel.MEDIUM, "carol@example.com", "refund-agent", refund(workflow, 120), 1,
                List.of(recipients), quorum, clock.instant().plus(Duration.ofHours(1)),
                new TaskToken("token-" + UUID.randomUUID()), "countersign:request", null);
    }
}
