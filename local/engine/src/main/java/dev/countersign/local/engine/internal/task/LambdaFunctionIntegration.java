package dev.countersign.local.engine.internal.task;

import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.local.engine.DefinitionProblem;
import dev.countersign.local.engine.internal.asl.QueryLanguage;
import dev.countersign.local.engine.internal.asl.TaskResource;
import java.util.List;
import java.util.Set;

/** A bare Lambda function ARN as Resource: the input is the payload, and the result is the function's response. */
final class LambdaFunctionIntegration implements TaskIntegration {
    private final LambdaCalls lambda;

    LambdaFunctionIntegration(LambdaCalls lambda) {
        this.lambda = lambda;
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
        String arn = call.resource().arn();
        return lambda.invoke(lambda.find(arn), arn, call.parameters(), call);
    }
}
