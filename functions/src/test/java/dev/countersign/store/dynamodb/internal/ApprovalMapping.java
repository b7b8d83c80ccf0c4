package dev.countersign.store.dynamodb.internal;

import dev.countersign.approval.ApprovalId;
import dev.countersign.approval.ApprovalRecord;
import dev.countersign.approval.ApprovalStatus;
import dev.countersign.approval.DecisionRecord;
import dev.countersign.approval.EscalationLevel;
import dev.countersign.approval.Recipient;
import dev.countersign.approval.TaskToken;
import dev.countersign.approval.Verdict;
import dev.countersign.approval.Vote;
import dev.countersign.audit.AuditEvent;
import dev.countersign.audit.IsoMillis;
import dev.countersign.core.Channel;
import dev.countersign.core.Outcome;
import dev.countersign.core.RiskLevel;
import dev.countersign.store.dynamodb.internal.Items.ApprovalItem;
import dev.countersign.store.dynamodb.internal.Items.DecisionDoc;
import dev.countersign.store.dynamodb.internal.Items.EventDoc;
import dev.countersign.store.dynamodb.internal.Items.LevelDoc;
import dev.countersign.store.dynamodb.internal.Items.RecipientDoc;
import dev.countersign.store.dynamodb.internal.Items.VoteDoc;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Converts between the domain's approval and the stored approval item. */
public final class ApprovalMapping {
    private ApprovalMapping() {
    }

    public static String approvalPk(ApprovalId id) {
        return StoredJson.approvalPk(id);
    }

    /** The approval as stored, with the token for each level kept apart from the public record. */
    public record Stored(ApprovalRecord record, Map<Integer, TaskToken> tokens, ApprovalItem item) {
        public Optional<TaskToken> token(int level) {
            return Optional.ofNullable(tokens.get(level));
        }
    }

    public static Stored fromItem(ApprovalItem item) {
        List<EscalationLevel> levels = new ArrayList<>();
        for (LevelDoc l : nullToEmpty(item.levels)) {
            List<Recipient> recipients = nullToEmpty(l.recipients).stream()
                    .map(r -> new Recipient(r.approver, r.reassignedFrom)).toList();
            List<Vote> votes = nullToEmpty(l.votes).stream()
                    .map(v -> new Vote(v.approver, Verdict.valueOf(v.verdict), instant(v.at), Channel.fromWire(v.channel), v.seq))
                    .toList();
            levels.add(new EscalationLevel(l.number, recipients, l.quorum, instant(l.deadline),
                    ApprovalStatus.valueOf(l.status), votes, l.reassignments == null ? 0 : l.reassignments));
        }
        DecisionRecord decision = null;
        if (item.decision != null) {
            DecisionDoc d = item.decision;
            decision = new DecisionRecord(Outcome.fromWire(d.outcome), d.decidedBy, instant(d.decidedAt),
                    d.level, d.comment, Channel.fromWire(d.channel), nullToEmpty(d.approvers), d.modifications,
                    d.fallback == null ? null : Outcome.fromWire(d.fallback), d.approvedProposalHash);
        }
        List<AuditEvent> trail = nullToEmpty(item.trail).stream().map(e -> event(item.approvalId, e)).toList();
        ApprovalRecord record = new ApprovalRecord(new ApprovalId(item.approvalId), item.executionArn, item.gate,
                item.workflow, item.summary, RiskLevel.fromWire(item.riskLevel), item.requester, item.proposedBy, item.proposalHash,
                ApprovalStatus.valueOf(item.status), item.currentLevel, levels, decision, instant(item.createdAt),
                instant(item.updatedAt), item.version, item.auditCount == null ? 0 : item.auditCount, item.lastHash,
                item.trailBytes == null ? 0 : item.trailBytes, trail);
        Map<Integer, TaskToken> tokens = new HashMap<>();
        if (item.taskTokens != null) {
            item.taskTokens.forEach((level, token) -> tokens.put(Integer.parseInt(level), new TaskToken(token)));
        }
        return new Stored(record, tokens, item);
    }

    /** Fills every attribute the record determines (not the projection bookkeeping, which the caller sets). */
    public static ApprovalItem toItem(ApprovalRecord r, Map<Integer, TaskToken> tokens) {
        ApprovalItem item = new ApprovalItem();
        item.pk = approvalPk(r.approvalId());
        item.sk = Items.APPROVAL_SK;
        item.approvalId = r.approvalId().value();
        item.executionArn = r.executionArn();
        item.gate = r.gate();
        item.workflow = r.workflow();
        item.summary = r.summary();
        item.riskLevel = r.riskLevel().wireName();
        item.requester = r.requester();
        item.proposedBy = r.proposedBy();
        item.proposalHash = r.proposalHash();
        item.status = r.status().name();
        item.currentLevel = r.currentLevel();
        item.currentDeadline = r.deadline().map(IsoMillis::format).orElse(null);
        item.levels = r.levels().stream().map(ApprovalMapping::levelDoc).toList();
        item.decision = r.decision() == null ? null : decisionDoc(r.decision());
        item.createdAt = IsoMillis.format(r.createdAt());
        item.updatedAt = IsoMillis.format(r.updatedAt());
        item.version = r.version();
        item.auditCount = r.auditCount();
        item.lastHash = r.lastHash();
        item.trailBytes = r.trailBytes();
        item.trail = r.auditTrail().stream().map(ApprovalMapping::eventDoc).toList();
        Map<String, String> tokenMap = new HashMap<>();
        tokens.forEach((level, token) -> tokenMap.put(Integer.toString(level), token.value()));
        item.taskTokens = tokenMap;
        item.pendingWorkflow = r.status() == ApprovalStatus.PENDING ? r.workflow() : null;
        item.createdSort = createdSort(r);
        item.callbackDue = r.awaitsCallback() ? Items.DUE : null;
        // by-state: pending ones by creation, ended ones by when they ended.
        boolean pending = r.status() == ApprovalStatus.PENDING;
        item.stateKey = pending ? "pending" : "decided";
        item.stateSort = IsoMillis.format(pending ? r.createdAt() : r.decision() != null ? r.decision().decidedAt()
                : r.updatedAt()) + "#" + r.approvalId().value();
        return item;
    }

    public static String createdSort(ApprovalRecord r) {
        return StoredJson.createdSort(r);
    }

    /** The outbox bookkeeping of an item. */
    public static ProjectionMarks marks(ApprovalItem item) {
        return new ProjectionMarks(item.projectedSeq, item.inboxVersion, item.projectedInboxVersion,
                item.projectionDue);
    }

    public static EventDoc eventDoc(AuditEvent e) {
        EventDoc d = new EventDoc();
        d.seq = e.seq();
        d.at = IsoMillis.format(e.at());
        d.type = e.type();
        d.actor = e.actor();
        d.details = e.detailsJson();
        d.prevHash = e.prevHash();
        d.hash = e.hash();
        return d;
    }

    public static AuditEvent event(String approvalId, EventDoc d) {
        return new AuditEvent(approvalId, d.seq == null ? 0 : d.seq, instantOrNull(d.at), d.type, d.actor, d.details,
                d.prevHash, d.hash);
    }

    private static LevelDoc levelDoc(EscalationLevel l) {
        LevelDoc d = new LevelDoc();
        d.number = l.number();
        d.recipients = l.recipients().stream().map(r -> {
            RecipientDoc rd = new RecipientDoc();
            rd.approver = r.approver();
            rd.reassignedFrom = r.reassignedFrom();
            return rd;
        }).toList();
        d.quorum = l.quorum();
        d.deadline = IsoMillis.format(l.deadline());
        d.status = l.status().name();
        d.votes = l.votes().stream().map(v -> {
            VoteDoc vd = new VoteDoc();
            vd.approver = v.approver();
            vd.verdict = v.verdict().name();
            vd.at = IsoMillis.format(v.at());
            vd.channel = v.channel().wireName();
            vd.seq = v.seq();
            return vd;
        }).toList();
        d.reassignments = l.reassignments();
        return d;
    }

    private static DecisionDoc decisionDoc(DecisionRecord r) {
        DecisionDoc d = new DecisionDoc();
        d.outcome = r.outcome().wireName();
        d.decidedBy = r.decidedBy();
        d.decidedAt = IsoMillis.format(r.decidedAt());
        d.level = r.level();
        d.comment = r.comment();
        d.channel = r.channel().wireName();
        d.approvers = r.approvers();
        d.modifications = r.modificationsJson();
        d.fallback = r.fallback() == null ? null : r.fallback().wireName();
        d.approvedProposalHash = r.approvedProposalHash();
        return d;
    }

    private static Instant instant(String text) {
        return IsoMillis.parse(text);
    }

    /** Tolerant for audit fields: a damaged timestamp must surface as a broken hash in verification, not a crash. */
    private static Instant instantOrNull(String text) {
        try {
            return text == null ? null : IsoMillis.parse(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static <T> List<T> nullToEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
