package dev.countersign.functions.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.approval.EscalationLevel;
import dev.countersign.approval.LevelTerms;
import dev.countersign.contract.ProposalCheck;
import dev.countersign.contract.ProposalValidator;
import dev.countersign.core.Proposal;
import dev.countersign.core.json.Json;
import dev.countersign.views.EditableParam;
import dev.countersign.views.ParamChange;
import dev.countersign.views.ParamRow;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The parameters an approver may change before approving, and the changes a review form asks for. Only top-level
 * members of {@code action.params} the level's terms list, holding a string, number or boolean, are editable, and
 * only at a level one approval decides (several approvers cannot each approve a different proposal). A changed
 * proposal must still satisfy the proposal contract; its hash is what the Decision then names.
 */
public final class ParameterChanges {
    private static final Pattern NUMBER = Pattern.compile("-?(?:0|[1-9][0-9]*)(?:\\.[0-9]+)?(?:[eE][+-]?[0-9]+)?");

    private ParameterChanges() {
    }

    /** What a review form asked for: nothing, changes to approve, or a refusal with what to tell the approver. */
    public sealed interface Requested {
    }

    /** No parameter differs from the proposal. */
    public record Unchanged() implements Requested {
    }

    /**
     * Changes that may be approved.
     *
     * @param approved             changed names with their approved values
     * @param proposed             the same names with their proposed values (the audit diff)
     * @param approvedProposalHash SHA-256 of the proposal with the changes applied
     * @param shown                the changes as the pages and the receipt show them
     */
    public record Changed(ObjectNode approved, ObjectNode proposed, String approvedProposalHash,
                          List<ParamChange> shown) implements Requested {
    }

    /** A change that may not be made: {@code notAllowed} for a parameter the rule does not offer. */
    public record Refused(boolean notAllowed, String detail) implements Requested {
    }

    /** The editable fields of the review page, showing {@code typed} values where the approver entered some. */
    public static List<EditableParam> editable(Proposal proposal, EscalationLevel level, LevelTerms terms,
                                               Map<String, String> typed) {
        if (level.quorum() != 1) {
            return List.of();
        }
        ObjectNode params = proposal.action().params();
        List<EditableParam> fields = new ArrayList<>();
        for (String name : terms.modifiable()) {
            JsonNode value = params.get(name);
            if (isEditable(value)) {
                fields.add(new EditableParam(name, text(value), typed.get(name)));
            }
        }
        return fields;
    }

    /**
     * Reads the {@code modify:<name>} fields of a form (given without the prefix). A field for a parameter that is
     * not editable here is refused even when its value is unchanged: the form never offers it, so it was crafted.
     */
    public static Requested read(Map<String, String> typed, Proposal proposal, EscalationLevel level,
                                 LevelTerms terms) {
        if (typed.isEmpty()) {
            return new Unchanged();
        }
        ObjectNode params = proposal.action().params();
        List<String> offered = editable(proposal, level, terms, Map.of()).stream().map(EditableParam::path).toList();
        ObjectNode approved = Json.object();
        ObjectNode proposed = Json.object();
        List<ParamChange> shown = new ArrayList<>();
        for (Map.Entry<String, String> field : typed.entrySet()) {
            String name = field.getKey();
            if (!offered.contains(name)) {
                return new Refused(true, "'" + clip(name) + "' may not be changed here; "
                        + (offered.isEmpty() ? "no parameter of this request may be changed"
                        : "only " + String.join(", ", offered) + " may be changed")
                        + (level.quorum() != 1 ? " (a level that needs " + level.quorum() + " approvals cannot"
                        + " approve changes)" : ""));
            }
            JsonNode original = params.get(name);
            String given = field.getValue();
            if (given.equals(text(original))) {
                continue;
            }
            JsonNode value = parse(original, given);
            if (value == null) {
                return new Refused(false, "'" + name + "' must be " + (original.isNumber() ? "a number, e.g. "
                        + text(original) : "true or false") + "; got \"" + clip(given) + "\"");
            }
            if (value.equals(original) || value.isNumber() && original.isNumber()
                    && value.decimalValue().compareTo(original.decimalValue()) == 0) {
                continue;
            }
            approved.set(name, value);
            proposed.set(name, original);
            shown.add(new ParamChange(name, text(original), text(value)));
        }
        if (approved.isEmpty()) {
            return new Unchanged();
        }
        ObjectNode changed = proposal.toJson();
        ObjectNode changedParams = (ObjectNode) changed.path("action").path("params");
        approved.properties().forEach(e -> changedParams.set(e.getKey(), e.getValue()));
        ProposalCheck check = ProposalValidator.instance().check(changed);
        if (check instanceof ProposalCheck.Rejected rejected) {
            List<String> problems = rejected.violations().stream().limit(3)
                    .map(v -> v.path() + ": " + v.message()).toList();
            return new Refused(false, "the changed request is not valid: " + String.join("; ", problems));
        }
        return new Changed(approved, proposed, ((ProposalCheck.Accepted) check).proposalHash(), shown);
    }

    private static boolean isEditable(JsonNode value) {
        return value != null && (value.isTextual() || value.isNumber() || value.isBoolean());
    }

    /** A typed value in the type of the proposed one, or null when it cannot be. */
    private static JsonNode parse(JsonNode original, String given) {
        if (original.isTextual()) {
            // A browser submits a textarea's line breaks as CRLF: an untouched multi-line text is no change.
            return Json.nodes().textNode(original.textValue().indexOf('\r') < 0 ? given.replace("\r\n", "\n")
                    : given);
        }
        String text = given.strip();
        if (original.isNumber()) {
            if (!NUMBER.matcher(text).matches()) {
                return null;
            }
            // As canonical JSON writes it (1200.00 is 1200), so the page, the diff and the hash agree.
            BigDecimal number = new BigDecimal(text).stripTrailingZeros();
            return Json.nodes().numberNode(number.scale() < 0 ? number.setScale(0) : number);
        }
        if (text.equals("true") || text.equals("false")) {
            return Json.nodes().booleanNode(text.equals("true"));
        }
        return null;
    }

    /** A scalar as the page shows it (strings without quotes, decimals as written). */
    private static String text(JsonNode value) {
        return ParamRow.fromJson(value).get(0).value();
    }

    private static String clip(String text) {
        return text.length() <= 80 ? text : text.substring(0, 79) + "…";
    }
}
