package dev.countersign.local.engine.internal.task;

import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.local.engine.DefinitionProblem;
import dev.countersign.local.engine.StatesFailure;
import dev.countersign.local.engine.internal.asl.QueryLanguage;
import dev.countersign.local.engine.internal.asl.TaskResource;
import java.util.List;
import java.util.Set;

/** One service integration (one class each), looked up by resource ARN in {@link TaskIntegrations}. */
public interface TaskIntegration {

    /** The integration patterns this integration supports. */
    Set<TaskResource.Pattern> patterns();

    /**
     * Problems with a literal Parameters/Arguments object (missing required fields, unknown fields), located under
     * {@code location}. Values computed at run time ({@code .$} fields, JSONata) are checked when the task runs.
     */
    List<DefinitionProblem> check(JsonNode parameters, QueryLanguage language, String location);

    /**
     * Calls the resource on a task thread (may block).
     *
     * @return the task's result
     * @throws StatesFailure with the error name Step Functions reports (e.g. {@code Lambda.ResourceNotFoundException},
     *                       {@code DynamoDB.ConditionalCheckFailedException})
     */
    JsonNode invoke(TaskCall call);
}
