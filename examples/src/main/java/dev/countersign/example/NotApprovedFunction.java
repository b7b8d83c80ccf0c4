package dev.countersign.example;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.core.Decision;
import dev.countersign.core.json.Json;

/**
 * The not-approved path of the payout, publishing, customer-message and erasure examples (rejected, timed out or
 * cancelled): nothing is done, and the request goes back to the people who handle it by hand — the record the
 * workflow then writes is their queue. Refuses an APPROVED decision: the workflow's Choice must route that to the
 * action.
 *
 * <p>Input {@code {"proposal", "decision"}}; output {@code {"record": "<queue>/<key>", "workflow", "outcome",
 * "status": "RETURNED", "notice", "approvalId", "decidedBy", "draft"?}}: payouts are held for accounts payable
 * ({@code payout-held/<invoiceId>}), drafts return to their author ({@code draft-returned/<slug>}), customer tickets
 * go back to the human support queue with the agent's draft ({@code support-queue/<ticketId>}), erasure requests go
 * to the privacy team ({@code erasure-declined/<customerId>}).
 */
public final class NotApprovedFunction extends JsonStep {

    @Override
    public ObjectNode handle(JsonNode input) {
        ApprovedAction request = ApprovedAction.read(input, "not-approved");
        Decision decision = request.decision();
        if (request.approved()) {
            throw new IllegalStateException("not-approved was given an APPROVED decision (approval "
                    + decision.approvalId() + "): the workflow's Choice state must route APPROVED to the action");
        }
        ObjectNode params = request.proposal().action().params();
        String workflow = request.proposal().workflow();
        String why = DecisionText.whyNot(decision);
        ObjectNode result = Json.object();
        String record;
        String notice;
        switch (workflow) {
            case PayoutAgentFunction.WORKFLOW -> {
                record = "payout-held/" + params.path("invoiceId").asText();
                notice = "Invoice " + params.path("invoiceId").asText() + " is not paid: " + why + ". Accounts payable"
                        + " keeps it for the next payment run.";
            }
            case ArticleAgentFunction.WORKFLOW -> {
                record = "draft-returned/" + params.path("slug").asText();
                notice = "The draft \"" + params.path("headline").asText() + "\" is not published: " + why + ". It"
                        + " goes back to its author.";
            }
            case ReplyAgentFunction.WORKFLOW -> {
                record = "support-queue/" + params.path("ticketId").asText();
                notice = "Ticket " + params.path("ticketId").asText() + " is back in the support queue: the reply was"
                        + " not sent because " + why + ". A person answers it; the agent's draft is attached.";
                result.set("draft", params.get("body"));
            }
            case ErasureAgentFunction.WORKFLOW -> {
                record = "erasure-declined/" + params.path("customerId").asText();
                notice = "Customer " + params.path("customerId").asText() + "'s data was not erased: " + why + ". The"
                        + " privacy team answers the request.";
            }
            default -> {
                record = "not-approved/" + decision.approvalId();
                notice = "Nothing was done: " + why + ".";
            }
        }
        result.put("record", record);
        result.put("workflow", workflow);
        result.put("outcome", decision.outcome().wireName());
        result.put("status", "RETURNED");
        result.put("notice", notice);
        result.put("approvalId", decision.approvalId());
        result.put("decidedBy", decision.decidedBy());
        return result;
    }
}
