package dev.countersign.example;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * The payout example's agent step: looks at a supplier invoice that is due and proposes paying it, with the checks it
 * made (the purchase order, the goods received, the payee's bank details on file) as evidence. A team's model goes
 * here; the example's rules are deterministic, so it always proposes the same payout for the same invoice.
 *
 * <p>Input: {@code {"invoiceId", "payee": {"id", "name"}, "amount", "currency", "dueDate", "purchaseOrder"?,
 * "goodsReceived"?, "requester": {"email", "name"?}, "approvers"?}}, or {@code {"proposal": {...}}} (a ready
 * proposal, checked by {@link ExampleWorkflow#PAYOUT}). Output: a Proposal.
 */
public final class PayoutAgentFunction extends JsonStep {
    public static final String WORKFLOW = "payouts";
    public static final String ACTION_TYPE = "payout.send";
    public static final String AGENT = "payout-agent";

    @Override
    public ObjectNode handle(JsonNode input) {
        java.util.Optional<ObjectNode> ready = ExampleWorkflow.PAYOUT.adopt(input);
        if (ready.isPresent()) {
            return ready.get();
        }
        RequestFields invoice = RequestFields.of("payout request", input, "{\"invoiceId\": \"INV-2291\", \"payee\":"
                + " {\"id\": \"SUP-118\", \"name\": \"Northwind Ceramics\"}, \"amount\": 4250.00, \"currency\": \"EUR\","
                + " \"dueDate\": \"2026-12-15\", \"requester\": {\"email\": ...}}");
        String invoiceId = invoice.text("invoiceId", "\"invoiceId\": \"INV-2291\"");
        RequestFields payee = invoice.object("payee", "\"payee\": {\"id\": \"SUP-118\", \"name\": \"Northwind\"}");
        String payeeId = payee.text("id", "\"payee\": {\"id\": \"SUP-118\"}");
        String payeeName = payee.text("name", "\"payee\": {\"name\": \"Northwind Ceramics\"}");
        BigDecimal amount = invoice.amount("amount");
        String currency = invoice.currency("currency");
        String dueDate = invoice.text("dueDate", "\"dueDate\": \"2026-12-15\"");
        String purchaseOrder = invoice.optionalText("purchaseOrder", null);
        boolean goodsReceived = invoice.node().path("goodsReceived").asBoolean(false);
        String money = RequestFields.money(currency, amount);

        ProposalDraft draft = new ProposalDraft("payout-" + invoiceId, WORKFLOW, ACTION_TYPE,
                "Pay " + money + " to " + payeeName + " for invoice " + invoiceId);
        ObjectNode params = draft.params();
        params.put("invoiceId", invoiceId);
        params.put("payeeId", payeeId);
        params.put("payeeName", payeeName);
        params.put("amount", amount);
        params.put("currency", currency);
        params.put("dueDate", dueDate);

        List<String> reasons = new ArrayList<>();
        String level = amount.compareTo(BigDecimal.valueOf(1_000)) < 0 ? "low"
                : amount.compareTo(BigDecimal.valueOf(10_000)) < 0 ? "medium"
                : amount.compareTo(BigDecimal.valueOf(50_000)) < 0 ? "high" : "critical";
        reasons.add(money + " is a " + level + "-value payout");
        StringBuilder reasoning = new StringBuilder("Invoice ").append(invoiceId).append(" from ").append(payeeName)
                .append(" for ").append(money).append(" is due on ").append(dueDate).append(".\n");
        if (purchaseOrder != null) {
            reasoning.append("It matches purchase order ").append(purchaseOrder).append(".\n");
        } else {
            reasons.add("no purchase order");
            reasoning.append("It refers to NO purchase order: check that it was ordered.\n");
        }
        if (goodsReceived) {
            reasoning.append("The goods were received, so I propose paying it in full.\n");
        } else {
            reasons.add("goods not confirmed as received");
            level = level.equals("low") || level.equals("medium") ? "high" : level;
            reasoning.append("The goods are NOT confirmed as received: approve only if you know they arrived.\n");
        }
        reasoning.append("Payouts leave this company only after a person approves them.");
        draft.reasoning(reasoning.toString())
                .evidence("Invoice", invoiceId + " from " + payeeName + " (" + payeeId + "), " + money)
                .evidence("Due date", dueDate)
                .evidence("Purchase order", purchaseOrder == null ? "none given" : purchaseOrder)
                .evidence("Goods received", goodsReceived ? "yes" : "not confirmed")
                .risk(level, amount.divide(BigDecimal.valueOf(1_000)).min(BigDecimal.valueOf(100)).doubleValue(),
                        reasons)
                .proposedBy(AGENT, "payout-" + invoiceId)
                .requestedBy(invoice);
        return draft.build();
    }
}
