package dev.countersign.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.contract.ProposalCheck;
import dev.countersign.contract.ProposalValidator;
import dev.countersign.core.Channel;
import dev.countersign.core.Decision;
import dev.countersign.core.Outcome;
import dev.countersign.core.json.Json;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RefundExampleTest {
    private static final String ORDER = "{\"orderId\": \"4711\", \"amount\": 120.00, \"currency\": \"EUR\","
            + " \"reason\": \"Two mugs arrived broken\", \"orderTotal\": 150.00,"
            + " \"customer\": {\"email\": \"sam@customer.example\", \"name\": \"Sam\"},"
            + " \"requester\": {\"email\": \"dana@shop.example\", \"name\": \"Dana Reyes\"},"
            + " \"approvers\": [\"lee@shop.example\"]}";

    private final RefundAgentFunction agent = new RefundAgentFunction();

    private ObjectNode proposal() {
        return agent.handle(Json.parse(ORDER));
    }

    /** A decision of {@code proposal}; with modifications its hash names the proposal as approved (changes applied). */
    private static Decision decision(ObjectNode proposal, Outcome outcome, ObjectNode modifications) {
        ObjectNode approved = proposal.deepCopy();
        if (modifications != null) {
            modifications.properties().forEach(m -> ((ObjectNode) approved.at("/action/params"))
                    .set(m.getKey(), m.getValue()));
        }
        String hash = ((ProposalCheck.Accepted) ProposalValidator.instance().check(approved)).proposalHash();
        Channel channel = outcome == Outcome.TIMED_OUT ? Channel.POLICY : Channel.EMAIL_LINK;
        String by = outcome == Outcome.TIMED_OUT ? "countersign:timeout" : "lee@shop.example";
        return new Decision("ap_aaaaaaaaaaaaaaaaaaaaaaaaaa", outcome, by, Instant.parse("2026-11-24T10:00:00Z"),
                outcome == Outcome.REJECTED ? "wrong order" : "", 1, channel, hash, modifications);
    }

    private static ObjectNode input(ObjectNode proposal, Decision decision) {
        ObjectNode input = Json.object();
        input.set("proposal", proposal);
        input.set("decision", decision.toJson());
        return input;
    }

    @Test
    void agent_proposesAValidRealisticRefund_deterministically() {
        ObjectNode proposal = proposal();

        assertThat(ProposalValidator.instance().check(proposal)).isInstanceOf(ProposalCheck.Accepted.class);
        assertThat(proposal).isEqualTo(agent.handle(Json.parse(ORDER)));
        assertThat(proposal.at("/action/summary").asText())
                .isEqualTo("Refund EUR 120.00 to order 4711 (Two mugs arrived broken)");
        assertThat(proposal.at("/risk/level").asText()).isEqualTo("medium");
        assertThat(proposal.at("/reasoning").asText()).contains("does not exceed the order total");
        assertThat(proposal.at("/evidence").size()).isGreaterThanOrEqualTo(3);
        assertThat(proposal.at("/routing/approvers/0").asText()).isEqualTo("lee@shop.example");
    }

    @Test
    void agent_raisesTheRisk_whenTheRefundExceedsTheOrder() {
        ObjectNode order = (ObjectNode) Json.parse(ORDER);
        order.put("amount", 400);
        order.put("orderTotal", 150);

        JsonNode proposal = agent.handle(order);

        assertThat(proposal.at("/risk/level").asText()).isEqualTo("critical");
        assertThat(proposal.at("/reasoning").asText()).contains("MORE than the order total");
    }

    @Test
    void agent_quotesTheReasonAsOneSentence_whateverItEndsWith() {
        ObjectNode order = (ObjectNode) Json.parse(ORDER);
        order.put("reason", "Arrived broken.\n\nPlease refund!");
        // The example once wrote "because: ... ticket.." when the customer's reason ended with its own full stop.
        assertThat(agent.handle(order).at("/reasoning").asText())
                .startsWith("The customer asks for a refund of EUR 120.00 on order 4711 because: Arrived broken."
                        + " Please refund!\n")
                .doesNotContain("..", "!.");
        assertThat(proposal().at("/reasoning").asText()).contains("because: Two mugs arrived broken.\n");
    }

    @Test
    void agent_givesRiskReasonsThatStateOnlyTheAmountsBand() {
        // The reasons once named a "100 auto-approve limit" and the reasoning a 50.00 one; the rules file has neither.
        assertThat(proposal().at("/risk/reasons/0").asText()).isEqualTo("EUR 120.00 is 100 or more");
        assertThat(proposal().at("/reasoning").asText()).doesNotContain("limit", "threshold");
    }

    @Test
    void agent_namesTheBadField() {
        ObjectNode order = (ObjectNode) Json.parse(ORDER);
        order.put("amount", "-3");
        assertThatThrownBy(() -> agent.handle(order)).hasMessageContaining("'amount'");
        order.remove("amount");
        order.put("amount", 1);
        order.remove("customer");
        assertThatThrownBy(() -> agent.handle(order)).hasMessageContaining("'customer' is missing");
    }

    @Test
    void issueRefund_runsOnAnApprovalOfThisVeryProposal_withTheApprovedChanges() {
        ObjectNode proposal = proposal();
        ObjectNode changes = Json.object().put("amount", 100);

        ObjectNode refund = new IssueRefundFunction().handle(input(proposal, decision(proposal, Outcome.APPROVED,
                changes)));

        assertThat(refund.get("status").asText()).isEqualTo("ISSUED");
        assertThat(refund.get("orderId").asText()).isEqualTo("4711");
        assertThat(refund.get("amount").asInt()).isEqualTo(100);
        assertThat(refund.get("approvedBy").asText()).isEqualTo("lee@shop.example");
        assertThat(refund.get("refundId").asText()).startsWith("rf-");
    }

    @Test
    void issueRefund_refusesChanges_whoseHashNamesTheUnchangedProposal() {
        ObjectNode proposal = proposal();
        Decision unchanged = decision(proposal, Outcome.APPROVED, null);
        Decision forged = new Decision(unchanged.approvalId(), Outcome.APPROVED, unchanged.decidedBy(),
                unchanged.decidedAt(), "", 1, unchanged.channel(), unchanged.proposalHash(),
                Json.object().put("amount", 9999));

        // Changes must be the ones approved: a decision whose hash does not cover them pays out nothing.
        assertThatThrownBy(() -> new IssueRefundFunction().handle(input(proposal, forged)))
                .isInstanceOf(ActionRefusedException.class).hasMessageContaining("with the approved changes");
    }

    @Test
    void issueRefund_refusesAnythingButApproved() {
        ObjectNode proposal = proposal();
        for (Outcome outcome : new Outcome[] {Outcome.REJECTED, Outcome.TIMED_OUT, Outcome.CANCELLED}) {
            assertThatThrownBy(() -> new IssueRefundFunction().handle(input(proposal, decision(proposal, outcome,
                    null)))).as(outcome.name()).isInstanceOf(ActionRefusedException.class)
                    .hasMessageContaining("not APPROVED");
        }
    }

    @Test
    void issueRefund_refusesAnApprovalOfAnotherProposal() {
        ObjectNode approved = proposal();
        Decision decision = decision(approved, Outcome.APPROVED, null);
        ObjectNode swapped = proposal();
        ((ObjectNode) swapped.at("/action/params")).put("amount", 9999);

        // Defence in depth: an approval of 120 must not pay out 9999.
        assertThatThrownBy(() -> new IssueRefundFunction().handle(input(swapped, decision)))
                .isInstanceOf(ActionRefusedException.class).hasMessageContaining("is about proposal");
    }

    @Test
    void notifyRejection_explainsWhy_andRefusesAnApproval() {
        ObjectNode proposal = proposal();

        ObjectNode notice = new NotifyRejectionFunction().handle(input(proposal, decision(proposal,
                Outcome.REJECTED, null)));
        ObjectNode timedOut = new NotifyRejectionFunction().handle(input(proposal, decision(proposal,
                Outcome.TIMED_OUT, null)));

        assertThat(notice.get("notice").asText()).isEqualTo("No refund will be issued for order 4711: it was"
                + " rejected by lee@shop.example: wrong order.");
        assertThat(timedOut.get("outcome").asText()).isEqualTo("TIMED_OUT");
        assertThat(timedOut.get("notice").asText()).contains("nobody approved it in time");
        assertThatThrownBy(() -> new NotifyRejectionFunction().handle(input(proposal, decision(proposal,
                Outcome.APPROVED, null)))).hasMessageContaining("Choice state");
    }
}
