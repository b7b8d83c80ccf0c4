package dev.countersign.local.engine.internal.task;

import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.local.engine.internal.asl.TaskResource;

/**
 * One invocation of a task's resource.
 *
 * @param parameters   the task's input after Parameters/Arguments
 * @param attempt      the task attempt, unique within the execution and the same when a crash makes the engine run
 *                     the invocation again
 * @param taskToken    for {@code .waitForTaskToken}, else null
 * @param requestId    unique per invocation
 */
public record TaskCall(TaskResource resource, JsonNode parameters, String executionArn, String stateName,
                       String attempt, String taskToken, String requestId) {
}
