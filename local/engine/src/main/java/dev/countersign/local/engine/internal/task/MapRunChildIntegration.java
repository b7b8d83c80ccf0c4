package dev.countersign.local.engine.internal.task;

import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.local.engine.DefinitionProblem;
import dev.countersign.local.engine.EngineException;
import dev.countersign.local.engine.EngineStorageException;
import dev.countersign.local.engine.ExecutionDescription;
import dev.countersign.local.engine.ExecutionStart;
import dev.countersign.local.engine.ExecutionStatus;
import dev.countersign.local.engine.StatesError;
import dev.countersign.local.engine.internal.Json;
import dev.countersign.local.engine.internal.asl.QueryLanguage;
import dev.countersign.local.engine.internal.asl.TaskResource;
import java.util.List;
import java.util.Set;

/**
 * The engine's own resource behind a Distributed Map: starts one child execution of a map run, on a task thread
 * like any invocation (so that a crash runs it again, and the same attempt gets the same child). Never named in a
 * definition: the parser does not know it. The Map then waits for the child as a {@code .sync} task waits for its
 * job, and takes the child's end from {@link #completion}.
 */
public final class MapRunChildIntegration implements TaskIntegration {
    /** The resource of a map run's child-start invocations. */
    public static final String RESOURCE = "arn:aws:states:::mapRun:startChild";
    static final String NAME = "mapRun:startChild";

    private final NestedExecutions executions;

    MapRunChildIntegration(NestedExecutions executions) {
        this.executions = executions;
    }

    /** What the Map writes into the invocation for a child. */
    public static JsonNode parameters(NestedExecutions.MapRunChild child) {
        return Json.object().put("MapRunArn", child.mapRunArn()).put("StateMachineArn", child.stateMachineArn())
                .put("DefinitionKey", child.definitionKey()).put("Name", child.name()).put("Input", child.input())
                .put("Items", child.items());
    }

    @Override
    public Set<TaskResource.Pattern> patterns() {
        return Set.of(TaskResource.Pattern.REQUEST_RESPONSE);
    }

    @Override
    public List<DefinitionProblem> check(JsonNode parameters, QueryLanguage language, String location) {
        return List.of();
    }

    @Override
    public JsonNode invoke(TaskCall call) {
        JsonNode p = call.parameters();
        NestedExecutions.MapRunChild child = new NestedExecutions.MapRunChild(p.get("MapRunArn").asText(),
                p.get("StateMachineArn").asText(), p.get("DefinitionKey").asText(), p.get("Name").asText(),
                p.get("Input").asText(), p.get("Items").asInt());
        ExecutionStart started;
        try {
            started = executions.startMapRunChild(child, new NestedExecutions.StartedBy(call.executionArn(),
                    call.attempt(), true));
        } catch (EngineStorageException e) {
            throw e;
        } catch (EngineException e) {
            throw StatesError.RUNTIME.failure("The map run could not start its child execution " + child.name()
                    + ": " + e.getMessage());
        }
        return Json.object().put("ExecutionArn", started.executionArn());
    }

    /** A child's end as the Map takes it: its output, or its error and cause (timed out and aborted alike). */
    public static TaskOutcome completion(ExecutionDescription child) {
        if (child.status() == ExecutionStatus.SUCCEEDED) {
            return new TaskOutcome.Succeeded(Json.read(child.output()));
        }
        return new TaskOutcome.Failed(child.error(), child.cause());
    }
}
