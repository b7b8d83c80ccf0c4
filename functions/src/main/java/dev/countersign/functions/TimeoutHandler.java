package dev.countersign.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.approval.ApprovalId;
import dev.countersign.approval.ApprovalKey;
import dev.countersign.approval.ApprovalLimits;
import dev.countersign.approval.ApprovalRecord;
import dev.countersign.approval.ApprovalStore;
import dev.countersign.approval.ChangeResult;
import dev.countersign.core.Decision;
import dev.countersign.core.Outcome;
import dev.countersign.core.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The gate's RecordTimeout step (a bare Lambda ARN in the ASL, reached by the Catch of {@code States.Timeout}):
 * records that nobody decided the level in time. The approval ends TIMED_OUT with the fallback REJECTED — absence
 * of approval is never approval — and the level's links stop working. Returns the Decision JSON.
 *
 * <p>Input {@code {"executionArn", "gate", "level"}}. Idempotent: a retry returns the same Decision. If the level was
 * decided before its deadline but the callback did not reach the workflow in time, the recorded decision is returned:
 * the record is the authority, and the approver decided in time.
 */
public final class TimeoutHandler implements RequestStreamHandler {
    /** The actor of the TIMED_OUT and FALLBACK_APPLIED events, and the Decision's {@code decidedBy}. */
    public static final String ACTOR = "countersign:timeout";
    /** What the workflow does when nobody decided. */
    public static final Outcome FALLBACK = Outcome.REJECTED;

    private final ApprovalStore store;
    private final JsonLog log;

    /** What Lambda calls: the store from the process environment, once per container. */
    public TimeoutHandler() {
        this(System.getenv());
    }

    /** The store from an explicit environment (no email or callback settings needed). */
    public TimeoutHandler(Map<String, String> environment) {
        this(FunctionDependencies.storeFromEnvironment(environment, Clock.systemUTC()),
                JsonLog.stdout("countersign-timeout"));
    }

    public TimeoutHandler(FunctionDependencies dependencies) {
        this(dependencies.store(), dependencies.log());
    }

    public TimeoutHandler(ApprovalStore store, JsonLog log) {
        this.store = Objects.requireNonNull(store, "store");
        this.log = Objects.requireNonNull(log, "log");
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        ObjectNode result = handle(Json.parse(input), context == null ? null : context.getAwsRequestId());
        output.write(Json.write(result).getBytes(StandardCharsets.UTF_8));
    }

    /** One invocation on a parsed input: the Decision JSON. */
    public ObjectNode handle(JsonNode input, String requestId) {
        JsonLog log = this.log.forRequest(requestId);
        String executionArn = text(input, "executionArn", "\"executionArn.$\": \"$$.Execution.Id\"");
        String gate = text(input, "gate", "the gate's name, as in the request step, e.g. \"gate\": \"refund-approval\"");
        JsonNode levelNode = input.get("level");
        if (levelNode == null || !levelNode.isIntegralNumber() || levelNode.intValue() < 1
                || levelNode.intValue() > ApprovalLimits.MAX_LEVELS) {
            throw new IllegalArgumentException("the timeout function's input field 'level' is "
                    + (levelNode == null ? "missing" : "not a whole number from 1 to " + ApprovalLimits.MAX_LEVELS)
                    + ": set \"level\" to the level the request step asked, e.g. \"level\": 1");
        }
        int level = levelNode.intValue();
        ApprovalId id = ApprovalId.forKey(new ApprovalKey(executionArn, gate));
        ChangeResult result = store.timeOut(id, level, FALLBACK, ACTOR);
        if (result instanceof ChangeResult.Applied applied) {
            log.info("level timed out; fallback applied", "approvalId", id, "approvalLevel", level, "fallback",
                    FALLBACK.wireName());
            return decision(applied.approval());
        }
        if (result instanceof ChangeResult.AlreadyApplied again) {
            log.info("timeout already recorded (retry)", "approvalId", id, "approvalLevel", level);
            return decision(again.approval());
        }
        if (result instanceof ChangeResult.NotApplicable refused) {
            ApprovalRecord approval = refused.approval();
            Optional<Decision> recorded = approval.decisionOutput().filter(d -> d.level() == level);
            if (approval.status().isFinal() && recorded.isPresent()) {
                // Decided in time but the callback lost the race with the timer: the workflow takes the record's word.
                log.warn("level was decided before the timeout; returning the recorded decision", "approvalId", id,
                        "approvalLevel", level, "outcome", recorded.get().outcome().wireName());
                return recorded.get().toJson();
            }
            throw new IllegalStateException("cannot time out level " + level + " of approval " + id + " (execution "
                    + executionArn + ", gate " + gate + "): " + refused.reason());
        }
        throw new IllegalStateException("no approval exists for execution " + executionArn + " and gate '" + gate
                + "' (approval id " + id + "): the request step never created it — check the gate name matches"
                + " the request step's and see the request function's log");
    }

    private static ObjectNode decision(ApprovalRecord approval) {
        return approval.decisionOutput().orElseThrow(() -> new IllegalStateException("approval "
                + approval.approvalId() + " is " + approval.status() + " but has no decision")).toJson();
    }

    private static String text(JsonNode input, String field, String example) {
        JsonNode node = input == null ? null : input.get(field);
        if (node == null || !node.isTextual() || node.textValue().isBlank()) {
            throw new IllegalArgumentException("the timeout function's input field '" + field + "' is "
                    + (node == null ? "missing" : "not a non-empty string") + ": set " + example
                    + " in the RecordTimeout state's Parameters");
        }
        return node.textValue().strip();
    }
}
