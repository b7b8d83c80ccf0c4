package dev.countersign.example;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The irreversible example's agent step: a customer asked for their data to be erased; the agent checked the request
 * and lists what would be erased where, and what the law makes the shop keep. Erasing cannot be undone, so the routing
 * rules ask two named people, both of whom must approve, and fail the workflow if they do not answer in time. A
 * team's model goes here; the example's rules are fixed.
 *
 * <p>Input: {@code {"customerId", "email", "requestedAt", "channel"?, "systems": ["orders", ...],
 * "requester": {"email", "name"?}}}, or {@code {"proposal": {...}}} (a ready proposal, checked by
 * {@link ExampleWorkflow#DATA_ERASURE}). Output: a Proposal.
 */
public final class ErasureAgentFunction extends JsonStep {
    public static final String WORKFLOW = "customer-data";
    public static final String ACTION_TYPE = "customer-data.delete";
    public static final String AGENT = "privacy-agent";

    @Override
    public ObjectNode handle(JsonNode input) {
        java.util.Optional<ObjectNode> ready = ExampleWorkflow.DATA_ERASURE.adopt(input);
        if (ready.isPresent()) {
            return ready.get();
        }
        RequestFields request = RequestFields.of("erasure request", input, "{\"customerId\": \"C-20931\","
                + " \"email\": \"jo@customer.example\", \"requestedAt\": \"2026-12-01\", \"systems\": [\"orders\"],"
                + " \"requester\": {\"email\": ...}}");
        String customerId = request.text("customerId", "\"customerId\": \"C-20931\"");
        String email = request.email("email", "\"email\": \"jo@customer.example\"");
        String requestedAt = request.text("requestedAt", "\"requestedAt\": \"2026-12-01\"");
        String channel = request.optionalText("channel", "the privacy form");
        List<String> systems = new ArrayList<>();
        request.node().path("systems").forEach(s -> {
            if (s.isTextual() && !s.asText().isBlank()) {
                systems.add(s.asText().strip());
            }
        });
        if (systems.isEmpty()) {
            throw new IllegalArgumentException("erasure request field 'systems' is missing or empty: list where the"
                    + " customer's data is, e.g. \"systems\": [\"orders\", \"crm\", \"newsletter\"]");
        }

        ProposalDraft draft = new ProposalDraft("erasure-" + customerId, WORKFLOW, ACTION_TYPE,
                "Erase all data of customer " + customerId + " (" + email + ") from " + String.join(", ", systems));
        ObjectNode params = draft.params();
        params.put("customerId", customerId);
        params.put("email", email);
        params.put("systems", String.join(", ", systems));
        params.put("kept", "invoices (10-year legal retention)");
        draft.reasoning("The customer asked on " + requestedAt + ", through " + channel + ", for their data to be"
                        + " erased. The request came from the address on the account, so it is theirs. Erasing"
                        + " removes the customer from " + String.join(", ", systems) + " for good; invoices stay, as"
                        + " the law requires. This cannot be undone: both named approvers must agree.")
                .evidence("Request", "received " + requestedAt + " through " + channel)
                .evidence("Customer", customerId + " <" + email + ">")
                .evidence("Systems to erase", String.join(", ", systems))
                .evidence("Kept by law", "invoices, 10 years")
                .risk("critical", 90, List.of("irreversible: erased data cannot be restored"))
                .proposedBy(AGENT, "erasure-" + customerId)
                .requestedBy(request);
        return draft.build();
    }
}
