package dev.countersign.audit;

/** What an audit event records. The trail stores the name, so readers accept names this enum does not know yet. */
public enum AuditEventType {
    REQUESTED(false),
    ROUTED(true),
    NOTIFIED(true),
    NOTIFY_FAILED(true),
    VIEWED(true),
    REMINDED(true),
    APPROVED(false),
    REJECTED(false),
    ESCALATED(false),
    TIMED_OUT(false),
    FALLBACK_APPLIED(false),
    LATE_DECISION(true),
    CANCELLED(false),
    REASSIGNED(false),
    /** The workflow accepted the decision of a level (SendTaskSuccess answered): it will not be sent again. */
    CALLBACK_DELIVERED(true),
    /** Handing the decision to the workflow failed: the task was closed or gone, or the service unavailable. */
    CALLBACK_FAILED(true);

    private final boolean informational;

    AuditEventType(boolean informational) {
        this.informational = informational;
    }

    /**
     * True for events that record what happened around an approval without changing it (views, emails, late clicks).
     * Their number is not bounded by the approval's shape, so they are the ones refused when the trail is full.
     */
    public boolean informational() {
        return informational;
    }

    /**
     * True for the events people (or their mail scanners) cause again and again without changing anything: page views
     * and clicks that came too late. The trail records them once per person and level, and only while its lower byte
     * budget lasts, so that however many there are they never crowd out the events that say what was asked, who was
     * told, what was decided and whether the workflow has it (docs/data-design.md, "Item-size budget").
     */
    public boolean repeatable() {
        return this == VIEWED || this == LATE_DECISION;
    }
}
