package dev.countersign.example;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.core.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The example workflow's agent step: looks at a refund request and proposes the refund, with its reasoning, the
 * evidence it used and a risk estimate. Deterministic rules stand in for an AI model, so the example runs anywhere
 * and always proposes the same thing for the same order.
 *
 * <p>Input (the execution input): {@code {"orderId", "amount", "currency", "reason", "customer": {"email",
 * "name"?}, "requester": {"email", "name"?}, "orderTotal"?, "approvers"?: [...], "evidence"?: [{label, value,
 * url?}]}}. Output: a Proposal (contract {@code proposal-1.schema.json}).
 */
public final class RefundAgentFunction implements RequestStreamHandler {
    public static final String WORKFLOW = "refunds";
    public static final String ACTION_TYPE = "refund.issue";
    public static final String AGENT = "refund-agent";

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        output.write(Json.write(handle(Json.parse(input))).getBytes(StandardCharsets.UTF_8));
    }

    /** The proposal for one refund request. */
    public ObjectNode handle(JsonNode order) {
        if (order == null || !order.isObject()) {
            throw new IllegalArgumentException("the refund request is not a JSON object: start the workflow with"
                    + " {\"orderId\": \"4711\", \"amount\": 120.00, \"currency\": \"EUR\", \"reason\": \"...\","
                    + " \"customer\": {\"email\": ...}, \"requester\": {\"email\": ...}}");
        }
        String orderId = text(order, "orderId", "\"orderId\": \"4711\"");
        BigDecimal amount = amount(order, "amount");
        String currency = text(order, "currency", "\"currency\": \"EUR\"");
        if (!currency.matches("[A-Z]{3}")) {
            throw new IllegalArgumentException("refund request field 'currency' is '" + currency + "': use a"
                    + " three-letter ISO 4217 code such as EUR or USD");
        }
        String reason = text(order, "reason", "\"reason\": \"Two mugs arrived broken\"");
        JsonNode customer = object(order, "customer", "\"customer\": {\"email\": \"sam@customer.example\"}");
        String customerEmail = text(customer, "email", "\"customer\": {\"email\": \"sam@customer.example\"}");
        JsonNode requester = object(order, "requester", "\"requester\": {\"email\": \"dana@shop.example\"}");
        text(requester, "email", "\"requester\": {\"email\": \"dana@shop.example\"}");
        BigDecimal orderTotal = order.hasNonNull("orderTotal") ? amount(order, "orderTotal") : null;

        String money = currency + " " + amount.setScale(2, RoundingMode.HALF_UP).toPlainString();
        ObjectNode proposal = Json.object();
        proposal.put("proposalId", "refund-" + orderId);
        proposal.put("workflow", WORKFLOW);
        ObjectNode action = proposal.putObject("action");
        action.put("type", ACTION_TYPE);
        action.put("summary", clip("Refund " + money + " to order " + orderId + " (" + oneLine(reason) + ")", 300));
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
                .append(" because: ").append(sentence(reason)).append('\n');
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
        evidence.addObject().put("label", "Customer's reason").put("value", clip(reason, 4000));
        evidence.addObject().put("label", "Customer").put("value", customerEmail);
        if (orderTotal != null) {
            evidence.addObject().put("label", "Order total")
                    .put("value", currency + " " + orderTotal.setScale(2, RoundingMode.HALF_UP).toPlainString());
        }
        JsonNode given = order.path("evidence");
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
        proposal.set("requester", requester.deepCopy());
        JsonNode approvers = order.path("approvers");
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

    private static BigDecimal amount(JsonNode order, String field) {
        JsonNode node = order.get(field);
        BigDecimal value;
        try {
            value = node == null ? null : node.isNumber() ? node.decimalValue()
                    : node.isTextual() ? new BigDecimal(node.textValue().strip()) : null;
        } catch (NumberFormatException e) {
            value = null;
        }
        if (value == null || value.signum() <= 0 || value.scale() > 2) {
            throw new IllegalArgumentException("refund request field '" + field + "' is "
                    + (node == null ? "missing" : "'" + node.asText() + "'") + ": give a positive amount with at most"
                    + " two decimals, e.g. \"" + field + "\": 120.00");
        }
        return value;
    }

    private static String text(JsonNode node, String field, String example) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.textValue().isBlank()) {
            throw new IllegalArgumentException("refund request field '" + field + "' is "
                    + (value == null ? "missing" : "not a non-empty string") + ": set it, e.g. " + example);
        }
        return value.textValue().strip();
    }

    private static JsonNode object(JsonNode node, String field, String example) {
        JsonNode value = node.get(field);
        if (value == null || !value.isObject()) {
            throw new IllegalArgumentException("refund request field '" + field + "' is "
                    + (value == null ? "missing" : "not an object") + ": set it, e.g. " + example);
        }
        return value;
    }

    private static String oneLine(String text) {
        return text.replaceAll("\\s+", " ").strip();
    }

    /** The text on one line, ending with one full stop (a reason that ends with its own stays as it is). */
    private static String sentence(String text) {
        String line = oneLine(text);
        return line.endsWith(".") || line.endsWith("!") || line.endsWith("?") ? line : line + ".";
    }

    private static String clip(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
