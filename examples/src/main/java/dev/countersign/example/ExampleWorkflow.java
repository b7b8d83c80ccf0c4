package dev.countersign.example;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The example workflows: what each one acts on, so that its agent step, {@code ./countersign propose} and the tests
 * agree on which proposals it takes. Each workflow starts from a request for its agent (an order, an invoice, a
 * ticket…) or from a ready proposal ({@code {"proposal": {...}}}, what {@code ./countersign propose} sends): its agent
 * step then only checks that the proposal is one this workflow can act on, and passes it on.
 */
public enum ExampleWorkflow {
    REFUND("refund-workflow", "money: a refund, issued only once approved", RefundAgentFunction.WORKFLOW,
            RefundAgentFunction.ACTION_TYPE, "refund.json", Param.text("orderId"), Param.number("amount"),
            Param.text("currency")),
    PAYOUT("payout-workflow", "money: a supplier payout, sent only once approved", PayoutAgentFunction.WORKFLOW,
            PayoutAgentFunction.ACTION_TYPE, "payout.json", Param.text("invoiceId"), Param.text("payeeName"),
            Param.number("amount"), Param.text("currency")),
    ARTICLE("publish-workflow", "publishing: an editor edits the agent's draft, two of three editors sign it off",
            ArticleAgentFunction.WORKFLOW, ArticleAgentFunction.ACTION_TYPE, "article.json", Param.text("slug"),
            Param.text("headline"), Param.text("body"), Param.text("section")),
    CUSTOMER_REPLY("customer-reply-workflow", "customer message: the agent's reply, sent by SES once approved",
            ReplyAgentFunction.WORKFLOW, ReplyAgentFunction.ACTION_TYPE, "customer-reply.json",
            Param.text("ticketId"), Param.text("to"), Param.text("subject"), Param.text("body")),
    DATA_ERASURE("customer-data-erasure-workflow", "irreversible: erase a customer's data, two named people approve",
            ErasureAgentFunction.WORKFLOW, ErasureAgentFunction.ACTION_TYPE, "customer-data-erasure.json",
            Param.text("customerId"), Param.text("email"), Param.text("systems"));

    /** Where the sample proposals live, relative to the repository root. */
    public static final String SAMPLES = "examples/proposals";

    private final String stateMachine;
    private final String description;
    private final String workflow;
    private final String actionType;
    private final String sample;
    private final List<Param> params;

    ExampleWorkflow(String stateMachine, String description, String workflow, String actionType, String sample,
                    Param... params) {
        this.stateMachine = stateMachine;
        this.description = description;
        this.workflow = workflow;
        this.actionType = actionType;
        this.sample = sample;
        this.params = List.of(params);
    }

    /** The state machine's name (without the deployment's prefix), e.g. {@code payout-workflow}. */
    public String stateMachine() {
        return stateMachine;
    }

    /**
     * The state machine's name in PascalCase ({@code PayoutWorkflow}): its construct id, hence the stack's
     * {@code ${PayoutWorkflowArn}} substitution and {@code PayoutWorkflowStateMachineArn} output.
     */
    public String pascalName() {
        StringBuilder name = new StringBuilder();
        for (String part : stateMachine.split("-")) {
            name.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return name.toString();
    }

    /** One line for the banner and the README. */
    public String description() {
        return description;
    }

    /** The proposal's {@code workflow} this example acts on. */
    public String workflow() {
        return workflow;
    }

    /** The proposal's {@code action.type} this example acts on. */
    public String actionType() {
        return actionType;
    }

    /** The sample proposal, e.g. {@code examples/proposals/payout.json}. */
    public String sampleFile() {
        return SAMPLES + "/" + sample;
    }

    /** The example whose state machine is {@code stateMachine}. */
    public static Optional<ExampleWorkflow> byStateMachine(String stateMachine) {
        return Arrays.stream(values()).filter(w -> w.stateMachine.equals(stateMachine)).findFirst();
    }

    /**
     * Why this workflow cannot act on {@code proposal} (a proposal valid by its contract): another workflow or action
     * type, or a parameter its steps read that is missing or of the wrong type. Empty when it can.
     */
    public List<String> problems(JsonNode proposal) {
        List<String> problems = new ArrayList<>();
        if (!workflow.equals(proposal.path("workflow").asText())) {
            problems.add("$.workflow: " + stateMachine + " acts on proposals of workflow '" + workflow + "', not '"
                    + proposal.path("workflow").asText() + "'");
        }
        if (!actionType.equals(proposal.path("action").path("type").asText())) {
            problems.add("$.action.type: " + stateMachine + " acts on '" + actionType + "', not '"
                    + proposal.path("action").path("type").asText() + "'");
        }
        JsonNode given = proposal.path("action").path("params");
        for (Param param : params) {
            JsonNode value = given.get(param.name());
            if (value == null || (param.number() ? !value.isNumber() : !value.isTextual() || value.asText().isBlank())) {
                problems.add("$.action.params." + param.name() + ": " + stateMachine + " needs it as "
                        + (param.number() ? "a number" : "a non-empty string") + (value == null ? "; it is missing"
                        : "; it is " + value.getNodeType().name().toLowerCase(java.util.Locale.ROOT)));
            }
        }
        return problems;
    }

    /**
     * The agent step's input when it is a ready proposal ({@code {"proposal": {...}}}): the proposal, checked that
     * this workflow can act on it (the gate's Route step then checks its contract, listing every violation). Empty
     * when the input is a request for the agent instead.
     *
     * @throws IllegalArgumentException listing why this workflow cannot act on the proposal
     */
    Optional<ObjectNode> adopt(JsonNode input) {
        if (input == null || !input.isObject() || !input.has("proposal")) {
            return Optional.empty();
        }
        JsonNode proposal = input.get("proposal");
        if (!proposal.isObject()) {
            throw new IllegalArgumentException(stateMachine + " was started with a \"proposal\" that is not a JSON"
                    + " object: start it with {\"proposal\": {...}} (see " + sampleFile() + ")");
        }
        List<String> problems = problems(proposal);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(stateMachine + " cannot act on this proposal: "
                    + String.join("; ", problems) + " (see " + sampleFile() + ")");
        }
        return Optional.of((ObjectNode) proposal.deepCopy());
    }

    /** A parameter the workflow's steps read from {@code action.params}. */
    private record Param(String name, boolean number) {
        static Param text(String name) {
            return new Param(name, false);
        }

        static Param number(String name) {
            return new Param(name, true);
        }
    }
}
