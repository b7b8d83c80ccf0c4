package dev.countersign.local.engine.internal.asl;

import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.local.engine.DefinitionProblem;
import java.util.List;

/** What the parser asks about a Task's Resource: is it supported, and are its Parameters/Arguments complete? */
public interface ResourceCatalog {

    /**
     * Problems with a Task's resource and its Parameters (JSONPath) or Arguments (JSONata), located under
     * {@code stateLocation}; empty when the engine can run it.
     *
     * @param parameters null when the state has none
     */
    List<DefinitionProblem> check(TaskResource resource, JsonNode parameters, QueryLanguage language,
                                  String stateLocation);
}
