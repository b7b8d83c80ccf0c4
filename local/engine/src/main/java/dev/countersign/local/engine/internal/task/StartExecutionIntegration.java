package dev.countersign.local.engine.internal.task;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.local.engine.DefinitionProblem;
import dev.countersign.local.engine.EngineException;
import dev.countersign.local.engine.EngineStorageException;
import dev.countersign.local.engine.ExecutionDescription;
import dev.countersign.local.engine.ExecutionStart;
import dev.countersign.local.engine.ExecutionStatus;
import dev.countersign.local.engine.StatesError;
import dev.countersign.local.engine.StatesFailure;
import dev.countersign.local.engine.internal.Json;
import dev.countersign.local.engine.internal.Names;
import dev.countersign.local.engine.internal.asl.DefinitionParser;
import dev.countersign.local.engine.internal.asl.QueryLanguage;
import dev.countersign.local.engine.internal.asl.TaskResource;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * {@code arn:aws:states:::states:startExecution} (and {@code .sync}, {@code .sync:2}, {@code .waitForTaskToken}):
 * starts an execution of another state machine of this engine, a nested workflow. The invocation starts the child
 * and returns StartExecution's answer as Step Functions does ({@code ExecutionArn}, {@code StartDate} in epoch
 * milliseconds, the SDK metadata). For {@code .sync}/{@code .sync:2} that answer is the TaskSubmitted output; the
 * engine keeps the parent's task waiting until the child closes and takes the task's outcome from
 * {@link #completion}.
 */
public final class StartExecutionIntegration implements TaskIntegration {
    static final String NAME = "states:startExecution";
    private static final Set<String> FIELDS = Set.of("StateMachineArn", "Input", "Name");

    private final NestedExecutions executions;

    StartExecutionIntegration(NestedExecutions executions) {
        this.executions = executions;
    }

    @Override
    public Set<TaskResource.Pattern> patterns() {
        return Set.of(TaskResource.Pattern.REQUEST_RESPONSE, TaskResource.Pattern.SYNC, TaskResource.Pattern.SYNC_2,
                TaskResource.Pattern.WAIT_FOR_TASK_TOKEN);
    }

    @Override
    public List<DefinitionProblem> check(JsonNode parameters, QueryLanguage language, String location) {
        List<DefinitionProblem> problems = new ArrayList<>(ParameterChecks.fields(parameters, language, location, NAME,
                Set.of("StateMachineArn"), FIELDS));
        String field = location + "." + (language == QueryLanguage.JSONATA ? "Arguments" : "Parameters");
        JsonNode arn = parameters == null || !parameters.isObject() ? null : parameters.get("StateMachineArn");
        if (arn != null && !DefinitionParser.isJsonata(arn)) {
            try {
                Names.stateMachineArn(arn.isTextual() ? arn.asText() : null);
            } catch (EngineException e) {
                problems.add(new DefinitionProblem(field + ".StateMachineArn", "StateMachineArn must be a state"
                        + " machine ARN such as arn:aws:states:us-east-1:123456789012:stateMachine:approval-gate;"
                        + " got " + arn));
            }
        }
        JsonNode name = parameters == null || !parameters.isObject() ? null : parameters.get("Name");
        if (name != null && !DefinitionParser.isJsonata(name)) {
            try {
                Names.checkName(name.isTextual() ? name.asText() : null, "execution");
            } catch (EngineException e) {
                problems.add(new DefinitionProblem(field + ".Name", e.getMessage()));
            }
        }
        return problems;
    }

    @Override
    public JsonNode invoke(TaskCall call) {
        JsonNode parameters = call.parameters();
        JsonNode arn = parameters == null ? null : parameters.get("StateMachineArn");
        if (arn == null || !arn.isTextual() || arn.asText().isEmpty()) {
            throw StatesError.RUNTIME.failure(NAME + " needs StateMachineArn, the ARN of the state machine to start;"
                    + " got " + arn);
        }
        JsonNode name = parameters.get("Name");
        if (name != null && !name.isTextual()) {
            throw StatesError.RUNTIME.failure(NAME + " needs Name to be a string (or no Name, for a generated one);"
                    + " got " + name);
        }
        // The generated name depends only on the attempt, so running the invocation again finds the same child.
        String executionName = name != null ? name.asText() : UUID.nameUUIDFromBytes((call.executionArn() + "/"
                + call.attempt()).getBytes(StandardCharsets.UTF_8)).toString();
        JsonNode input = parameters.get("Input");
        String inputText = input == null || input.isNull() ? "{}" : input.isTextual() ? input.asText()
                : Json.write(input);
        ExecutionStart started;
        try {
            started = executions.start(arn.asText(), executionName, inputText, new NestedExecutions.StartedBy(
                    call.executionArn(), call.attempt(), call.resource().pattern().runsJob()));
        } catch (EngineStorageException e) {
            throw e;
        } catch (EngineException e) {
            throw new StatesFailure("StepFunctions." + e.errorType() + "Exception", SdkResponses.cause(e.getMessage(),
                    "AWSStepFunctions", 400, e.errorType(), call.requestId()));
        }
        ObjectNode result = Json.object().put("ExecutionArn", started.executionArn());
        ObjectNode headers = Json.object().put("Content-Type", "application/x-amz-json-1.0")
                .put("x-amzn-RequestId", call.requestId());
        SdkResponses.addMetadata(result, call.requestId(), 200, headers);
        return result.put("StartDate", started.startDate().toEpochMilli());
    }

    /**
     * The outcome of a {@code .sync}/{@code .sync:2} task whose child closed: the child's DescribeExecution in
     * PascalCase with dates in epoch milliseconds ({@code Input}/{@code Output} as JSON text for {@code .sync},
     * as JSON for {@code .sync:2}). SUCCEEDED gives that description as the task's result; FAILED, TIMED_OUT and
     * ABORTED fail the task with States.TaskFailed and that description as JSON text for the cause.
     */
    public static TaskOutcome completion(ExecutionDescription child, TaskResource resource) {
        boolean parsed = resource.pattern() == TaskResource.Pattern.SYNC_2;
        // Field order is AWS's (alphabetical).
        ObjectNode description = Json.object();
        if (child.cause() != null) {
            description.put("Cause", child.cause());
        }
        if (child.error() != null) {
            description.put("Error", child.error());
        }
        description.put("ExecutionArn", child.executionArn());
        putPayload(description, "Input", child.input(), parsed);
        description.put("Name", child.name());
        if (child.output() != null) {
            putPayload(description, "Output", child.output(), parsed);
        }
        description.put("RedriveCount", 0).put("RedriveStatus", "NOT_REDRIVABLE")
                .put("RedriveStatusReason", child.redriveStatusReason())
                .put("StartDate", child.startDate().toEpochMilli())
                .put("StateMachineArn", child.stateMachineArn())
                .put("Status", child.status().name());
        if (child.stopDate() != null) {
            description.put("StopDate", child.stopDate().toEpochMilli());
        }
        if (child.status() == ExecutionStatus.SUCCEEDED) {
            return new TaskOutcome.Succeeded(description);
        }
        return new TaskOutcome.Failed(StatesError.TASK_FAILED.errorName(), Json.write(description));
    }

    private static void putPayload(ObjectNode description, String field, String text, boolean parsed) {
        if (parsed) {
            description.set(field, Json.read(text));
        } else {
            description.put(field, text);
        }
        description.putObject(field + "Details").put("Included", true);
    }
}
