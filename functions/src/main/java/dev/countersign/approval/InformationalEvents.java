package dev.countersign.approval;

import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.audit.AuditEntry;
import dev.countersign.audit.AuditEvent;
import dev.countersign.audit.AuditEventType;
import java.util.List;
import java.util.Objects;

/**
 * The informational events' rules (docs/data-design.md, "Item-size budget"): events that change nothing but the
 * trail — who was routed, told, viewed, reminded, and how the callback went — each within its share of the budget.
 */
public final class InformationalEvents {
    private InformationalEvents() {
    }

    /**
     * An informational event (ROUTED, NOTIFIED, NOTIFY_FAILED, VIEWED, REMINDED, CALLBACK_DELIVERED, CALLBACK_FAILED):
     * no state change.
     */
    public static Transition<ChangeResult> append(ApprovalRecord record, AuditEntry entry) {
        if (!entry.type().informational() || entry.type() == AuditEventType.LATE_DECISION) {
            throw new IllegalArgumentException("event type " + entry.type() + " changes the approval or has its own"
                    + " operation: use decide, escalate, timeOut, cancel, reassign or lateDecision");
        }
        Checks.actor("actor", entry.actor());
        int bytes = entry.detailsText().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (bytes > ApprovalLimits.MAX_DETAILS_BYTES) {
            throw new IllegalArgumentException("details of " + entry.type() + " take " + bytes + " bytes; the limit is "
                    + ApprovalLimits.MAX_DETAILS_BYTES + ": keep only the facts (ids, addresses, short messages)");
        }
        if (!ApprovalTransitions.fits(record, List.of(entry), budget(entry))) {
            return ApprovalTransitions.notApplicable(record, ApprovalTransitions.TRAIL_FULL);
        }
        return new Transition.Write<>(record, List.of(entry), null, ChangeResult.Applied::new);
    }

    /**
     * How handing the decision of {@code details.level} to the workflow went: CALLBACK_DELIVERED, or CALLBACK_FAILED
     * ({@code details.final} true when the task will never take it). Once a level is settled nothing more is written,
     * so a delivery and a re-send's "task closed" are never both recorded, and a failure that will be retried is
     * recorded once per level and error however often the sweep retries it.
     */
    public static Transition<ChangeResult> callbackOutcome(ApprovalRecord record, AuditEntry entry) {
        if (entry.type() != AuditEventType.CALLBACK_DELIVERED && entry.type() != AuditEventType.CALLBACK_FAILED) {
            throw new IllegalArgumentException("event type " + entry.type() + " is not a callback outcome: use"
                    + " CALLBACK_DELIVERED or CALLBACK_FAILED");
        }
        int level = entry.details().path("level").asInt(-1);
        if (record.callbackSettled(level)) {
            return new Transition.Answer<>(new ChangeResult.AlreadyApplied(record));
        }
        if (entry.type() == AuditEventType.CALLBACK_FAILED && !entry.details().path("final").asBoolean(false)
                && has(record, AuditEventType.CALLBACK_FAILED, null, level, entry.details().get("error"))) {
            return new Transition.Answer<>(new ChangeResult.AlreadyApplied(record));
        }
        return append(record, entry);
    }

    /**
     * The trail budget an informational event may use (docs/data-design.md, "Item-size budget"): the events that say
     * what was asked, who was told and whether the workflow has the decision are essential and share the votes'
     * budget; repeatable ones (views, late clicks, a retryable callback failure) stop at the lower one.
     */
    static int budget(AuditEntry entry) {
        boolean retryableFailure = entry.type() == AuditEventType.CALLBACK_FAILED
                && !entry.details().path("final").asBoolean(false);
        return entry.type().repeatable() || retryableFailure ? ApprovalLimits.SOFT_TRAIL_BYTES
                : ApprovalLimits.HARD_TRAIL_BYTES;
    }

    /** Whether the trail has an event of {@code type} at {@code level} (and, when given, by {@code actor}, with {@code error}). */
    static boolean has(ApprovalRecord record, AuditEventType type, String actor, int level, JsonNode error) {
        for (AuditEvent event : record.auditTrail()) {
            if (event.type().equals(type.name()) && (actor == null || event.actor().equals(actor))
                    && event.details().path("level").asInt(-1) == level
                    && (error == null || error.equals(event.details().get("error")))) {
                return true;
            }
        }
        return false;
    }

    /**
     * An informational event that is recorded once: if the trail already holds an event of the same type, by the same
     * actor, about the same level ({@code details.level}), nothing is written. Decided on the state the write is
     * conditioned on, so concurrent callers (50 link scanners opening one page) record it once between them.
     */
    public static Transition<ChangeResult> appendOnce(ApprovalRecord record, AuditEntry entry) {
        String type = entry.type().name();
        JsonNode level = entry.details().get("level");
        for (AuditEvent event : record.auditTrail()) {
            if (event.type().equals(type) && event.actor().equals(entry.actor())
                    && Objects.equals(event.details().get("level"), level)) {
                return new Transition.Answer<>(new ChangeResult.AlreadyApplied(record));
            }
        }
        return append(record, entry);
    }
}
