package dev.countersign.example;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.core.json.Json;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * The example workflow's agent step: looks at a refund request and proposes the refund, with its reasoning, the
 * evidence it used and a risk estimate. Deterministic rules stand in for an AI model, so the example runs anywhere
 * and always proposes the same thing for the same order.
 *
 * <p>Input (the execution input): {@code {"orderId", "amount", "currency", "reason", "customer": {"email",
 * "name"?}, "requester": {"email", "name"?}, "orderTotal"?, "approvers"?: [...], "evidence"?: [{label, value,
 * url?}]}}, or {@code {"proposal": {...}}} (a ready proposal, checked by {@link ExampleWorkflow#REFUND}). Output: a
 * Proposal (contract {@code proposal-1.schema.json}). A team's model goes here; the example is deterministic.
 */
public final class RefundAgentFunction extends JsonStep {
    public static final String WORKFLOW = "refunds";
    public static final String ACTION_TYPE = "refund.issue";
    public static final String AGENT = "refund-agent";


    /** The proposal for one refund request (or the ready proposal it was started with, checked). */
    @Override
    public ObjectNode handle(JsonNode input) {
        java.util.Optional<ObjectNode> ready = ExampleWorkflow.REFUND.adopt(input);
        if (ready.isPresent()) {
            return ready.get();
        }
        RequestFields order = RequestFields.of("refund request", input, "{\"orderId\": \"4711\", \"amount\":"
                + " 120.00, \"currency\": \"EUR\", \"reason\": \"...\", \"customer\": {\"email\": ...},"
                + " \"requester\": {\"email\": ...}}");
        String orderId = order.text("orderId", "\"orderId\": \"4711\"");
        BigDecimal amount = order.amount("amount");
        String currency = order.currency("currency");
        String reason = order.text("reason", "\"reason\": \"Two mugs arrived broken\"");
        RequestFields customer = order.object("customer", "\"customer\": {\"email\": \"sam@customer.example\"}");
        String customerEmail = customer.text("email", "\"customer\": {\"email\": \"sam@customer.example\"}");
        RequestFields requester = order.object("requester", "\"requester\": {\"email\": \"dana@shop.example\"}");
        requester.text("email", "\"requester\": {\"email\": \"dana@shop.example\"}");
        BigDecimal orderTotal = order.optionalAmount("orderTotal");

        String money = currency + " " + amount.setScale(2, RoundingMode.HALF_UP).toPlainString();
        ObjectNode proposal = Json.object();
        proposal.put("proposalId", "refund-" + orderId);
        proposal.put("workflow", WORKFLOW);
        ObjectNode action = proposal.putObject("action");
        action.put("type", ACTION_TYPE);
        action.put("summary", RequestFields.clip("Refund " + money + " to order " + orderId + " ("
                + RequestFields.oneLine(reason) + ")", 300));
        ObjectNode params = action.putObject("params");
        params.put("orderId", orderId);
        params.put("amount", amount);
        params.put("currency", currency);
        params.put("customerEmail", customerEmail);
        // How the amount reads to the approver ("EUR 1,500.00"), as the summary writes it; the param stays a number.
        action.putObject("display").putObject("amount").put("as", "money").put("currency", currency);

        List<String> riskReasons = new ArrayList<>();
        String level = riskLevel(amount, riskReasons, money);
        StringBuilder reasoning = new StringBuilder();
        reasoning.append("The customer asks for a refund of ").append(money).append(" on order ").append(orderId)
                .append(" because: ").append(RequestFields.sentence(reason)).append('\n');
        if (orderTotal != null) {
            if (amount.compareTo(orderTotal) > 0) {
                riskReasons.add("the refund is larger than the order total");
                level = "critical";
                reasoning.append("The amount is MORE than the order total of ").append(currency).append(' ')
                        .append(orderTotal.setScale(2, RoundingMode.HALF_UP).toPlainString())
                        .append(": check it before approving.\n");
            } else {
                reasoning.append("The amount does not exceed the order total of ").append(currency).append(' ')
                        .append(orderTotal.setScale(2, RoundingMode.HALF_UP).toPlainString()).append(".\n");
            }
        }
        reasoning.append("This shop issues a refund only after a person approves it, so I am asking before"
                + " issuing it.");
        proposal.put("reasoning", reasoning.toString());

        ArrayNode evidence = proposal.putArray("evidence");
        evidence.addObject().put("label", "Customer's reason").put("value", RequestFields.clip(reason, 4000));
        evidence.addObject().put("label", "Customer").put("value", customerEmail);
        if (orderTotal != null) {
            evidence.addObject().put("label", "Order total")
                    .put("value", currency + " " + orderTotal.setScale(2, RoundingMode.HALF_UP).toPlainString());
        }
        JsonNode given = order.node().path("evidence");
        for (int i = 0; i < given.size() && evidence.size() < 20; i++) {
            evidence.add(given.get(i).deepCopy());
        }

        ObjectNode risk = proposal.putObject("risk");
        risk.put("level", level);
        risk.put("score", amount.divide(BigDecimal.valueOf(20), 1, RoundingMode.HALF_UP)
                .min(BigDecimal.valueOf(100)).doubleValue());
        ArrayNode reasons = risk.putArray("reasons");
        riskReasons.forEach(reasons::add);

        proposal.putObject("proposedBy").put("agent", AGENT).put("model", "rules-v1").put("runId", "refund-" + orderId);
        proposal.set("requester", requester.node().deepCopy());
        JsonNode approvers = order.node().path("approvers");
        if (approvers.isArray() && !approvers.isEmpty()) {
            proposal.putObject("routing").set("approvers", approvers.deepCopy());
        }
        return proposal;
    }

    private static String riskLevel(BigDecimal amount, List<String> reasons, String money) {
        if (amount.compareTo(BigDecimal.valueOf(100)) < 0) {
            reasons.add(money + " is under 100");
            return "low";
        }
        if (amount.compareTo(BigDecimal.valueOf(500)) < 0) {
            reasons.add(money + " is 100 or more");
            return "medium";
        }
        if (amount.compareTo(BigDecimal.valueOf(2000)) < 0) {
            reasons.add(money + " is 500 or more");
            return "high";
        }
        reasons.add(money + " is 2,000 or more");
        return "critical";
    }
}
