package dev.countersign.local.runtime.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.approval.ApprovalRecord;
import dev.countersign.approval.DecisionRecord;
import dev.countersign.audit.AuditChain;
import dev.countersign.audit.AuditEvent;
import dev.countersign.audit.ChainVerification;
import dev.countersign.audit.IsoMillis;
import dev.countersign.local.runtime.readers.Terminal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How one approval was authorised, and whether its trail is intact: what {@code ./countersign audit} prints, as text
 * for a person or as one JSON document. Built only from the approval record's own fields (which have no task token)
 * and the trail (which has no link secret), never by serialising the stored item.
 *
 * @param approval     the approval as read
 * @param verification the chain checked against the item's anchor, and against {@code published} when there is one
 * @param published    the newest anchor published for this approval, if any was found
 * @param anchorsFrom  where published anchors were looked for (a file), or null when nowhere
 */
public record AuditReport(ApprovalRecord approval, ChainVerification verification,
                          Optional<PublishedAnchors.Published> published, String anchorsFrom) {

    /** The fields worth reading first per event type; the rest of the details follow them. */
    private static final Map<String, List<String>> LEADING = Map.ofEntries(
            Map.entry("REQUESTED", List.of("level", "recipients", "quorum", "deadline")),
            Map.entry("ROUTED", List.of("rule", "recipients", "quorum", "level")),
            Map.entry("NOTIFIED", List.of("recipient", "level")),
            Map.entry("NOTIFY_FAILED", List.of("recipient", "level", "error")),
            Map.entry("VIEWED", List.of("level")),
            Map.entry("APPROVED", List.of("comment", "level", "changes")),
            Map.entry("REJECTED", List.of("comment", "level")),
            Map.entry("ESCALATED", List.of("fromLevel", "level", "recipients")),
            Map.entry("TIMED_OUT", List.of("level")),
            Map.entry("FALLBACK_APPLIED", List.of("outcome", "fallback", "rule", "policy")),
            Map.entry("REASSIGNED", List.of("from", "to", "level", "reason")),
            Map.entry("CALLBACK_DELIVERED", List.of("level", "outcome")),
            Map.entry("CALLBACK_FAILED", List.of("level", "error")));

    /**
     * Checks an approval's chain with the audit key: against its item's own anchor, and against {@code published}
     * (the newest anchor published for it) when there is one.
     */
    public static AuditReport verify(AuditChain chain, ApprovalRecord approval,
                                     Optional<PublishedAnchors.Published> published, String anchorsFrom) {
        String id = approval.approvalId().value();
        ChainVerification verification = published.isPresent()
                ? chain.verifyPublished(id, approval.auditTrail(), approval.anchor(), published.get().chainAnchor())
                : chain.verify(id, approval.auditTrail(), approval.anchor());
        return new AuditReport(approval, verification, published, anchorsFrom);
    }

    public boolean intact() {
        return verification.intact();
    }

    /** The one-line verdict. */
    public String verdict() {
        if (verification instanceof ChainVerification.Broken broken) {
            return "BROKEN at seq " + broken.seq() + ": " + broken.problem();
        }
        ChainVerification.Intact intact = (ChainVerification.Intact) verification;
        StringBuilder line = new StringBuilder("chain intact: ").append(intact.events())
                .append(intact.events() == 1 ? " event" : " events").append(", HMAC verified");
        if (published.isPresent()) {
            int seq = published.get().seq();
            line.append(", matches the published anchor at seq ").append(seq);
            if (seq < intact.events()) {
                // Page views are not anchored on their own (docs/data-design.md): say what the anchor does not cover.
                line.append(" (seq ").append(seq + 1).append(seq + 1 == intact.events() ? "" : ".." + intact.events())
                        .append(" not published yet: only the item's own anchor covers ")
                        .append(seq + 1 == intact.events() ? "it" : "them").append(')');
            }
        } else if (anchorsFrom != null) {
            line.append("; no published anchor for this approval in ").append(anchorsFrom)
                    .append(" (only the item's own anchor was checked)");
        } else {
            line.append("; no published anchors given (only the item's own anchor was checked; see --anchors)");
        }
        return line.toString();
    }

    /** For a person. */
    public String text() {
        ApprovalRecord a = approval;
        StringBuilder b = new StringBuilder();
        b.append("approval ").append(a.approvalId()).append('\n');
        field(b, "summary", a.summary());
        field(b, "workflow", a.workflow());
        field(b, "execution", a.executionArn());
        field(b, "gate", a.gate());
        field(b, "requester", a.requester());
        field(b, "agent", a.proposedBy());
        field(b, "risk", a.riskLevel() == null ? null : a.riskLevel().wireName());
        field(b, "proposalHash", a.proposalHash());
        field(b, "status", a.status().name());
        b.append('\n').append("trail (").append(a.auditTrail().size()).append(a.auditTrail().size() == 1 ? " event"
                : " events").append(", oldest first)\n");
        int typeWidth = a.auditTrail().stream().mapToInt(e -> String.valueOf(e.type()).length()).max().orElse(0);
        for (AuditEvent event : a.auditTrail()) {
            b.append(String.format("  %3d  %s  %-" + Math.max(typeWidth, 1) + "s  %s", event.seq(),
                    event.at() == null ? "-" : IsoMillis.format(event.at()), oneLine(String.valueOf(event.type())),
                    oneLine(String.valueOf(event.actor()))));
            String details = details(event, Map.of("executionArn", nullToEmpty(a.executionArn()), "gate",
                    nullToEmpty(a.gate()), "workflow", nullToEmpty(a.workflow()), "proposalHash",
                    nullToEmpty(a.proposalHash())));
            if (!details.isEmpty()) {
                b.append("  ").append(details);
            }
            b.append('\n');
        }
        b.append('\n').append("outcome: ").append(outcome()).append('\n');
        b.append(verdict()).append('\n');
        return b.toString();
    }

    /** The same as one JSON document, for machines. */
    public ObjectNode json() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode root = f.objectNode();
        ApprovalRecord a = approval;
        ObjectNode approvalNode = root.putObject("approval");
        approvalNode.put("approvalId", a.approvalId().value());
        approvalNode.put("executionArn", a.executionArn());
        approvalNode.put("gate", a.gate());
        approvalNode.put("workflow", a.workflow());
        approvalNode.put("summary", a.summary());
        approvalNode.put("requester", a.requester());
        approvalNode.put("agent", a.proposedBy());
        approvalNode.put("risk", a.riskLevel() == null ? null : a.riskLevel().wireName());
        approvalNode.put("proposalHash", a.proposalHash());
        approvalNode.put("status", a.status().name());
        approvalNode.put("createdAt", a.createdAt() == null ? null : IsoMillis.format(a.createdAt()));
        ArrayNode trail = root.putArray("trail");
        for (AuditEvent event : a.auditTrail()) {
            // exactly the hashed fields plus the hash, so a reader with the key can recompute every HMAC
            trail.add(event.toJson(true));
        }
        root.set("outcome", a.decisionJson().<JsonNode>map(d -> d).orElse(f.nullNode()));
        ObjectNode check = root.putObject("verification");
        check.put("intact", intact());
        check.put("verdict", verdict());
        if (verification instanceof ChainVerification.Intact ok) {
            check.put("events", ok.events());
            check.put("lastHash", ok.lastHash());
        } else if (verification instanceof ChainVerification.Broken broken) {
            check.put("brokenAtSeq", broken.seq());
            check.put("problem", broken.problem());
        }
        check.putObject("itemAnchor").put("seq", a.auditCount()).put("hash", a.lastHash());
        if (published.isPresent()) {
            PublishedAnchors.Published p = published.get();
            check.putObject("publishedAnchor").put("seq", p.seq()).put("hash", p.hash()).put("at", p.at())
                    .put("source", p.source());
        } else {
            check.putNull("publishedAnchor");
        }
        check.put("anchorsFrom", anchorsFrom);
        return root;
    }

    private String outcome() {
        DecisionRecord d = approval.decision();
        if (d == null) {
            return "none yet (" + approval.status().name() + ", waiting at level " + approval.currentLevel() + ")";
        }
        StringBuilder b = new StringBuilder(d.outcome().wireName());
        if (d.fallback() != null) {
            b.append(" (fallback ").append(d.fallback().wireName()).append(" applied)");
        }
        if (d.decidedBy() != null) {
            b.append(" by ").append(oneLine(d.decidedBy()));
        }
        if (d.decidedAt() != null) {
            b.append(" at ").append(IsoMillis.format(d.decidedAt()));
        }
        b.append(", level ").append(d.level());
        if (d.channel() != null) {
            b.append(", via ").append(d.channel().wireName());
        }
        if (d.approvers().size() > 1) {
            b.append(", approvers ").append(oneLine(String.join(", ", d.approvers())));
        }
        if (d.comment() != null && !d.comment().isEmpty()) {
            b.append(", comment ").append(quoted(d.comment()));
        }
        if (d.approvedProposalHash() != null && !d.approvedProposalHash().equals(approval.proposalHash())) {
            b.append(", approved with changes: proposalHash ").append(d.approvedProposalHash());
        }
        return b.toString();
    }

    /**
     * The details of one event on one line: the fields that matter for its type first, then the rest, leaving out
     * those that only repeat the header ({@code shown}: name to the value printed there).
     */
    static String details(AuditEvent event, Map<String, String> shown) {
        ObjectNode details = event.details();
        Set<String> order = new LinkedHashSet<>(LEADING.getOrDefault(event.type(), List.of()));
        for (Iterator<String> names = details.fieldNames(); names.hasNext(); ) {
            order.add(names.next());
        }
        List<String> parts = new ArrayList<>();
        for (String name : order) {
            JsonNode value = details.get(name);
            if (value == null || value.isNull()
                    || (value.isTextual() && value.asText().equals(shown.get(name)))) {
                continue;
            }
            parts.add(name + "=" + (value.isTextual() ? quoted(value.asText()) : value.toString()));
        }
        return String.join(" ", parts);
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }

    private static void field(StringBuilder b, String name, String value) {
        b.append(String.format("  %-13s %s%n", name, value == null || value.isEmpty() ? "-" : oneLine(value)));
    }

    private static String quoted(String text) {
        return '"' + oneLine(text).replace("\"", "\\\"") + '"';
    }

    /** Control characters (a newline in a comment, a terminal escape) would let a field fake further lines. */
    private static String oneLine(String text) {
        return Terminal.line(text);
    }
}
