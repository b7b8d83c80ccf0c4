package dev.countersign.approval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.audit.AuditEntry;
import dev.countersign.audit.AuditEventType;
import dev.countersign.audit.IsoMillis;
import dev.countersign.core.Channel;
import dev.countersign.core.Outcome;
import dev.countersign.core.RiskLevel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The rules of an approval's life, as pure functions from its current state to a {@link Transition}. No I/O: the
 * store reads, asks these rules, and writes conditionally on the version it read.
 */
public final class ApprovalTransitions {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private ApprovalTransitions() {
    }

    /** The first state of a new approval and its REQUESTED event. */
    public static Transition.Write<CreateResult> request(NewApproval request, Instant now) {
        Instant at = IsoMillis.truncate(now);
        if (!request.deadline().isAfter(at)) {
            throw new IllegalArgumentException("deadline " + request.deadline() + " is not in the future (now " + at
                    + "): give the level time to be answered");
        }
        List<Recipient> recipients = request.recipients().stream().map(Recipient::of).toList();
        EscalationLevel level = new EscalationLevel(request.level(), recipients, request.quorum(),
                IsoMillis.truncate(request.deadline()), ApprovalStatus.PENDING, List.of(), 0);
        ApprovalRecord record = new ApprovalRecord(ApprovalId.forKey(request.key()), request.key().executionArn(),
                request.key().gate(), request.workflow(), request.summary(), request.riskLevel(), request.requester(),
                request.proposedBy(), request.proposalHash(), ApprovalStatus.PENDING, request.level(), List.of(level),
                null, at, at, 0, 0, null, 0, List.of());
        ObjectNode details = JSON.objectNode();
        details.put("executionArn", request.key().executionArn());
        details.put("gate", request.key().gate());
        details.put("workflow", request.workflow());
        details.put("proposalHash", request.proposalHash());
        details.put("level", request.level());
        details.set("recipients", addresses(recipients));
        details.put("quorum", request.quorum());
        details.put("deadline", IsoMillis.format(level.deadline()));
        if (request.routing() != null) {
            details.set("routing", request.routing());
        }
        return new Transition.Write<>(record, List.of(new AuditEntry(AuditEventType.REQUESTED, request.actor(),
                details)), new Transition.TokenChange(request.level(), request.taskToken()), CreateResult.Created::new);
    }

    /** A retried request carries a fresh task token for the level: keep the newest, write no event. */
    public static Transition<CreateResult> refreshToken(ApprovalRecord record, int level, TaskToken token,
                                                        boolean tokenDiffers) {
        if (!tokenDiffers || record.status() != ApprovalStatus.PENDING || record.currentLevel() != level) {
            return new Transition.Answer<>(new CreateResult.AlreadyExisted(record));
        }
        return new Transition.Write<>(record, List.of(), new Transition.TokenChange(level, token),
                CreateResult.AlreadyExisted::new);
    }

    /** An approver's verdict. */
    public static Transition<DecideResult> decide(ApprovalRecord record, DecisionRequest request, Instant now) {
        Instant at = IsoMillis.truncate(now);
        DecisionRecord decided = record.decision();
        if (decided != null && decided.level() == request.level()
                && (decided.outcome() == Outcome.APPROVED || decided.outcome() == Outcome.REJECTED)) {
            return new Transition.Answer<>(new DecideResult.AlreadyDecided(decided.decidedBy(), decided.outcome(),
                    decided.decidedAt(), decided.level(), record));
        }
        if (record.status() != ApprovalStatus.PENDING || request.level() != record.currentLevel()) {
            Transition<ChangeResult> late = lateDecision(record, request.level(), request.approver(),
                    request.verdict(), request.comment(), at);
            if (late instanceof Transition.Write<ChangeResult> write) {
                return new Transition.Write<>(write.next(), write.entries(), null,
                        written -> new DecideResult.TooLate(written, true));
            }
            ChangeResult answer = ((Transition.Answer<ChangeResult>) late).result();
            if (answer instanceof ChangeResult.NotApplicable refused && refused.reason().startsWith(NOT_A_RECIPIENT)) {
                return refuse(DecideResult.Refusal.NOT_A_RECIPIENT, refused.reason(), record);
            }
            // Recorded before for this person and level (coalesced), or no room left: nothing is written.
            return new Transition.Answer<>(new DecideResult.TooLate(record, false));
        }
        EscalationLevel level = record.current();
        String approver = request.approver();
        if (!level.isRecipient(approver)) {
            return refuse(DecideResult.Refusal.NOT_A_RECIPIENT, NOT_A_RECIPIENT + approver + " is not asked at level "
                    + level.number() + " of approval " + record.approvalId(), record);
        }
        if (request.verdict() == Verdict.APPROVE && isSelf(record, approver)) {
            return refuse(DecideResult.Refusal.SELF_APPROVAL, approver + " requested or proposed this action and may"
                    + " not approve it", record);
        }
        if (level.hasVoted(approver)) {
            return refuse(DecideResult.Refusal.ALREADY_VOTED, approver + " already gave a verdict at level "
                    + level.number(), record);
        }
        LevelTerms terms = record.terms(level.number());
        String modifications = null;
        if (request.modifications() != null) {
            if (level.quorum() != 1) {
                return refuse(DecideResult.Refusal.MODIFICATIONS_NOT_ALLOWED, "level " + level.number() + " needs "
                        + level.quorum() + " approvals; modified proposals can only be approved at a level decided"
                        + " by one approval", record);
            }
            if (terms.recorded()) {
                for (String name : (Iterable<String>) request.modifications()::fieldNames) {
                    ParamBounds bounds = terms.bounds(name);
                    if (bounds == null) {
                        return refuse(DecideResult.Refusal.MODIFICATIONS_NOT_ALLOWED, "parameter '" + name
                                + "' may not be changed at level " + level.number() + (terms.modifiable().isEmpty()
                                ? ": this request's rule lets no parameter be changed"
                                : "; the rule lets these be changed: " + String.join(", ", terms.names())),
                                record);
                    }
                    // The page checks the bounds too; this holds them for every channel, whoever builds the request.
                    JsonNode proposed = request.proposed() == null ? null : request.proposed().get(name);
                    String breach = proposed == null ? "comes without its proposed value, so its bounds cannot be"
                            + " checked" : bounds.breach(proposed, request.modifications().get(name),
                            ParamBounds.NumberText.PLAIN);
                    if (breach != null) {
                        return refuse(DecideResult.Refusal.MODIFICATIONS_NOT_ALLOWED, "parameter '" + name + "' "
                                + breach, record);
                    }
                }
            }
            modifications = new AuditEntry(AuditEventType.APPROVED, approver, request.modifications()).detailsText();
            if (modifications.getBytes(java.nio.charset.StandardCharsets.UTF_8).length
                    > ApprovalLimits.MAX_MODIFICATIONS_BYTES) {
                throw new IllegalArgumentException("modifications take " + modifications.length() + " bytes; the"
                        + " limit is " + ApprovalLimits.MAX_MODIFICATIONS_BYTES + ": approve smaller changes");
            }
        }
        int seq = record.auditCount() + 1;
        List<Vote> votes = new ArrayList<>(level.votes());
        votes.add(new Vote(approver, request.verdict(), at, request.channel(), seq));
        ObjectNode details = JSON.objectNode();
        details.put("level", level.number());
        details.put("channel", request.channel().wireName());
        if (request.comment() != null) {
            details.put("comment", request.comment());
        }
        if (request.verdict() == Verdict.REJECT && terms.majority()) {
            // Majority: a rejection counts against the quorum; the level is rejected once it can no longer be reached.
            int rejections = (int) votes.stream().filter(v -> v.verdict() == Verdict.REJECT).count();
            boolean decides = rejections > level.recipients().size() - level.quorum();
            details.put("rejections", rejections);
            details.put("quorum", level.quorum());
            details.put("decided", decides);
            if (!decides) {
                ApprovalRecord next = record.withLevel(level.with(ApprovalStatus.PENDING, votes, level.recipients(),
                        level.reassignments()));
                return essential(record, next, new AuditEntry(AuditEventType.REJECTED, approver, details),
                        written -> new DecideResult.VoteRecorded(written, level.approvals(), level.quorum()),
                        ApprovalLimits.HARD_TRAIL_BYTES);
            }
        }
        if (request.verdict() == Verdict.REJECT) {
            EscalationLevel rejected = level.with(ApprovalStatus.REJECTED, votes, level.recipients(),
                    level.reassignments());
            DecisionRecord decision = new DecisionRecord(Outcome.REJECTED, approver, at, level.number(),
                    request.comment(), request.channel(), List.of(), null, null);
            ApprovalRecord next = record.withLevel(rejected).withState(ApprovalStatus.REJECTED, level.number(),
                    record.withLevel(rejected).levels(), decision);
            return essential(record, next, new AuditEntry(AuditEventType.REJECTED, approver, details),
                    DecideResult.Decided::new, ApprovalLimits.HARD_TRAIL_BYTES);
        }
        int approvals = level.approvals() + 1;
        boolean decides = approvals >= level.quorum();
        details.put("approvals", approvals);
        details.put("quorum", level.quorum());
        details.put("decided", decides);
        if (modifications != null) {
            details.set("modifications", request.modifications());
            if (request.proposed() != null) {
                // The diff, so the trail shows what was proposed next to what was approved.
                ArrayNode changes = details.putArray("changes");
                for (String name : (Iterable<String>) request.modifications()::fieldNames) {
                    ObjectNode change = changes.addObject().put("param", name);
                    change.set("from", request.proposed().get(name));
                    change.set("to", request.modifications().get(name));
                }
            }
            if (request.approvedProposalHash() != null) {
                details.put("proposalHash", request.approvedProposalHash());
            }
        }
        AuditEntry entry = new AuditEntry(AuditEventType.APPROVED, approver, details);
        if (!decides) {
            ApprovalRecord next = record.withLevel(level.with(ApprovalStatus.PENDING, votes, level.recipients(),
                    level.reassignments()));
            return essential(record, next, entry,
                    written -> new DecideResult.VoteRecorded(written, approvals, level.quorum()),
                    ApprovalLimits.HARD_TRAIL_BYTES);
        }
        List<String> approvers = votes.stream().filter(v -> v.verdict() == Verdict.APPROVE).map(Vote::approver)
                .toList();
        EscalationLevel approved = level.with(ApprovalStatus.APPROVED, votes, level.recipients(),
                level.reassignments());
        DecisionRecord decision = new DecisionRecord(Outcome.APPROVED, approver, at, level.number(),
                request.comment(), request.channel(), approvers, modifications, null,
                modifications == null ? null : request.approvedProposalHash());
        ApprovalRecord withLevel = record.withLevel(approved);
        ApprovalRecord next = withLevel.withState(ApprovalStatus.APPROVED, level.number(), withLevel.levels(),
                decision);
        return essential(record, next, entry, DecideResult.Decided::new, ApprovalLimits.HARD_TRAIL_BYTES);
    }

    /** The current level timed out and the chain goes on: the next level is asked, with its own task token. */
    public static Transition<ChangeResult> escalate(ApprovalRecord record, int fromLevel, NextLevel next,
                                                    String actor, Instant now) {
        Instant at = IsoMillis.truncate(now);
        String by = Checks.actor("actor", actor);
        if (record.status() == ApprovalStatus.PENDING && record.currentLevel() == fromLevel + 1
                && record.findLevel(fromLevel).map(l -> l.status() == ApprovalStatus.TIMED_OUT).orElse(false)) {
            if (next.taskToken() == null) {
                return new Transition.Answer<>(new ChangeResult.AlreadyApplied(record));
            }
            return new Transition.Write<>(record, List.of(), new Transition.TokenChange(fromLevel + 1,
                    next.taskToken()), ChangeResult.AlreadyApplied::new);
        }
        if (record.status() != ApprovalStatus.PENDING || record.currentLevel() != fromLevel) {
            return notApplicable(record, "level " + fromLevel + " is not pending: the approval is "
                    + record.status() + " at level " + record.currentLevel());
        }
        if (record.levels().size() >= ApprovalLimits.MAX_LEVELS || fromLevel >= ApprovalLimits.MAX_LEVELS) {
            return notApplicable(record, "level " + fromLevel + " is the last of " + ApprovalLimits.MAX_LEVELS
                    + " possible levels: time the approval out instead");
        }
        if (!next.deadline().isAfter(at)) {
            throw new IllegalArgumentException("deadline " + next.deadline() + " of level " + (fromLevel + 1)
                    + " is not in the future (now " + at + ")");
        }
        List<Recipient> recipients = NewApproval.recipients(next.recipients(), record.requester(),
                record.proposedBy()).stream().map(Recipient::of).toList();
        int quorum = NewApproval.quorum(next.quorum(), recipients.size());
        EscalationLevel old = record.current();
        EscalationLevel timedOut = old.with(ApprovalStatus.TIMED_OUT, old.votes(), old.recipients(),
                old.reassignments());
        EscalationLevel added = new EscalationLevel(fromLevel + 1, recipients, quorum,
                IsoMillis.truncate(next.deadline()), ApprovalStatus.PENDING, List.of(), 0);
        List<EscalationLevel> levels = new ArrayList<>(record.withLevel(timedOut).levels());
        levels.add(added);
        ApprovalRecord updated = record.withState(ApprovalStatus.PENDING, fromLevel + 1, levels, null);
        ObjectNode timeout = JSON.objectNode();
        timeout.put("level", fromLevel);
        timeout.put("deadline", IsoMillis.format(old.deadline()));
        ObjectNode escalated = JSON.objectNode();
        escalated.put("fromLevel", fromLevel);
        escalated.put("toLevel", fromLevel + 1);
        escalated.set("recipients", addresses(recipients));
        escalated.put("quorum", quorum);
        escalated.put("deadline", IsoMillis.format(added.deadline()));
        if (next.routing() != null) {
            escalated.set("routing", next.routing());
        }
        List<AuditEntry> entries = List.of(new AuditEntry(AuditEventType.TIMED_OUT, by, timeout),
                new AuditEntry(AuditEventType.ESCALATED, by, escalated));
        if (!fits(record, entries, ApprovalLimits.HARD_TRAIL_BYTES)) {
            return notApplicable(record, TRAIL_FULL);
        }
        return new Transition.Write<>(updated, entries, next.taskToken() == null ? null
                : new Transition.TokenChange(fromLevel + 1, next.taskToken()), ChangeResult.Applied::new);
    }

    /** The last level timed out: the approval ends TIMED_OUT and the workflow applies {@code fallback}. */
    public static Transition<ChangeResult> timeOut(ApprovalRecord record, int level, Outcome fallback,
                                                   String actor, Instant now) {
        return timeOut(record, level, fallback, actor, null, now);
    }

    /**
     * As {@link #timeOut(ApprovalRecord, int, Outcome, String, Instant)}, with {@code policy} (the rule and its
     * fallback, for instance) recorded in the FALLBACK_APPLIED event. APPROVED is accepted only for a low-risk
     * proposal: the rules file allows it nowhere else, and this keeps a mis-wired caller from approving by silence.
     */
    public static Transition<ChangeResult> timeOut(ApprovalRecord record, int level, Outcome fallback,
                                                   String actor, ObjectNode policy, Instant now) {
        Instant at = IsoMillis.truncate(now);
        String by = Checks.actor("actor", actor);
        if (fallback == null || fallback == Outcome.APPROVED && record.riskLevel() != RiskLevel.LOW) {
            throw new IllegalArgumentException("fallback " + fallback + " is not allowed for a " + record.riskLevel()
                    + "-risk proposal: absence of approval is never approval; use REJECTED (the default) or TIMED_OUT,"
                    + " and APPROVED only on a low-risk proposal whose rule says so");
        }
        DecisionRecord decided = record.decision();
        if (record.status() == ApprovalStatus.TIMED_OUT && decided != null && decided.level() == level) {
            return new Transition.Answer<>(new ChangeResult.AlreadyApplied(record));
        }
        if (record.status() != ApprovalStatus.PENDING || record.currentLevel() != level) {
            return notApplicable(record, "level " + level + " is not pending: the approval is " + record.status()
                    + " at level " + record.currentLevel());
        }
        EscalationLevel current = record.current();
        EscalationLevel timedOut = current.with(ApprovalStatus.TIMED_OUT, current.votes(), current.recipients(),
                current.reassignments());
        ApprovalRecord withLevel = record.withLevel(timedOut);
        ApprovalRecord next = withLevel.withState(ApprovalStatus.TIMED_OUT, level, withLevel.levels(),
                new DecisionRecord(Outcome.TIMED_OUT, by, at, level, null, Channel.POLICY, List.of(), null, fallback));
        ObjectNode timeout = JSON.objectNode();
        timeout.put("level", level);
        timeout.put("deadline", IsoMillis.format(current.deadline()));
        ObjectNode applied = policy == null ? JSON.objectNode() : policy.deepCopy();
        applied.put("level", level);
        applied.put("fallback", fallback.name());
        List<AuditEntry> entries = List.of(new AuditEntry(AuditEventType.TIMED_OUT, by, timeout),
                new AuditEntry(AuditEventType.FALLBACK_APPLIED, by, applied));
        if (!fits(record, entries, ApprovalLimits.TERMINAL_TRAIL_BYTES)) {
            return notApplicable(record, TRAIL_FULL);
        }
        return new Transition.Write<>(next, entries, null, ChangeResult.Applied::new);
    }

    /** The workflow was stopped or the request withdrawn. */
    public static Transition<ChangeResult> cancel(ApprovalRecord record, String actor, String reason, Instant now) {
        return cancel(record, actor, reason, null, now);
    }

    /**
     * As {@link #cancel(ApprovalRecord, String, String, Instant)}, with more of what cancelled it in the CANCELLED
     * event's details (the workflow execution's status, error and cause, say) beside {@code level} and {@code reason}.
     */
    public static Transition<ChangeResult> cancel(ApprovalRecord record, String actor, String reason,
                                                  ObjectNode details, Instant now) {
        Instant at = IsoMillis.truncate(now);
        String by = Checks.actor("actor", actor);
        String why = Checks.optionalText("reason", reason, ApprovalLimits.MAX_REASON_CHARS);
        if (record.status() == ApprovalStatus.CANCELLED) {
            return new Transition.Answer<>(new ChangeResult.AlreadyApplied(record));
        }
        if (record.status() != ApprovalStatus.PENDING) {
            return notApplicable(record, "the approval is already " + record.status() + "; only a pending approval"
                    + " can be cancelled");
        }
        EscalationLevel current = record.current();
        EscalationLevel cancelled = current.with(ApprovalStatus.CANCELLED, current.votes(), current.recipients(),
                current.reassignments());
        ApprovalRecord withLevel = record.withLevel(cancelled);
        ApprovalRecord next = withLevel.withState(ApprovalStatus.CANCELLED, record.currentLevel(), withLevel.levels(),
                new DecisionRecord(Outcome.CANCELLED, by, at, record.currentLevel(), why, Channel.API, List.of(),
                        null, null));
        ObjectNode recorded = details == null ? JSON.objectNode() : details.deepCopy();
        recorded.put("level", record.currentLevel());
        if (why != null) {
            recorded.put("reason", why);
        }
        List<AuditEntry> entries = List.of(new AuditEntry(AuditEventType.CANCELLED, by, recorded));
        if (!fits(record, entries, ApprovalLimits.TERMINAL_TRAIL_BYTES)) {
            return notApplicable(record, TRAIL_FULL);
        }
        return new Transition.Write<>(next, entries, null, ChangeResult.Applied::new);
    }

    /**
     * A verdict that came after its level ended: recorded once per approver and level (a repeat answers
     * {@link ChangeResult.AlreadyApplied} and writes nothing: a thousand clicks on a stale link are one event), and
     * changes nothing.
     */
    public static Transition<ChangeResult> lateDecision(ApprovalRecord record, int level, String approver,
                                                        Verdict verdict, String comment, Instant now) {
        String who = Checks.address("approver", approver);
        String text = Checks.optionalText("comment", comment, ApprovalLimits.MAX_COMMENT_CHARS);
        if (record.status() == ApprovalStatus.PENDING && record.currentLevel() == level) {
            return notApplicable(record, "level " + level + " is still pending: decide instead");
        }
        if (record.findLevel(level).map(l -> !l.isRecipient(who)).orElse(true)) {
            return notApplicable(record, NOT_A_RECIPIENT + who + " was not asked at level " + level + " of approval "
                    + record.approvalId());
        }
        if (InformationalEvents.has(record, AuditEventType.LATE_DECISION, who, level, null)) {
            return new Transition.Answer<>(new ChangeResult.AlreadyApplied(record));
        }
        ObjectNode details = JSON.objectNode();
        details.put("level", level);
        details.put("verdict", verdict.name());
        if (text != null) {
            details.put("comment", text);
        }
        details.put("status", record.status().name());
        details.put("currentLevel", record.currentLevel());
        List<AuditEntry> entries = List.of(new AuditEntry(AuditEventType.LATE_DECISION, who, details));
        if (!fits(record, entries, ApprovalLimits.SOFT_TRAIL_BYTES)) {
            return notApplicable(record, TRAIL_FULL);
        }
        return new Transition.Write<>(record, entries, null, ChangeResult.Applied::new);
    }

    /** A recipient hands their place at the current level to someone else (delegation, absence). */
    public static Transition<ChangeResult> reassign(ApprovalRecord record, int level, String from, String to,
                                                    String actor, String reason, Instant now) {
        String by = Checks.actor("actor", actor);
        String fromAddress = Checks.address("from", from);
        String toAddress = Checks.address("to", to);
        String why = Checks.optionalText("reason", reason, ApprovalLimits.MAX_REASON_CHARS);
        if (record.status() != ApprovalStatus.PENDING || record.currentLevel() != level) {
            return notApplicable(record, "level " + level + " is not pending: the approval is " + record.status()
                    + " at level " + record.currentLevel());
        }
        EscalationLevel current = record.current();
        boolean done = current.recipients().stream()
                .anyMatch(r -> r.approver().equals(toAddress) && fromAddress.equals(r.reassignedFrom()));
        if (done && !current.isRecipient(fromAddress)) {
            return new Transition.Answer<>(new ChangeResult.AlreadyApplied(record));
        }
        if (!current.isRecipient(fromAddress)) {
            return notApplicable(record, NOT_A_RECIPIENT + fromAddress + " is not asked at level " + level);
        }
        if (current.hasVoted(fromAddress)) {
            return notApplicable(record, fromAddress + " already gave a verdict at level " + level
                    + " and cannot hand it on");
        }
        if (current.isRecipient(toAddress)) {
            return notApplicable(record, toAddress + " is already asked at level " + level);
        }
        if (isSelf(record, toAddress)) {
            return notApplicable(record, toAddress + " requested or proposed this action and may not approve it");
        }
        if (current.reassignments() >= ApprovalLimits.MAX_REASSIGNMENTS_PER_LEVEL) {
            return notApplicable(record, "level " + level + " was reassigned " + current.reassignments()
                    + " times already, the limit: escalate instead");
        }
        List<Recipient> recipients = current.recipients().stream()
                .map(r -> r.approver().equals(fromAddress) ? new Recipient(toAddress, fromAddress) : r).toList();
        ApprovalRecord next = record.withLevel(current.with(ApprovalStatus.PENDING, current.votes(), recipients,
                current.reassignments() + 1));
        ObjectNode details = JSON.objectNode();
        details.put("level", level);
        details.put("from", fromAddress);
        details.put("to", toAddress);
        if (why != null) {
            details.put("reason", why);
        }
        List<AuditEntry> entries = List.of(new AuditEntry(AuditEventType.REASSIGNED, by, details));
        if (!fits(record, entries, ApprovalLimits.HARD_TRAIL_BYTES)) {
            return notApplicable(record, TRAIL_FULL);
        }
        return new Transition.Write<>(next, entries, null, ChangeResult.Applied::new);
    }

    /** Prefix of reasons that mean "this person is not asked there". */
    static final String NOT_A_RECIPIENT = "not a recipient: ";
    /** The reason given when an event does not fit the item any more. */
    public static final String TRAIL_FULL = "the audit trail of this approval is full (see docs/data-design.md,"
            + " item-size budget); the event was not recorded";

    private static Transition<DecideResult> essential(ApprovalRecord record, ApprovalRecord next, AuditEntry entry,
                                                      java.util.function.Function<ApprovalRecord, DecideResult> result,
                                                      int budget) {
        if (!fits(record, List.of(entry), budget)) {
            return refuse(DecideResult.Refusal.TRAIL_FULL, TRAIL_FULL, record);
        }
        return new Transition.Write<>(next, List.of(entry), null, result);
    }

    static boolean fits(ApprovalRecord record, List<AuditEntry> entries, int budget) {
        int added = entries.stream().mapToInt(AuditEntry::storedBytes).sum();
        return record.trailBytes() + added <= budget;
    }

    private static boolean isSelf(ApprovalRecord record, String address) {
        return address.equals(record.requester())
                || address.equals(record.proposedBy().toLowerCase(Locale.ROOT));
    }

    private static Transition<DecideResult> refuse(DecideResult.Refusal refusal, String message,
                                                   ApprovalRecord record) {
        return new Transition.Answer<>(new DecideResult.Refused(refusal, message, record));
    }

    static Transition<ChangeResult> notApplicable(ApprovalRecord record, String reason) {
        return new Transition.Answer<>(new ChangeResult.NotApplicable(record, reason));
    }

    private static ArrayNode addresses(List<Recipient> recipients) {
        ArrayNode array = JSON.arrayNode();
        recipients.forEach(r -> array.add(r.approver()));
        return array;
    }
}
