package dev.countersign.functions.internal;

import dev.countersign.approval.ApprovalRecord;
import dev.countersign.core.Decision;
import dev.countersign.functions.JsonLog;
import dev.countersign.functions.Metric;
import java.time.Duration;

/** The metrics of a decision that reached its workflow (kept apart so the decision handler only calls one line). */
public final class DecisionMetrics {
    private DecisionMetrics() {
    }

    /** The approval is closed, and how long it took from the request to the decision. */
    public static void delivered(JsonLog log, ApprovalRecord approval, Decision decision) {
        Duration waited = Duration.between(approval.createdAt(), decision.decidedAt());
        log.metric(Metric.TIME_TO_DECISION, Math.max(0, waited.toMillis()) / 1000.0);
        log.metric(Metric.APPROVALS_CLOSED, 1);
    }
}
