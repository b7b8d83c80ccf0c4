package dev.countersign.functions.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.approval.EscalationLevel;
import dev.countersign.approval.LevelTerms;
import dev.countersign.approval.ParamBounds;
import dev.countersign.contract.ProposalCheck;
import dev.countersign.contract.ProposalValidator;
import dev.countersign.core.ParamFormat;
import dev.countersign.core.Proposal;
import dev.countersign.core.json.Json;
import dev.countersign.views.EditableParam;
import dev.countersign.views.ParamChange;
import dev.countersign.views.ParamRow;
import dev.countersign.views.internal.ValueFormat;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The parameters an approver may change before approving, and the changes a review form asks for. Only top-level
 * members of {@code action.params} the level's terms list, each within its bounds ({@link ParamBounds}), and only at
 * a level one approval decides (several approvers cannot each approve a different proposal). A changed proposal must
 * still satisfy the proposal contract and must be routed the same way again ({@link Rerouting}); its hash is what the
 * Decision then names.
 */
public final class ParameterChanges {
    private static final Pattern NUMBER = Pattern.compile("-?(?:0|[1-9][0-9]*)(?:\\.[0-9]+)?(?:[eE][+-]?[0-9]+)?");

    private ParameterChanges() {
    }

    /** Whether a changed proposal still takes the route the request was asked on. */
    @FunctionalInterface
    public interface Rerouting {
        /**
         * Why {@code changed} may not be approved here ({@link Refusal#REROUTED}: another rule, more approvers;
         * {@link Refusal#UNCHECKED}: it cannot be routed again here), or null when it may.
         */
        Refused refusal(Proposal changed);
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

    /** Why a change may not be made. */
    public enum Refusal {
        /** A parameter the rule does not offer here. */
        NOT_ALLOWED,
        /** A value that is not of the parameter's kind, outside its bounds, or breaks the proposal contract. */
        INVALID,
        /** The changed proposal would be routed differently (another rule, more approvers). */
        REROUTED,
        /** The changed proposal cannot be routed again here (no rules file): nothing changed is approved. */
        UNCHECKED
    }

    /** A change that may not be made, and what to tell the approver. */
    public record Refused(Refusal reason, String detail) implements Requested {
    }

    /** The editable fields of the review page, showing {@code typed} values where the approver entered some. */
    public static List<EditableParam> editable(Proposal proposal, EscalationLevel level, LevelTerms terms,
                                               Map<String, String> typed) {
        if (level.quorum() != 1) {
            return List.of();
        }
        ObjectNode params = proposal.action().params();
        List<EditableParam> fields = new ArrayList<>();
        for (ParamBounds bounds : terms.modifiable()) {
            JsonNode value = params.get(bounds.param());
            if (bounds.fits(value)) {
                fields.add(field(bounds, value, proposal.action().format(bounds.param()), typed.get(bounds.param())));
            }
        }
        return fields;
    }

    private static EditableParam field(ParamBounds bounds, JsonNode value, ParamFormat format, String typed) {
        String shown = ParamRow.fromJson(Json.object().set(bounds.param(), value),
                format == null ? Map.of() : Map.of(bounds.param(), format)).get(0).shown();
        String input = inputText(value, format);
        if (bounds instanceof ParamBounds.Number number) {
            boolean money = format != null && format.as() == ParamFormat.Kind.MONEY;
            String suffix = format == null ? "" : format.as() == ParamFormat.Kind.PERCENT && !format.fraction() ? "%"
                    : format.as() == ParamFormat.Kind.NUMBER && format.unit() != null ? format.unit() : "";
            return new EditableParam(bounds.param(), shown, input, typed, EditableParam.Input.NUMBER,
                    money ? format.currency() : "", suffix, numberBounds(number, value, format), List.of(), 0);
        }
        if (bounds instanceof ParamBounds.Text text) {
            return new EditableParam(bounds.param(), shown, input, typed, text.multiline()
                    ? EditableParam.Input.MULTILINE : EditableParam.Input.LINE, "", "", "Up to "
                    + ValueFormat.grouped(BigDecimal.valueOf(text.maxLength())) + " characters"
                    + (text.multiline() ? "; line breaks allowed." : ", on one line."), List.of(), text.maxLength());
        }
        if (bounds instanceof ParamBounds.Choice choice) {
            List<String> choices = new ArrayList<>(choice.choices());
            if (!choices.contains(input)) {
                choices.add(0, input); // the proposed value stays selectable: approving it unchanged is allowed
            }
            return new EditableParam(bounds.param(), shown, input, typed, EditableParam.Input.CHOICE, "", "",
                    "One of: " + String.join(", ", choice.choices()) + ".", choices, 0);
        }
        return new EditableParam(bounds.param(), shown, input, typed, EditableParam.Input.CHOICE, "", "", "",
                List.of("true", "false"), 0);
    }

    /** "From EUR 1,000.01 to EUR 1,500.00, the proposed value; at most 2 decimals." */
    private static String numberBounds(ParamBounds.Number number, JsonNode value, ParamFormat format) {
        BigDecimal proposed = ParamBounds.Number.value(value);
        ParamBounds.NumberText shown = ValueFormat.numbers(format);
        String from = shown.format(number.minimum().against(proposed))
                + (number.minimum().isProposed() ? " (the proposed value)" : "");
        String to = shown.format(number.maximum().against(proposed))
                + (number.maximum().isProposed() ? " (the proposed value)" : "");
        Integer decimals = number.decimals();
        String places = decimals == null ? "" : decimals == 0 ? "; whole numbers only"
                : "; at most " + decimals + (decimals == 1 ? " decimal" : " decimals");
        String fraction = format != null && format.as() == ParamFormat.Kind.PERCENT && format.fraction()
                ? " Enter a fraction: 0.15 is 15 %." : "";
        return "From " + from + " to " + to + places + "." + fraction;
    }

    /** What an input holds for the proposed value: money with its currency's decimals, anything else as written. */
    private static String inputText(JsonNode value, ParamFormat format) {
        BigDecimal number = ParamBounds.Number.value(value);
        if (number != null && value.isNumber() && format != null && format.as() == ParamFormat.Kind.MONEY) {
            return ValueFormat.withMinorUnits(number, format.currency()).toPlainString();
        }
        return ParamRow.text(value);
    }

    /**
     * Reads the {@code modify:<name>} fields of a form (given without the prefix). A field for a parameter that is
     * not editable here is refused even when its value is unchanged: the form never offers it, so it was crafted.
     */
    public static Requested read(Map<String, String> typed, Proposal proposal, EscalationLevel level,
                                 LevelTerms terms, Rerouting rerouting) {
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
                return new Refused(Refusal.NOT_ALLOWED, "'" + clip(name) + "' may not be changed here; "
                        + (offered.isEmpty() ? "no parameter of this request may be changed"
                        : "only " + String.join(", ", offered) + " may be changed")
                        + (level.quorum() != 1 ? " (a level that needs " + level.quorum() + " approvals cannot"
                        + " approve changes)" : ""));
            }
            JsonNode original = params.get(name);
            ParamBounds bounds = terms.bounds(name);
            ParamFormat format = proposal.action().format(name);
            JsonNode value = parse(original, field.getValue(), bounds);
            if (value == null) {
                return new Refused(Refusal.INVALID, "'" + name + "' must be " + (bounds instanceof ParamBounds.Number
                        ? "a number written with digits and a point, e.g. " + inputText(original, format)
                        + " (no thousands separators or currency)" : "true or false") + "; got \""
                        + clip(field.getValue()) + "\"");
            }
            if (same(value, original)) {
                continue;
            }
            String breach = bounds.breach(original, value, ValueFormat.numbers(format));
            if (breach != null) {
                return new Refused(Refusal.INVALID, "'" + name + "' " + breach + ".");
            }
            approved.set(name, value);
            proposed.set(name, original);
            ParamRow before = row(name, original, format);
            ParamRow after = row(name, value, format);
            shown.add(new ParamChange(name, before.shown(), after.shown()));
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
            return new Refused(Refusal.INVALID, "the changed request is not valid: " + String.join("; ", problems));
        }
        ProposalCheck.Accepted accepted = (ProposalCheck.Accepted) check;
        Refused rerouted = rerouting.refusal(accepted.proposal());
        if (rerouted != null) {
            return rerouted;
        }
        return new Changed(approved, proposed, accepted.proposalHash(), shown);
    }

    private static ParamRow row(String name, JsonNode value, ParamFormat format) {
        return ParamRow.fromJson(Json.object().set(name, value), format == null ? Map.of() : Map.of(name, format))
                .get(0);
    }

    private static boolean same(JsonNode value, JsonNode original) {
        if (value.isNumber() && original.isNumber()) {
            return Json.decimal(value).compareTo(Json.decimal(original)) == 0;
        }
        if (value.isTextual() && original.isTextual() && ParamBounds.Number.value(value) != null
                && ParamBounds.Number.value(original) != null) {
            return ParamBounds.Number.value(value).compareTo(ParamBounds.Number.value(original)) == 0;
        }
        return value.equals(original);
    }

    /** A typed value in the type of the proposed one, or null when it cannot be. */
    private static JsonNode parse(JsonNode original, String given, ParamBounds bounds) {
        if (bounds instanceof ParamBounds.Number) {
            String text = given.strip();
            if (!NUMBER.matcher(text).matches()) {
                return null;
            }
            BigDecimal number = new BigDecimal(text);
            if (original.isTextual()) {
                // A decimal string stays a string, written plainly ("1200.50"), its digits as typed.
                return Json.nodes().textNode(number.toPlainString());
            }
            // A whole number becomes an integer node, so one a double would round is refused, never rounded.
            return Json.number(number);
        }
        if (bounds instanceof ParamBounds.Flag) {
            String text = given.strip();
            return text.equals("true") || text.equals("false") ? Json.nodes().booleanNode(text.equals("true"))
                    : null;
        }
        // Browsers send a text area's line breaks as CR LF: kept as LF, as the page showed them.
        return Json.nodes().textNode(bounds instanceof ParamBounds.Text text && text.multiline()
                ? given.replace("\r\n", "\n") : given);
    }

    private static String clip(String text) {
        return text.length() <= 80 ? text : text.substring(0, 79) + "…";
    }
}
