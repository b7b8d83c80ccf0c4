package dev.countersign.contract;

import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.contract.internal.DisplayCheck;
import dev.countersign.contract.internal.ParamsBounds;
import dev.countersign.contract.internal.Texts;
import dev.countersign.core.Proposal;
import dev.countersign.core.json.CanonicalJson;
import dev.countersign.core.json.CanonicalJsonException;
import dev.countersign.core.json.InvalidJsonException;
import dev.countersign.core.json.Json;
import dev.countersign.core.json.NodePath;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks a proposal against {@code proposal-1.schema.json} and the limits the schema cannot express, and reports
 * every violation (not only the first) with its JSON path and a message a person can act on.
 *
 * <p>Order of work, each step bounded so that hostile input stays cheap:
 * <ol>
 *   <li>raw text: refused unread above {@link ProposalLimits#maxInputBytes()}; parsed by {@link Json} (duplicate
 *       keys and nesting beyond {@value Json#MAX_NESTING_DEPTH} levels are errors);</li>
 *   <li>one walk measures the canonical size (stopping at the unread ceiling) and collects values RFC 8785 cannot
 *       hash (integers a double would round, unpaired surrogates);</li>
 *   <li>{@code action.params}: depth, entries, string and name lengths, without descending past the limits;</li>
 *   <li>the JSON Schema, on a copy pruned below any depth the schema looks at, because the schema library
 *       compares array items with a recursive {@code equals}.</li>
 * </ol>
 * The schema is built once per process, on first use.
 */
public final class ProposalValidator {
    /** The schema looks no deeper than this; anything nested further only matters to the params check. */
    private static final int SCHEMA_DEPTH = 32;

    private final ContractSchema schema;
    private final ProposalLimits limits;
    private final ParamsBounds paramsBounds;

    private ProposalValidator(ContractSchema schema) {
        this.schema = schema;
        this.limits = ProposalLimits.fromSchema(schema.documentView());
        this.paramsBounds = new ParamsBounds(limits.paramsMaxDepth(), limits.paramsMaxEntries(),
                limits.paramsMaxStringLength(), limits.paramsMaxKeyLength());
    }

    private static final class Holder {
        static final ProposalValidator INSTANCE = new ProposalValidator(ContractSchema.proposal());
    }

    /** The validator for the current proposal version; built on first use, then shared (it is immutable). */
    public static ProposalValidator instance() {
        return Holder.INSTANCE;
    }

    public ProposalLimits limits() {
        return limits;
    }

    /** Checks raw JSON text. */
    public ProposalCheck check(String json) {
        return check(json.getBytes(StandardCharsets.UTF_8));
    }

    /** Checks raw JSON bytes (UTF-8). */
    public ProposalCheck check(byte[] json) {
        if (json.length > limits.maxInputBytes()) {
            return new ProposalCheck.Rejected(List.of(new Violation("$", "is " + Texts.count(json.length)
                    + " bytes, far over the limit of " + Texts.count(limits.maxCanonicalBytes())
                    + " bytes for a whole proposal, so it was not read — send a smaller proposal and link to bulky"
                    + " material from evidence")));
        }
        JsonNode tree;
        try {
            tree = Json.parse(json);
        } catch (InvalidJsonException e) {
            return new ProposalCheck.Rejected(List.of(unreadable(e)));
        }
        return check(tree);
    }

    /** Checks a parsed proposal; on success maps it and computes its hash. */
    public ProposalCheck check(JsonNode json) {
        List<Violation> violations = validate(json);
        if (!violations.isEmpty()) {
            return new ProposalCheck.Rejected(violations);
        }
        Proposal proposal = Proposal.fromJson(json);
        return new ProposalCheck.Accepted(proposal, proposal.hash());
    }

    /** Every violation of the contract, ordered by path; empty when the proposal is valid. */
    public List<Violation> validate(JsonNode json) {
        List<Violation> violations = new ArrayList<>();
        CanonicalJson.Measurement size = CanonicalJson.measure(json, limits.maxInputBytes());
        if (!size.complete()) {
            violations.add(new Violation("$", "is more than " + Texts.count(limits.maxInputBytes())
                    + " bytes as canonical JSON, far over the limit of " + Texts.count(limits.maxCanonicalBytes())
                    + ", so it was not examined further — send a smaller proposal and link to bulky material from"
                    + " evidence"));
            return sorted(violations);
        }
        if (size.utf8Length() > limits.maxCanonicalBytes()) {
            violations.add(new Violation("$", "is " + Texts.count(size.utf8Length())
                    + " bytes as canonical JSON; the limit is " + Texts.count(limits.maxCanonicalBytes())
                    + " — shorten the text, or link to bulky material from evidence instead of including it"));
        }
        for (CanonicalJsonException problem : size.problems()) {
            violations.add(new Violation(problem.path().toString(), problem.problem()));
        }
        JsonNode params = json.path("action").path("params");
        if (params.isObject()) {
            paramsBounds.check(params, NodePath.root().key("action").key("params"), violations);
            JsonNode display = json.path("action").path("display");
            if (display.isObject()) {
                DisplayCheck.check(params, display, NodePath.root().key("action").key("display"), violations);
            }
        }
        JsonNode shallow = size.maxDepth() > SCHEMA_DEPTH ? Json.copyToDepth(json, SCHEMA_DEPTH) : json;
        violations.addAll(schema.validate(shallow));
        return sorted(violations);
    }

    private Violation unreadable(InvalidJsonException e) {
        if (e.problem().startsWith("nesting is deeper")) {
            // Name the place where the params limit is first broken, as the tree check would, not 1,000 steps down.
            NodePath at = e.path().truncate(2 + limits.paramsMaxDepth());
            return new Violation(at.toString(), "nests deeper than " + Texts.count(Json.MAX_NESTING_DEPTH)
                    + " levels, so the proposal was not read any further — params may nest at most "
                    + limits.paramsMaxDepth() + " levels; flatten the structure");
        }
        return new Violation(e.path().toString(), e.problem() + " (line " + e.line() + ", column " + e.column()
                + ") — send one well-formed JSON object");
    }

    private static List<Violation> sorted(List<Violation> violations) {
        return ContractSchema.byPath(violations);
    }
}
