package dev.countersign.functions.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.approval.ApprovalRecord;
import dev.countersign.approval.EscalationLevel;
import dev.countersign.approval.Recipient;
import dev.countersign.approval.Verdict;
import dev.countersign.approval.Vote;
import dev.countersign.audit.AuditEvent;
import dev.countersign.core.Proposal;
import dev.countersign.views.ActionView;
import dev.countersign.views.ApprovalRef;
import dev.countersign.views.ApprovalView;
import dev.countersign.views.EscalationView;
import dev.countersign.views.EvidenceView;
import dev.countersign.views.HistoryRow;
import dev.countersign.views.OutcomeText;
import dev.countersign.views.ParamRow;
import dev.countersign.views.ProposalView;
import dev.countersign.views.ProposerView;
import dev.countersign.views.QuorumView;
import dev.countersign.views.RiskBadge;
import dev.countersign.views.RiskView;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Turns stored approvals and proposals into the views' records (what emails and pages show). No I/O. */
public final class ApprovalPresentation {
    private ApprovalPresentation() {
    }

    public static ProposalView proposal(Proposal p) {
        List<EvidenceView> evidence = p.evidence().stream()
                .map(e -> new EvidenceView(e.label(), e.value(), e.url())).toList();
        BigDecimal score = p.risk().score() == null ? null
                : BigDecimal.valueOf(p.risk().score()).stripTrailingZeros();
        return new ProposalView(p.workflow(),
                new ActionView(p.action().type(), p.action().summary(), ParamRow.fromJson(p.action().params(),
                        p.action().display())),
                p.reasoning(), evidence,
                new RiskView(RiskBadge.of(p.risk().level().wireName()), score, p.risk().reasons()),
                new ProposerView(p.proposedBy().agent(), p.proposedBy().model(), p.proposedBy().runId()),
                requester(p.requester()));
    }

    /** "Dana Reyes <dana@shop.example>", or the address alone. */
    public static String requester(Proposal.Requester requester) {
        return requester.name() == null ? requester.email() : requester.name() + " <" + requester.email() + ">";
    }

    public static ApprovalRef ref(ApprovalRecord approval, Proposal proposal) {
        return new ApprovalRef(approval.approvalId().value(), proposal.workflow(), proposal.action().type(),
                proposal.action().summary());
    }

    public static ApprovalView approval(ApprovalRecord approval, int level) {
        return new ApprovalView(approval.approvalId().value(), level, approval.createdAt(),
                approval.level(level).deadline());
    }

    /** Why a request reached {@code level}: the previous level's approvers did not decide in time. Null at level 1. */
    public static EscalationView escalation(ApprovalRecord approval, int level) {
        if (level <= 1) {
            return null;
        }
        return approval.findLevel(level - 1).map(previous -> {
            var start = approval.findLevel(level - 2).map(EscalationLevel::deadline).orElse(approval.createdAt());
            List<String> from = previous.recipients().stream().map(Recipient::approver).toList();
            return from.isEmpty() ? null : new EscalationView(from, Duration.between(start, previous.deadline()));
        }).orElse(null);
    }

    /**
     * Where a level that needs several approvals stands, and the reader's own verdict; null for a level one approval
     * decides that nobody has voted on (there is nothing to show).
     */
    public static QuorumView quorum(ApprovalRecord approval, EscalationLevel level, String reader) {
        if (level.quorum() == 1 && level.votes().isEmpty()) {
            return null;
        }
        List<String> approvedBy = level.votes().stream().filter(v -> v.verdict() == Verdict.APPROVE)
                .map(Vote::approver).toList();
        int rejections = (int) level.votes().stream().filter(v -> v.verdict() == Verdict.REJECT).count();
        List<String> waiting = level.recipients().stream().map(Recipient::approver)
                .filter(r -> !level.hasVoted(r)).toList();
        Vote own = level.votes().stream().filter(v -> v.approver().equals(reader)).findFirst().orElse(null);
        return new QuorumView(approvedBy.size(), level.quorum(), approvedBy, waiting, rejections,
                approval.terms(level.number()).majority(),
                own == null ? null : own.verdict() == Verdict.APPROVE ? OutcomeText.APPROVED : OutcomeText.REJECTED,
                own == null ? null : own.at());
    }

    public static OutcomeText outcome(dev.countersign.core.Outcome outcome) {
        return OutcomeText.valueOf(outcome.name());
    }

    /** The audit trail as the review page lists it, oldest first. */
    public static List<HistoryRow> history(List<AuditEvent> trail) {
        List<HistoryRow> rows = new ArrayList<>(trail.size());
        for (AuditEvent event : trail) {
            rows.add(new HistoryRow(event.at(), event.type(), event.actor(), detail(event)));
        }
        return rows;
    }

    private static String detail(AuditEvent event) {
        ObjectNode d = event.details();
        return switch (event.type()) {
            case "REQUESTED" -> "asked at level " + d.path("level").asInt(1);
            case "ROUTED" -> "to " + join(d.path("recipients")) + " (" + d.path("rule").asText("routing") + ")"
                    + delegations(d.path("delegations"));
            case "NOTIFIED" -> "email to " + d.path("recipient").asText("");
            case "NOTIFY_FAILED" -> "email to " + d.path("recipient").asText("") + " failed (attempt "
                    + d.path("attempt").asInt(1) + ": " + d.path("error").asText("") + ")";
            case "VIEWED" -> "opened the review page";
            case "APPROVED", "REJECTED" -> votes(d);
            case "REMINDED" -> "reminded " + join(d.path("recipients"));
            case "ESCALATED" -> "from level " + d.path("fromLevel").asInt(1) + " to level "
                    + d.path("toLevel").asInt(2) + ": " + join(d.path("recipients"))
                    + delegations(d.path("routing").path("delegations"));
            case "TIMED_OUT" -> "level " + d.path("level").asInt(1) + " ran out of time";
            case "FALLBACK_APPLIED" -> "fallback " + d.path("policy").asText(d.path("fallback").asText(""));
            case "REASSIGNED" -> "handed from " + d.path("from").asText("") + " to " + d.path("to").asText("")
                    + (d.path("reason").asText("").isEmpty() ? "" : " (" + d.path("reason").asText("") + ")");
            case "LATE_DECISION" -> "tried to " + d.path("verdict").asText("").toLowerCase(java.util.Locale.ROOT)
                    + " after level " + d.path("level").asInt(1) + " had closed";
            default -> "";
        };
    }

    /** "; pat@… asked in place of kim@…, who is away": why someone the rule does not name was asked. */
    private static String delegations(JsonNode delegations) {
        List<String> each = new ArrayList<>();
        delegations.forEach(d -> each.add(d.path("to").asText() + " asked in place of " + d.path("from").asText()
                + ", who is away"));
        return each.isEmpty() ? "" : "; " + String.join("; ", each);
    }

    /** "1 of 2 approvals" on a level that needs several; the changed parameters of an approval. */
    private static String votes(ObjectNode d) {
        List<String> parts = new ArrayList<>();
        if (d.path("quorum").asInt(1) > 1) {
            parts.add(d.has("approvals") ? d.path("approvals").asInt() + " of " + d.path("quorum").asInt()
                    + " approvals" : d.path("rejections").asInt() + " rejection(s), " + d.path("quorum").asInt()
                    + " approvals needed");
        }
        JsonNode changes = d.path("changes");
        if (changes.isArray() && !changes.isEmpty()) {
            List<String> each = new ArrayList<>();
            changes.forEach(c -> each.add(c.path("param").asText() + " " + c.path("from").asText() + " → "
                    + c.path("to").asText()));
            parts.add("changed " + String.join(", ", each));
        }
        return String.join("; ", parts);
    }

    private static String join(JsonNode array) {
        List<String> parts = new ArrayList<>();
        array.forEach(v -> parts.add(v.asText()));
        return String.join(", ", parts);
    }
}
