package dev.countersign.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.core.json.CanonicalJson;
import dev.countersign.core.json.Json;
import dev.countersign.core.json.NodePath;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What an agent asks a person to approve (contract {@code proposal-1.schema.json}). Optional scalars are null when
 * absent; absent lists are empty.
 *
 * <p>{@link #toJson()} writes the <em>normalised</em> proposal: members in schema order, absent optional members
 * left out, {@code evidence} and {@code risk.reasons} always present. It is what gets stored, shown and hashed:
 * {@link #hash()} is SHA-256 over its RFC 8785 canonical form, so "no evidence" and {@code "evidence": []}, or
 * {@code 1} and {@code 1.0}, give the same hash — they are the same proposal to the approver.
 *
 * @param proposalId optional idempotency key chosen by the sender
 * @param workflow   the workflow or use case
 * @param action     what the agent wants to do
 * @param reasoning  the agent's why
 * @param evidence   facts for the approver to check
 * @param risk       the agent's own risk estimate
 * @param proposedBy the software that proposed it
 * @param requester  the person on whose behalf the agent acts
 * @param routing    hints for who should approve; {@link Routing#NONE} when absent
 */
public record Proposal(String proposalId, String workflow, Action action, String reasoning, List<Evidence> evidence,
                       Risk risk, ProposedBy proposedBy, Requester requester, Routing routing) {

    public Proposal {
        Objects.requireNonNull(workflow, "workflow");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(reasoning, "reasoning");
        evidence = evidence == null ? List.of() : List.copyOf(evidence);
        Objects.requireNonNull(risk, "risk");
        Objects.requireNonNull(proposedBy, "proposedBy");
        Objects.requireNonNull(requester, "requester");
        routing = routing == null ? Routing.NONE : routing;
    }

    /**
     * What to do.
     *
     * @param params  the action's parameters; copied in and out, because JSON trees are mutable
     * @param display how some parameters read, by their path as the review page shows it ("amount", "items[0].price");
     *                empty when the agent gives none. It changes how values are shown, never the values.
     */
    public record Action(String type, String summary, ObjectNode params, Map<String, ParamFormat> display) {
        public Action {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(summary, "summary");
            params = (ObjectNode) Json.copy(Objects.requireNonNull(params, "params"));
            display = display == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(display));
        }

        /** An action without display hints. */
        public Action(String type, String summary, ObjectNode params) {
            this(type, summary, params, Map.of());
        }

        @Override
        public ObjectNode params() {
            return (ObjectNode) Json.copy(params);
        }

        /** How the parameter at {@code path} reads, or null when the agent did not say. */
        public ParamFormat format(String path) {
            return display.get(path);
        }
    }

    /** A fact the approver should check; {@code url} (http or https) is null when there is no link. */
    public record Evidence(String label, String value, String url) {
        public Evidence {
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(value, "value");
        }
    }

    /** The agent's own risk estimate; {@code score} (0 to 100) is null when not given. */
    public record Risk(RiskLevel level, Double score, List<String> reasons) {
        public Risk {
            Objects.requireNonNull(level, "level");
            reasons = reasons == null ? List.of() : List.copyOf(reasons);
        }
    }

    /** The proposing software; {@code model} and {@code runId} are null when not given. */
    public record ProposedBy(String agent, String model, String runId) {
        public ProposedBy {
            Objects.requireNonNull(agent, "agent");
        }
    }

    /**
     * The person on whose behalf the agent acts, identified by email address: the identity approvers have too, so
     * separation of duties is one comparison ({@link #isSamePersonAs}). An object rather than a bare string so
     * that an identity-provider subject or a display name can be added without a breaking change.
     */
    public record Requester(String email, String name) {
        public Requester {
            Objects.requireNonNull(email, "email");
        }

        /** True when {@code otherEmail} is this requester's mailbox (case-insensitive). */
        public boolean isSamePersonAs(String otherEmail) {
            return EmailAddress.sameMailbox(email, otherEmail);
        }
    }

    /** Hints for who should approve; both lists empty when the proposal gives none. */
    public record Routing(List<String> approvers, List<String> teams) {
        public static final Routing NONE = new Routing(List.of(), List.of());

        public Routing {
            approvers = approvers == null ? List.of() : List.copyOf(approvers);
            teams = teams == null ? List.of() : List.copyOf(teams);
        }

        public boolean isEmpty() {
            return approvers.isEmpty() && teams.isEmpty();
        }
    }

    /** SHA-256 (lower-case hex) of the canonical normalised proposal; see the class comment. */
    public String hash() {
        return CanonicalJson.sha256Hex(toJson());
    }

    /**
     * Maps a proposal that {@code ProposalValidator} accepted. Unvalidated input fails at its first problem with
     * an {@link IllegalArgumentException} naming the path; use the validator to learn every problem.
     */
    public static Proposal fromJson(JsonNode json) {
        ContractReader root = ContractReader.of(json, NodePath.root(), "the proposal");
        ContractReader action = root.object("action");
        ContractReader risk = root.object("risk");
        ContractReader proposedBy = root.object("proposedBy");
        ContractReader requester = root.object("requester");
        ContractReader routing = root.optionalObject("routing");
        return new Proposal(
                root.optionalText("proposalId"),
                root.text("workflow"),
                new Action(action.text("type"), action.text("summary"), action.objectNode("params"),
                        display(action.optionalObject("display"))),
                root.text("reasoning"),
                root.objects("evidence").stream()
                        .map(e -> new Evidence(e.text("label"), e.text("value"), e.optionalText("url")))
                        .toList(),
                new Risk(RiskLevel.fromWire(risk.text("level")), risk.optionalNumber("score"), risk.textList("reasons")),
                new ProposedBy(proposedBy.text("agent"), proposedBy.optionalText("model"),
                        proposedBy.optionalText("runId")),
                new Requester(requester.text("email"), requester.optionalText("name")),
                routing == null ? Routing.NONE : new Routing(routing.textList("approvers"), routing.textList("teams")));
    }

    private static Map<String, ParamFormat> display(ContractReader display) {
        Map<String, ParamFormat> formats = new LinkedHashMap<>();
        if (display != null) {
            for (String path : display.names()) {
                ContractReader format = display.object(path);
                formats.put(path, new ParamFormat(ParamFormat.Kind.fromWire(format.text("as")),
                        format.optionalText("currency"), format.optionalBoolean("fraction"),
                        format.optionalText("unit")));
            }
        }
        return formats;
    }

    /** The normalised JSON (see the class comment); a new tree on every call. */
    public ObjectNode toJson() {
        ObjectNode json = Json.object();
        if (proposalId != null) {
            json.put("proposalId", proposalId);
        }
        json.put("workflow", workflow);
        ObjectNode actionJson = json.putObject("action");
        actionJson.put("type", action.type());
        actionJson.put("summary", action.summary());
        actionJson.set("params", action.params());
        if (!action.display().isEmpty()) {
            ObjectNode displayJson = actionJson.putObject("display");
            action.display().forEach((path, format) -> displayJson.set(path, format.toJson()));
        }
        json.put("reasoning", reasoning);
        ArrayNode evidenceJson = json.putArray("evidence");
        for (Evidence item : evidence) {
            ObjectNode itemJson = evidenceJson.addObject().put("label", item.label()).put("value", item.value());
            if (item.url() != null) {
                itemJson.put("url", item.url());
            }
        }
        ObjectNode riskJson = json.putObject("risk").put("level", risk.level().wireName());
        if (risk.score() != null) {
            riskJson.put("score", risk.score());
        }
        ArrayNode reasons = riskJson.putArray("reasons");
        risk.reasons().forEach(reasons::add);
        ObjectNode proposedByJson = json.putObject("proposedBy").put("agent", proposedBy.agent());
        if (proposedBy.model() != null) {
            proposedByJson.put("model", proposedBy.model());
        }
        if (proposedBy.runId() != null) {
            proposedByJson.put("runId", proposedBy.runId());
        }
        ObjectNode requesterJson = json.putObject("requester").put("email", requester.email());
        if (requester.name() != null) {
            requesterJson.put("name", requester.name());
        }
        if (!routing.isEmpty()) {
            ObjectNode routingJson = json.putObject("routing");
            if (!routing.approvers().isEmpty()) {
                ArrayNode approvers = routingJson.putArray("approvers");
                routing.approvers().forEach(approvers::add);
            }
            if (!routing.teams().isEmpty()) {
                ArrayNode teams = routingJson.putArray("teams");
                routing.teams().forEach(teams::add);
            }
        }
        return json;
    }
}
