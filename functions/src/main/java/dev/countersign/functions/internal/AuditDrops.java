package dev.countersign.functions.internal;

import dev.countersign.approval.ApprovalRecord;
import dev.countersign.approval.ApprovalTransitions;
import dev.countersign.approval.ChangeResult;
import dev.countersign.audit.AuditEntry;
import dev.countersign.functions.JsonLog;
import dev.countersign.functions.Metric;

/**
 * The one warning for an audit event the trail did not take (docs/data-design.md, "Item-size budget"): a repeat of an
 * event kept once per person or level (a view, a late click, a retryable callback failure), or one for which the
 * approval's item has no room left. Nothing is dropped silently.
 */
public final class AuditDrops {
    private AuditDrops() {
    }

    /**
     * Logs a WARN line (and counts it) when the trail had no room for {@code entry}. For events recorded once by design
     * (a view per person and level, a reminder or a route per level), where a repeat is expected and not a loss.
     */
    public static void warnIfNoRoom(ChangeResult result, AuditEntry entry, JsonLog log) {
        if (result instanceof ChangeResult.NotApplicable) {
            warnIfDropped(result, entry, log);
        }
    }

    /** Logs a WARN line (and counts it) when {@code entry} was not recorded, for whatever reason; nothing when it was. */
    public static void warnIfDropped(ChangeResult result, AuditEntry entry, JsonLog log) {
        String why;
        ApprovalRecord approval;
        if (result instanceof ChangeResult.NotApplicable refused
                && ApprovalTransitions.TRAIL_FULL.equals(refused.reason())) {
            why = "the approval's audit trail has no room left for it";
            approval = refused.approval();
        } else if (result instanceof ChangeResult.AlreadyApplied already) {
            why = "an event like it is already recorded (kept once per person, level or error)";
            approval = already.approval();
        } else {
            return;
        }
        log.warn("audit event not recorded: " + why, "approvalId", approval.approvalId(), "type",
                entry.type().name(), "actor", entry.actor(), "approvalLevel", entry.details().path("level").asInt(0));
        log.metric(Metric.AUDIT_EVENTS_DROPPED, 1);
    }
}
