package dev.countersign.functions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.approval.ApprovalId;
import dev.countersign.approval.ApprovalKey;
import dev.countersign.approval.ApprovalStore;
import dev.countersign.approval.ChangeResult;
import dev.countersign.core.json.Json;
import dev.countersign.workflow.GateHistory;
import dev.countersign.workflow.sfn.StepFunctionsGateHistory;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Withdraws the approvals of a workflow execution that ended while it waited at a gate: stopped (ABORTED), failed
 * (FAILED: another branch failed, a NotificationFailed) or timed out (the workflow's own TimeoutSeconds). Invoked by
 * EventBridge with Step Functions' "Step Functions Execution Status Change" event ({@code countersign up}'s engine
 * puts the same events on its local bus). For each gate the execution reached (its history's RequestApproval tasks),
 * a pending approval becomes CANCELLED in one conditional write with its CANCELLED event — actor {@value #ACTOR},
 * details: the level, the reason, and the execution's status, error and cause (who stopped it, when the caller of
 * StopExecution said so in its cause). Its links then answer "this request was withdrawn", and a late click is a
 * LATE_DECISION that changes nothing. No callback is owed: the execution is gone.
 *
 * <p>Idempotent (EventBridge delivers at least once): an approval already decided, timed out or cancelled is left as
 * it is. Output: {@code {"executionArn", "status", "cancelled": [approval ids]}}.
 */
public final class CancelHandler implements GateStepHandler {
    /** The actor of the CANCELLED events this function writes. */
    public static final String ACTOR = "countersign:cancel";
    /** The execution statuses that end a waiting gate. */
    public static final Set<String> ENDINGS = Set.of("ABORTED", "FAILED", "TIMED_OUT");

    private final ApprovalStore store;
    private final GateHistory history;
    private final JsonLog log;

    /** What Lambda calls: everything from the process environment, once per container. */
    public CancelHandler() {
        this(System.getenv());
    }

    /** Everything from an explicit environment (the local runtime passes its endpoints here). */
    public CancelHandler(Map<String, String> environment) {
        this(FunctionDependencies.fromEnvironment(environment, "countersign-cancel"),
                dev.countersign.aws.AwsJsonClients.fromEnvironment(environment, java.time.Clock.systemUTC()));
    }

    private CancelHandler(FunctionDependencies deps, dev.countersign.aws.AwsJsonClients clients) {
        this(deps.store(), new StepFunctionsGateHistory(clients::stepFunctions), deps.log());
    }

    public CancelHandler(ApprovalStore store, GateHistory history, JsonLog log) {
        this.store = Objects.requireNonNull(store, "store");
        this.history = Objects.requireNonNull(history, "history");
        this.log = Objects.requireNonNull(log, "log");
    }

    @Override
    public ObjectNode handle(JsonNode input, String requestId) {
        JsonNode detail = input == null ? null : input.has("detail") ? input.get("detail") : input;
        if (detail == null || !detail.path("executionArn").isTextual()) {
            throw new IllegalArgumentException("countersign-cancel expects a \"Step Functions Execution Status"
                    + " Change\" event (detail.executionArn, detail.status); got none");
        }
        String executionArn = detail.get("executionArn").asText();
        String status = detail.path("status").asText();
        ObjectNode result = Json.object().put("executionArn", executionArn).put("status", status);
        ArrayNode cancelled = result.putArray("cancelled");
        if (!ENDINGS.contains(status)) {
            return result;
        }
        String error = text(detail, "error");
        String cause = text(detail, "cause");
        String reason = reason(status, error, cause);
        ObjectNode details = Json.object();
        ObjectNode execution = details.putObject("execution");
        execution.put("arn", executionArn).put("status", status);
        if (error != null) {
            execution.put("error", error);
        }
        if (cause != null) {
            execution.put("cause", cause.length() > 500 ? cause.substring(0, 500) + "…" : cause);
        }
        for (String gate : history.gatesReached(executionArn)) {
            ApprovalId approvalId = ApprovalId.forKey(new ApprovalKey(executionArn, gate));
            ChangeResult change = store.cancel(approvalId, ACTOR, reason, details);
            if (change instanceof ChangeResult.Applied) {
                cancelled.add(approvalId.value());
                log.info("approval cancelled: its workflow execution ended while it waited", "approvalId",
                        approvalId.value(), "gate", gate, "executionStatus", status);
            }
        }
        return result;
    }

    /** "the workflow execution was stopped: <cause>", "… failed (error): cause", "… timed out". */
    static String reason(String status, String error, String cause) {
        String what = switch (status) {
            case "ABORTED" -> "the workflow execution was stopped";
            case "FAILED" -> "the workflow execution failed" + (error == null ? "" : " (" + error + ")");
            default -> "the workflow execution timed out";
        };
        String why = cause == null ? "" : ": " + cause.replaceAll("\\s+", " ").strip();
        String text = what + why;
        return text.length() > 480 ? text.substring(0, 479) + "…" : text;
    }

    private static String text(JsonNode detail, String field) {
        JsonNode value = detail.get(field);
        return value != null && value.isTextual() && !value.asText().isBlank() ? value.asText() : null;
    }
}
