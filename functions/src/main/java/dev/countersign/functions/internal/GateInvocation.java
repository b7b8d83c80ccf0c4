package dev.countersign.functions.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.approval.ApprovalLimits;
import dev.countersign.approval.TaskToken;
import dev.countersign.core.EmailAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.time.format.DateTimeParseException;

/**
 * The request function's payload, as the gate's Task state builds it. A missing or mistyped field is a bug in the
 * workflow definition, so it fails the invocation with a message naming the field and the ASL that fills it.
 *
 * @param taskToken      {@code $$.Task.Token}
 * @param executionArn   {@code $$.Execution.Id}
 * @param gate           the gate's name in the workflow
 * @param level          the escalation level being asked (1 first)
 * @param timeoutSeconds the Task state's TimeoutSeconds: the level's deadline is this after the task started
 * @param proposal       the proposal (validated by the handler, not here)
 * @param enteredTime    {@code $$.State.EnteredTime} when the workflow passes it (then the deadline is exact), or null
 * @param approvers      who approves at this gate, as the workflow's owner configured it (CDK's {@code ApprovalGate}
 *                       {@code approvers}); empty when the gate names nobody
 */
public record GateInvocation(TaskToken taskToken, String executionArn, String gate, int level, long timeoutSeconds,
                             JsonNode proposal, Instant enteredTime, List<String> approvers) {
    public GateInvocation {
        approvers = List.copyOf(approvers);
    }

    /** The address shape CountersignSettings accepts for default approvers: ASCII, one @, a dotted domain. */
    private static final java.util.regex.Pattern ADDRESS =
            java.util.regex.Pattern.compile("[!-~&&[^@<>,]]+@[!-~&&[^@<>,]]+\\.[!-~&&[^@<>,]]+");

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
        JsonNode token = payload.get("taskToken");
        if (token == null || !token.isTextual() || token.textValue().isBlank()) {
            throw problem("taskToken", token == null ? "is missing" : "is not a non-empty string",
                    "set \"taskToken.$\": \"$$.Task.Token\" and use the .waitForTaskToken resource");
        }
        if (token.textValue().length() > ApprovalLimits.MAX_TASK_TOKEN_CHARS) {
            throw problem("taskToken", "is longer than " + ApprovalLimits.MAX_TASK_TOKEN_CHARS + " characters",
                    "pass $$.Task.Token unchanged");
        }
        String executionArn = text(payload, "executionArn", "set \"executionArn.$\": \"$$.Execution.Id\"");
        if (!executionArn.startsWith("arn:")) {
            throw problem("executionArn", "is not an ARN", "set \"executionArn.$\": \"$$.Execution.Id\"");
        }
        String gate = text(payload, "gate", "name the gate, e.g. \"gate\": \"refund-approval\"");
        JsonNode level = payload.get("level");
        if (level == null || !level.canConvertToInt() || !level.isIntegralNumber() || level.intValue() < 1
                || level.intValue() > ApprovalLimits.MAX_LEVELS) {
            throw problem("level", level == null ? "is missing" : "is not a whole number from 1 to "
                    + ApprovalLimits.MAX_LEVELS, "set \"level\": 1 for the first approvers");
        }
        JsonNode timeout = payload.get("timeoutSeconds");
        if (timeout == null || !timeout.isIntegralNumber() || !timeout.canConvertToLong() || timeout.longValue() < 1
                || timeout.longValue() > MAX_TIMEOUT_SECONDS) {
            throw problem("timeoutSeconds", timeout == null ? "is missing" : "is not a whole number of seconds"
                    + " from 1 to " + MAX_TIMEOUT_SECONDS, "set it to the Task state's TimeoutSeconds, e.g."
                    + " \"timeoutSeconds\": 86400");
        }
        JsonNode proposal = payload.get("proposal");
        if (proposal == null || proposal.isNull()) {
            throw problem("proposal", "is missing", "set \"proposal.$\" to the path of the proposal, e.g. \"$\"");
        }
        Instant entered = null;
        JsonNode enteredTime = payload.get("enteredTime");
        if (enteredTime != null && !enteredTime.isNull()) {
            try {
                entered = Instant.parse(enteredTime.asText());
            } catch (DateTimeParseException e) {
                throw problem("enteredTime", "is not an ISO-8601 time", "set \"enteredTime.$\":"
                        + " \"$$.State.EnteredTime\" or leave it out");
            }
        }
        List<String> approvers = new ArrayList<>();
        JsonNode configured = payload.get("approvers");
        if (configured != null && !configured.isNull()) {
            if (!configured.isArray() || configured.size() > ApprovalLimits.MAX_RECIPIENTS_PER_LEVEL) {
                throw problem("approvers", "is not a list of at most " + ApprovalLimits.MAX_RECIPIENTS_PER_LEVEL
                        + " email addresses", "write \"approvers\": [\"lee@example.com\"] or leave it out");
            }
            for (int i = 0; i < configured.size(); i++) {
                JsonNode approver = configured.get(i);
                if (!approver.isTextual() || !ADDRESS.matcher(approver.textValue().strip()).matches()) {
                    throw problem("approvers[" + i + "]", "is not an email address",
                            "write \"approvers\": [\"lee@example.com\"]");
                }
                approvers.add(EmailAddress.normalize(approver.textValue()));
            }
        }
        return new GateInvocation(new TaskToken(token.textValue()), executionArn, gate, level.intValue(),
                timeout.longValue(), proposal, entered, approvers);
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
