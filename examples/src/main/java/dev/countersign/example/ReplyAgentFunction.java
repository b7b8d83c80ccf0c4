package dev.countersign.example;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The customer-message example's agent step: drafts the reply to a customer's message from the ticket and the order
 * it is about, and asks a support lead to approve it before it is sent (the routing rules let them edit the subject
 * and the body). A team's model goes here; the example answers with fixed rules, so the same ticket always gives the
 * same draft.
 *
 * <p>Input: {@code {"ticketId", "customer": {"email", "name"?}, "subject", "message", "order"?: {"id", "status",
 * "carrier"?, "tracking"?}, "requester": {"email", "name"?}}}, or {@code {"proposal": {...}}} (a ready proposal,
 * checked by {@link ExampleWorkflow#CUSTOMER_REPLY}). Output: a Proposal.
 */
public final class ReplyAgentFunction extends JsonStep {
    public static final String WORKFLOW = "customer-messages";
    public static final String ACTION_TYPE = "message.send";
    public static final String AGENT = "support-agent";

    @Override
    public ObjectNode handle(JsonNode input) {
        java.util.Optional<ObjectNode> ready = ExampleWorkflow.CUSTOMER_REPLY.adopt(input);
        if (ready.isPresent()) {
            return ready.get();
        }
        RequestFields ticket = RequestFields.of("support ticket", input, "{\"ticketId\": \"T-5512\", \"customer\":"
                + " {\"email\": \"dana@customer.example\"}, \"subject\": \"Where is my order?\", \"message\": \"...\","
                + " \"requester\": {\"email\": ...}}");
        String ticketId = ticket.text("ticketId", "\"ticketId\": \"T-5512\"");
        RequestFields customer = ticket.object("customer", "\"customer\": {\"email\": \"dana@customer.example\"}");
        String to = customer.email("email", "\"customer\": {\"email\": \"dana@customer.example\"}");
        String name = customer.optionalText("name", null);
        String subject = RequestFields.oneLine(ticket.text("subject", "\"subject\": \"Where is my order?\""));
        String message = ticket.text("message", "\"message\": \"My order has not arrived.\"");
        JsonNode order = ticket.node().path("order");

        StringBuilder body = new StringBuilder("Hello ").append(name == null ? "" : name.split(" ")[0])
                .append(name == null ? "there" : "").append(",\n\nthank you for your message.");
        String status = order.path("status").asText("");
        if (order.hasNonNull("id")) {
            body.append(" Your order ").append(order.path("id").asText());
            if (status.equals("shipped")) {
                body.append(" is on its way").append(order.hasNonNull("carrier") ? " with "
                        + order.path("carrier").asText() : "").append('.');
                if (order.hasNonNull("tracking")) {
                    body.append(" You can follow it with the tracking number ")
                            .append(order.path("tracking").asText()).append('.');
                }
            } else {
                body.append(" is ").append(status.isBlank() ? "being prepared" : status).append('.');
            }
        } else {
            body.append(" We are looking into it and will write again within one working day.");
        }
        body.append("\n\nIf anything else is wrong, just reply to this email.\n\nKind regards,\nCustomer support");

        ProposalDraft draft = new ProposalDraft("reply-" + ticketId, WORKFLOW, ACTION_TYPE,
                "Send a reply to " + to + " about ticket " + ticketId + " (" + subject + ")");
        ObjectNode params = draft.params();
        params.put("ticketId", ticketId);
        params.put("to", to);
        params.put("subject", RequestFields.clip(subject.startsWith("Re:") ? subject : "Re: " + subject, 200));
        params.put("body", RequestFields.clip(body.toString(), 4000));
        draft.reasoning("The customer wrote about " + (order.hasNonNull("id") ? "order "
                        + order.path("id").asText() + " (status: " + (status.isBlank() ? "unknown" : status) + ")"
                        : "an order I could not find") + ". The reply states only what the order record says and"
                        + " promises nothing else. It goes to the customer only after a person approves it; edit the"
                        + " subject or the body if it should say something else.")
                .evidence("Customer's message", message)
                .evidence("Customer", name == null ? to : name + " <" + to + ">")
                .evidence("Order", !order.hasNonNull("id") ? "not found" : order.path("id").asText() + ": "
                        + (status.isBlank() ? "status unknown" : status)
                        + (order.hasNonNull("carrier") ? ", carrier " + order.path("carrier").asText() : "")
                        + (order.hasNonNull("tracking") ? ", tracking " + order.path("tracking").asText() : ""))
                .risk("low", 10, List.of("a customer-facing message; no money moves"))
                .proposedBy(AGENT, "reply-" + ticketId)
                .requestedBy(ticket);
        return draft.build();
    }
}
