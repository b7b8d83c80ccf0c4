package dev.countersign.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.core.json.Json;
import dev.countersign.core.json.NodePath;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How one approval level ended: the approval gate's output (contract {@code decision-1.schema.json}).
 *
 * <p>Readers must ignore members they do not know: a later version 1 may add {@code approvals} (every individual
 * approval of a quorum level) next to these, and {@code decidedBy} then names the approval that completed it.
 *
 * @param approvalId    the approval this decision ends
 * @param outcome       APPROVED, REJECTED, TIMED_OUT or CANCELLED
 * @param decidedBy     the approver's email (email-link), the caller's identity (api) or the policy's name (policy)
 * @param decidedAt     when the decision was recorded
 * @param comment       the approver's comment; empty when none
 * @param level         the approval level that decided, from 1
 * @param channel       how the decision came in
 * @param proposalHash  SHA-256 of the canonical normalised proposal the approver was shown ({@link Proposal#hash()})
 * @param modifications top-level {@code action.params} members the approver changed, with their approved values;
 *                      empty when none, and always empty unless APPROVED. Copied in and out.
 */
public record Decision(String approvalId, Outcome outcome, String decidedBy, Instant decidedAt, String comment,
                       int level, Channel channel, String proposalHash, ObjectNode modifications) {

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    public Decision {
        Objects.requireNonNull(approvalId, "approvalId");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(decidedBy, "decidedBy");
        Objects.requireNonNull(decidedAt, "decidedAt");
        comment = comment == null ? "" : comment;
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(proposalHash, "proposalHash");
        modifications = modifications == null ? Json.object() : (ObjectNode) Json.copy(modifications);
        if (level < 1) {
            throw new IllegalArgumentException("level starts at 1, got " + level);
        }
        if (!SHA256_HEX.matcher(proposalHash).matches()) {
            throw new IllegalArgumentException("proposalHash must be 64 lower-case hex digits (SHA-256), got "
                    + proposalHash);
        }
        if (outcome == Outcome.TIMED_OUT && channel != Channel.POLICY) {
            throw new IllegalArgumentException("a TIMED_OUT decision is made by policy, not through " + channel);
        }
        if (outcome != Outcome.APPROVED && !modifications.isEmpty()) {
            // A rejected action has nothing to modify; carrying changes would invite a workflow to apply them.
            throw new IllegalArgumentException("only an APPROVED decision carries modifications; this one is " + outcome);
        }
        if (channel == Channel.EMAIL_LINK && decidedBy.indexOf('@') < 1) {
            throw new IllegalArgumentException("an email-link decision is made by an email address, got " + decidedBy);
        }
    }

    @Override
    public ObjectNode modifications() {
        return (ObjectNode) Json.copy(modifications);
    }

    /** True only when the workflow may carry out the action. */
    public boolean approved() {
        return outcome.permitsAction();
    }

    /** The decision as JSON, members in schema order; a new tree on every call. */
    public ObjectNode toJson() {
        ObjectNode json = Json.object();
        json.put("approvalId", approvalId);
        json.put("outcome", outcome.wireName());
        json.put("decidedBy", decidedBy);
        json.put("decidedAt", DateTimeFormatter.ISO_INSTANT.format(decidedAt));
        json.put("comment", comment);
        json.put("level", level);
        json.put("channel", channel.wireName());
        json.put("proposalHash", proposalHash);
        json.set("modifications", modifications());
        return json;
    }

    /**
     * Maps a decision. Members this version does not know are ignored (tolerant reader); a missing or mistyped
     * member fails with an {@link IllegalArgumentException} naming its path.
     */
    public static Decision fromJson(JsonNode json) {
        ContractReader root = ContractReader.of(json, NodePath.root(), "the decision");
        Instant decidedAt;
        try {
            decidedAt = Instant.parse(root.text("decidedAt"));
        } catch (DateTimeParseException e) {
            throw root.problem("decidedAt", "must be an RFC 3339 UTC timestamp such as 2026-11-24T19:05:00Z");
        }
        return new Decision(
                root.text("approvalId"),
                Outcome.fromWire(root.text("outcome")),
                root.text("decidedBy"),
                decidedAt,
                root.text("comment"),
                root.integer("level"),
                Channel.fromWire(root.text("channel")),
                root.text("proposalHash"),
                root.objectNode("modifications"));
    }
}
