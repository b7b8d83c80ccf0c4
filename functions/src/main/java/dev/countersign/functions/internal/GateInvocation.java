package dev.countersign.functions.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.approval.ApprovalLimits;
import dev.countersign.approval.TaskToken;
import dev.countersign.routing.Route;
import dev.countersign.workflow.GateProtocol;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The request function's payload, as the gate's Task state builds it. A missing or mistyped field is a bug in the
 * workflow definition, so it fails the invocation with a message naming the field and the ASL that fills it.
 *
 * <p>Two shapes: the routed gate passes {@code "approval.$": "$.approval"} (the Route step's output: the route and
 * the phase it waits in), from which the level and its timeout come; a gate without a Route step passes
 * {@code "level"} and {@code "timeoutSeconds"} itself (the handler then routes by the proposal's hints).
 *
 * @param taskToken      {@code $$.Task.Token}
 * @param executionArn   {@code $$.Execution.Id}
 * @param gate           the gate's name in the workflow
 * @param level          the escalation level being asked (1 first)
 * @param timeoutSeconds the Task state's TimeoutSeconds: the level's deadline is this after the task started
 * @param proposal       the proposal (validated by the handler, not here)
 * @param enteredTime    {@code $$.State.EnteredTime} when the workflow passes it (then the deadline is exact), or null
 * @param route          the Route step's output ({@code $.approval}: a refusal never gets here, the Route step throws
 *                       it); null for a gate without a Route step
 */
public record GateInvocation(TaskToken taskToken, String executionArn, String gate, int level, long timeoutSeconds,
                             JsonNode proposal, Instant enteredTime, Route route) {
    /** Step Functions Standard workflows run at most a year. */
    public static final long MAX_TIMEOUT_SECONDS = 366L * 24 * 3600;

    /**
     * The level's deadline: {@code enteredTime + timeoutSeconds} when known (exactly when Step Functions times the task
     * out), else {@code now + timeoutSeconds} (a little after it, by the invocation's start-up time).
     */
    public Instant deadline(Instant now) {
        return (enteredTime == null ? now : enteredTime).plusSeconds(timeoutSeconds);
    }

    public static GateInvocation parse(JsonNode payload) {
        if (payload == null || !payload.isObject()) {
            throw problem("$", "is not a JSON object", "pass the Payload object from the gate's Task state");
        }
        JsonNode token = payload.get(GateProtocol.TASK_TOKEN);
        if (token == null || !token.isTextual() || token.textValue().isBlank()) {
            throw problem(GateProtocol.TASK_TOKEN, token == null ? "is missing" : "is not a non-empty string",
                    "set \"taskToken.$\": \"$$.Task.Token\" and use the .waitForTaskToken resource");
        }
        if (token.textValue().length() > ApprovalLimits.MAX_TASK_TOKEN_CHARS) {
            throw problem(GateProtocol.TASK_TOKEN, "is longer than " + ApprovalLimits.MAX_TASK_TOKEN_CHARS + " characters",
                    "pass $$.Task.Token unchanged");
        }
        String executionArn = text(payload, GateProtocol.EXECUTION_ARN, "set \"executionArn.$\": \"$$.Execution.Id\"");
        if (!executionArn.startsWith("arn:")) {
            throw problem(GateProtocol.EXECUTION_ARN, "is not an ARN", "set \"executionArn.$\": \"$$.Execution.Id\"");
        }
        String gate = text(payload, GateProtocol.GATE, "name the gate, e.g. \"gate\": \"refund-approval\"");
        JsonNode proposal = GateProtocol.proposal(payload.get(GateProtocol.PROPOSAL));
        if (proposal == null || proposal.isNull()) {
            throw problem(GateProtocol.PROPOSAL, "is missing", "set \"proposal.$\" to the path of the proposal, e.g."
                    + " \"$.proposal\"");
        }
        Instant entered = enteredTime(payload);
        if (payload.has(GateProtocol.APPROVERS)) {
            // Recipients come only from the route; ignoring the field would ask someone the gate's owner did not name.
            throw problem(GateProtocol.APPROVERS, "is not read here", "the gate's approvers go to the Route"
                    + " step's Parameters (\"approvers\": [\"lee@example.com\"]), which makes them the route;"
                    + " remove the field here (a workflow built with an older ApprovalGate: rebuild and redeploy it)");
        }
        JsonNode approval = payload.get(GateProtocol.APPROVAL);
        if (approval != null && !approval.isNull()) {
            Route route;
            try {
                route = Route.fromJson(approval);
            } catch (IllegalArgumentException e) {
                throw problem(GateProtocol.APPROVAL, "is not the Route step's output (" + e.getMessage() + ")",
                        "set \"approval.$\": \"$.approval\" (the Route step's ResultPath)");
            }
            return new GateInvocation(new TaskToken(token.textValue()), executionArn, gate, route.phase().level(),
                    route.currentLevel().timeoutSeconds(), proposal, entered, route);
        }
        JsonNode level = payload.get("level");
        if (level == null || !level.canConvertToInt() || !level.isIntegralNumber() || level.intValue() < 1
                || level.intValue() > ApprovalLimits.MAX_LEVELS) {
            throw problem("level", level == null ? "is missing" : "is not a whole number from 1 to "
                    + ApprovalLimits.MAX_LEVELS, "set \"level\": 1 for the first approvers");
        }
        JsonNode timeout = payload.get(GateProtocol.TIMEOUT_SECONDS);
        if (timeout == null || !timeout.isIntegralNumber() || !timeout.canConvertToLong() || timeout.longValue() < 1
                || timeout.longValue() > MAX_TIMEOUT_SECONDS) {
            throw problem(GateProtocol.TIMEOUT_SECONDS, timeout == null ? "is missing" : "is not a whole number of seconds"
                    + " from 1 to " + MAX_TIMEOUT_SECONDS, "set it to the Task state's TimeoutSeconds, e.g."
                    + " \"timeoutSeconds\": 86400");
        }
        return new GateInvocation(new TaskToken(token.textValue()), executionArn, gate, level.intValue(),
                timeout.longValue(), proposal, entered, null);
    }

    /** The route to follow, when the gate has a Route step; null otherwise. */
    public Route routed() {
        return route;
    }

    private static Instant enteredTime(JsonNode payload) {
        JsonNode enteredTime = payload.get(GateProtocol.ENTERED_TIME);
        if (enteredTime == null || enteredTime.isNull()) {
            return null;
        }
        try {
            return Instant.parse(enteredTime.asText());
        } catch (DateTimeParseException e) {
            throw problem(GateProtocol.ENTERED_TIME, "is not an ISO-8601 time", "set \"enteredTime.$\":"
                    + " \"$$.State.EnteredTime\" or leave it out");
        }
    }

    private static String text(JsonNode payload, String field, String fix) {
        JsonNode node = payload.get(field);
        if (node == null || !node.isTextual() || node.textValue().isBlank()) {
            throw problem(field, node == null ? "is missing" : "is not a non-empty string", fix);
        }
        return node.textValue().strip();
    }

    private static IllegalArgumentException problem(String field, String problem, String fix) {
        return new IllegalArgumentException("the request function's payload field '" + field + "' " + problem
                + ": " + fix + " in the gate's Task state Parameters.Payload");
    }

    @Override
    public String toString() {
        return "GateInvocation[executionArn=" + executionArn + ", gate=" + gate + ", level=" + level + "]";
    }
}
