package dev.countersign.local.engine.internal.task;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.local.engine.DefinitionProblem;
import dev.countersign.local.engine.LambdaFunction;
import dev.countersign.local.engine.StatesError;
import dev.countersign.local.engine.internal.Json;
import dev.countersign.local.engine.internal.asl.QueryLanguage;
import dev.countersign.local.engine.internal.asl.TaskResource;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * {@code arn:aws:states:::lambda:invoke} (and {@code .waitForTaskToken}): calls FunctionName with Payload and wraps the
 * response as Step Functions does ({@code ExecutedVersion}, {@code LogResult} for {@code LogType: Tail},
 * {@code Payload}, {@code SdkHttpMetadata} with Lambda's response headers, {@code SdkResponseMetadata},
 * {@code StatusCode}), shaped as recorded executions show them.
 */
final class LambdaInvokeIntegration implements TaskIntegration {
    private static final Set<String> FIELDS = Set.of("FunctionName", "Payload", "Qualifier", "InvocationType",
            "ClientContext", "LogType");

    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    private final LambdaCalls lambda;
    private final Executor background;
    private final Supplier<Instant> clock;

    LambdaInvokeIntegration(LambdaCalls lambda, Executor background, Supplier<Instant> clock) {
        this.lambda = lambda;
        this.background = background;
        this.clock = clock;
    }

    @Override
    public Set<TaskResource.Pattern> patterns() {
        return Set.of(TaskResource.Pattern.REQUEST_RESPONSE, TaskResource.Pattern.WAIT_FOR_TASK_TOKEN);
    }

    @Override
    public List<DefinitionProblem> check(JsonNode parameters, QueryLanguage language, String location) {
        return ParameterChecks.fields(parameters, language, location, "lambda:invoke", Set.of("FunctionName"),
                FIELDS);
    }

    @Override
    public JsonNode invoke(TaskCall call) {
        JsonNode parameters = call.parameters();
        JsonNode name = parameters == null ? null : parameters.get("FunctionName");
        if (name == null || !name.isTextual() || name.asText().isEmpty()) {
            throw StatesError.RUNTIME.failure("lambda:invoke needs a FunctionName (a function name or ARN); got "
                    + name);
        }
        String function = name.asText();
        if (parameters.hasNonNull("Qualifier")) {
            function = function + ":" + parameters.get("Qualifier").asText();
        }
        JsonNode payload = parameters.has("Payload") ? parameters.get("Payload") : Json.object();
        String invocationType = parameters.path("InvocationType").asText("RequestResponse");
        boolean tail = parameters.path("LogType").asText("None").equals("Tail");
        LambdaFunction target = lambda.find(function);
        ObjectNode result = Json.object();
        switch (invocationType) {
            case "Event" -> {
                String resolved = function;
                background.execute(() -> {
                    try {
                        lambda.invoke(target, resolved, payload, call);
                    } catch (RuntimeException ignored) {
                        // an asynchronous invocation's failure is not the task's
                    }
                });
                result.put("ExecutedVersion", "$LATEST").put("Payload", "");
                sdkMetadata(result, call, 202, 0, null);
                return result.put("StatusCode", 202);
            }
            case "DryRun" -> {
                result.put("Payload", "");
                sdkMetadata(result, call, 204, 0, null);
                return result.put("StatusCode", 204);
            }
            case "RequestResponse" -> {
                long started = System.nanoTime();
                JsonNode response = lambda.invoke(target, function, payload, call);
                String logResult = tail ? logTail(call.requestId(), System.nanoTime() - started) : null;
                result.put("ExecutedVersion", "$LATEST");
                if (logResult != null) {
                    result.put("LogResult", logResult);
                }
                result.set("Payload", response);
                sdkMetadata(result, call, 200, Json.bytes(response).length, logResult);
                return result.put("StatusCode", 200);
            }
            default -> throw StatesError.RUNTIME.failure("InvocationType must be RequestResponse, Event or DryRun;"
                    + " got " + invocationType);
        }
    }

    /** Lambda's response headers, in the order AWS lists them in {@code AllHttpHeaders}. */
    private void sdkMetadata(ObjectNode result, TaskCall call, int status, int contentLength, String logResult) {
        ObjectNode headers = Json.object();
        if (logResult != null) {
            headers.put("X-Amz-Log-Result", logResult);
        }
        headers.put("X-Amz-Executed-Version", "$LATEST").put("x-amzn-Remapped-Content-Length", "0")
                .put("Connection", "keep-alive").put("x-amzn-RequestId", call.requestId())
                .put("Content-Length", String.valueOf(contentLength)).put("Date", HTTP_DATE.format(clock.get()))
                .put("X-Amzn-Trace-Id", traceId(call.requestId())).put("Content-Type", "application/json");
        SdkResponses.addMetadata(result, call.requestId(), status, headers);
    }

    /** An X-Ray trace header derived from the request: {@code root=1-<time>-<24 hex>;sampled=0}. */
    private String traceId(String requestId) {
        String hex = requestId.replace("-", "");
        return "root=1-" + Long.toHexString(clock.get().getEpochSecond()) + "-" + hex.substring(0, 24) + ";sampled=0";
    }

    /** What {@code LogType: Tail} returns: the end of the invocation's log, base64-encoded, as Lambda writes it. */
    private static String logTail(String requestId, long elapsedNanos) {
        double millis = elapsedNanos / 1_000_000.0;
        String log = "START RequestId: " + requestId + " Version: $LATEST\n"
                + "END RequestId: " + requestId + "\n"
                + String.format(Locale.ROOT, "REPORT RequestId: %s\tDuration: %.2f ms\tBilled Duration: %d ms\t"
                + "Memory Size: 512 MB\tMax Memory Used: 128 MB\t\n", requestId, millis, (long) Math.ceil(millis));
        return Base64.getEncoder().encodeToString(log.getBytes(StandardCharsets.UTF_8));
    }
}
