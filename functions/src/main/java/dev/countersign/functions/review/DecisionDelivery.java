package dev.countersign.functions.review;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.approval.ApprovalId;
import dev.countersign.approval.ApprovalRecord;
import dev.countersign.approval.ApprovalStore;
import dev.countersign.approval.ApprovalStoreException;
import dev.countersign.approval.DecisionRecord;
import dev.countersign.approval.TaskToken;
import dev.countersign.audit.AuditEntry;
import dev.countersign.audit.AuditEventType;
import dev.countersign.core.Decision;
import dev.countersign.core.json.Json;
import dev.countersign.functions.JsonLog;
import dev.countersign.functions.Metric;
import dev.countersign.functions.internal.DecisionMetrics;
import dev.countersign.functions.internal.ApprovalPresentation;
import dev.countersign.views.WorkflowResumption;
import dev.countersign.workflow.CallbackResult;
import dev.countersign.workflow.WorkflowCallback;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Resumes the paused workflow with a recorded decision: sends it to the waiting task and records how that went —
 * CALLBACK_DELIVERED once it is accepted (a repeated POST then never sends it again), CALLBACK_FAILED otherwise — and
 * re-sends a decision whose first delivery stalled.
 */
final class DecisionDelivery {
    /** A repeated POST re-sends an undelivered decision only once the first delivery had this long past its retries. */
    static final Duration REDELIVERY_MARGIN = Duration.ofSeconds(5);

    private final ApprovalStore store;
    private final WorkflowCallback callback;
    private final Clock clock;
    private final Duration callbackRetries;
    private final String actor;

    /**
     * @param callbackRetries how long one delivery may keep retrying
     * @param actor           the actor of the callback events
     */
    DecisionDelivery(ApprovalStore store, WorkflowCallback callback, Clock clock, Duration callbackRetries,
                     String actor) {
        this.store = store;
        this.callback = callback;
        this.clock = clock;
        this.callbackRetries = callbackRetries;
        this.actor = actor;
    }

    /** Hands the decision of {@code level}, as recorded in {@code approval}, to the waiting task. */
    WorkflowResumption deliver(ApprovalRecord approval, int level, JsonLog log) {
        ApprovalId id = approval.approvalId();
        Decision decision = approval.decisionOutput().orElseThrow();
        Optional<TaskToken> token = store.taskTokenForCallback(id, level);
        if (token.isEmpty()) {
            log.error("no task token stored for the level; the timeout step will hand the decision over", null,
                    "approvalId", id, "approvalLevel", level);
            record(id, AuditEventType.CALLBACK_FAILED, Json.object().put("level", level)
                    .put("error", "NoTaskToken").put("final", false), log);
            return WorkflowResumption.PENDING;
        }
        JsonLog tokenLog = log.redacting(token.get().value());
        CallbackResult result = callback.succeed(token.get(), approval.decisionJson().orElseThrow());
        tokenLog.info("decision handed to the workflow", "approvalId", id, "approvalLevel", level, "outcome",
                decision.outcome().wireName(), "callback", result.getClass().getSimpleName());
        if (result instanceof CallbackResult.Delivered delivered) {
            DecisionMetrics.delivered(tokenLog, approval, decision);
            record(id, AuditEventType.CALLBACK_DELIVERED, Json.object().put("level", level)
                    .put("outcome", decision.outcome().wireName()).put("attempts", delivered.attempts()), tokenLog);
            return WorkflowResumption.RESUMED;
        }
        if (result instanceof CallbackResult.TaskClosed closed) {
            // The task stopped waiting (timed out): its timeout step returns this recorded decision to the workflow.
            record(id, AuditEventType.CALLBACK_FAILED, Json.object().put("level", level)
                    .put("error", closed.error()).put("final", true), tokenLog);
            return WorkflowResumption.PENDING;
        }
        if (result instanceof CallbackResult.TaskUnknown unknown) {
            record(id, AuditEventType.CALLBACK_FAILED, Json.object().put("level", level)
                    .put("error", unknown.error()).put("final", true), tokenLog);
            return WorkflowResumption.ENDED;
        }
        CallbackResult.Unavailable unavailable = (CallbackResult.Unavailable) result;
        tokenLog.warn("workflow unavailable; decision recorded, callback to be re-sent", "approvalId", id,
                "error", unavailable.error(), "errorMessage", unavailable.message(), "attempts",
                unavailable.attempts());
        tokenLog.metric(Metric.CALLBACKS_UNDELIVERED, 1);
        record(id, AuditEventType.CALLBACK_FAILED, Json.object().put("level", level)
                .put("error", unavailable.error()).put("attempts", unavailable.attempts()).put("final", false),
                tokenLog);
        return WorkflowResumption.PENDING;
    }

    /**
     * A repeated POST on a decided level re-sends the decision if it was never delivered and the first delivery has
     * had its time: while the winner is still delivering, losers must not send a second callback.
     */
    void redeliverIfStalled(ApprovalRecord approval, int level, JsonLog log) {
        DecisionRecord d = approval.decision();
        if (d == null || d.level() != level || !ApprovalPresentation.outcome(d.outcome()).isPersonal()) {
            return;
        }
        Duration wait = callbackRetries.plus(REDELIVERY_MARGIN);
        if (approval.callbackSettled(level) || clock.instant().isBefore(d.decidedAt().plus(wait))) {
            return;
        }
        log.info("decision was never handed to the workflow; re-sending", "approvalId", approval.approvalId(),
                "approvalLevel", level);
        deliver(approval, level, log);
    }

    private void record(ApprovalId id, AuditEventType type, ObjectNode details, JsonLog log) {
        try {
            if (type == AuditEventType.CALLBACK_DELIVERED) {
                store.appendOnce(id, new AuditEntry(type, actor, details));
            } else {
                store.append(id, new AuditEntry(type, actor, details));
            }
        } catch (ApprovalStoreException e) {
            log.warn("could not record " + type, "approvalId", id, "error", e.getMessage());
        }
    }
}
