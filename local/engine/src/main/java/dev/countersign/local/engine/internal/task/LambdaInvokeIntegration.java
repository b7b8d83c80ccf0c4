package dev.countersign.local.engine.internal.task;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.local.engine.DefinitionProblem;
import dev.countersign.local.engine.LambdaFunction;
import dev.countersign.local.engine.StatesError;
import dev.countersign.local.engine.internal.Json;
import dev.countersign.local.engine.internal.asl.QueryLanguage;
import dev.countersign.local.engine.internal.asl.TaskResource;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * {@code arn:aws:states:::lambda:invoke} (and {@code .waitForTaskToken}): calls FunctionName with Payload and wraps the
 * response as Step Functions does ({@code Payload}, {@code StatusCode}, {@code ExecutedVersion},
 * {@code SdkHttpMetadata}, {@code SdkResponseMetadata}).
 */
final class LambdaInvokeIntegration implements TaskIntegration {
    private static final Set<String> FIELDS = Set.of("FunctionName", "Payload", "Qualifier", "InvocationType",
            "ClientContext", "LogType");

    private final LambdaCalls lambda;
    private final Executor background;

    LambdaInvokeIntegration(LambdaCalls lambda, Executor background) {
        this.lambda = lambda;
        this.background = background;
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
                sdkMetadata(result, call, 202);
                return result.put("StatusCode", 202);
            }
            case "DryRun" -> {
                sdkMetadata(result, call, 204);
                return result.put("Payload", "").put("StatusCode", 204);
            }
            case "RequestResponse" -> {
                JsonNode response = lambda.invoke(target, function, payload, call);
                result.put("ExecutedVersion", "$LATEST");
                result.set("Payload", response);
                sdkMetadata(result, call, 200);
                return result.put("StatusCode", 200);
            }
            default -> throw StatesError.RUNTIME.failure("InvocationType must be RequestResponse, Event or DryRun;"
                    + " got " + invocationType);
        }
    }

    private static void sdkMetadata(ObjectNode result, TaskCall call, int status) {
        ObjectNode headers = Json.object().put("Content-Type", "application/json")
                .put("X-Amz-Executed-Version", "$LATEST").put("x-amzn-RequestId", call.requestId());
        SdkResponses.addMetadata(result, call.requestId(), status, headers);
    }
}
