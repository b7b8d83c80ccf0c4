package dev.countersign.functions;

/**
 * The metrics the functions publish as CloudWatch embedded metric format lines ({@link JsonLog#metric}), in namespace
 * {@value JsonLog#METRIC_NAMESPACE} with dimension {@value JsonLog#METRIC_DIMENSION}. The stack's alarms and
 * dashboard read them by these names.
 */
public enum Metric {
    /** An approval was stored and its first level requested (once per approval, not on retries). */
    APPROVALS_OPENED("ApprovalsOpened", "Count"),
    /** An approval ended: a decision reached its workflow, a fallback applied, or notification failed. */
    APPROVALS_CLOSED("ApprovalsClosed", "Count"),
    /** From the approval's creation to the decision that reached its workflow. */
    TIME_TO_DECISION("TimeToDecision", "Seconds"),
    /** A level timed out and the next level was asked. */
    ESCALATIONS("Escalations", "Count"),
    /** No approver of a level could be emailed: the gate failed with Countersign.NotificationFailed. */
    NOTIFICATION_FAILURES("NotificationFailures", "Count"),
    /** A recorded decision could not be handed to its workflow yet (the sweep re-sends it). */
    CALLBACKS_UNDELIVERED("CallbacksUndelivered", "Count");

    private final String metricName;
    private final String unit;

    Metric(String metricName, String unit) {
        this.metricName = metricName;
        this.unit = unit;
    }

    /** The CloudWatch metric name. */
    public String metricName() {
        return metricName;
    }

    /** The CloudWatch unit. */
    public String unit() {
        return unit;
    }
}
