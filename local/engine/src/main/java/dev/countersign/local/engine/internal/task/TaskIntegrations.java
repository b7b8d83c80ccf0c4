package dev.countersign.local.engine.internal.task;

import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.local.engine.DefinitionProblem;
import dev.countersign.local.engine.ExecutionStart;
import dev.countersign.local.engine.LambdaFunctions;
import dev.countersign.local.engine.RecordedEvent;
import dev.countersign.local.engine.internal.asl.QueryLanguage;
import dev.countersign.local.engine.internal.asl.ResourceCatalog;
import dev.countersign.local.engine.internal.asl.TaskResource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The registry of supported integrations, keyed by {@code service:action}; also what the parser asks. */
public final class TaskIntegrations implements ResourceCatalog {
    private static final String SUPPORTED = "arn:aws:states:::lambda:invoke[.waitForTaskToken], a Lambda function"
            + " ARN, arn:aws:states:::dynamodb:getItem|putItem|updateItem|deleteItem,"
            + " arn:aws:states:::events:putEvents[.waitForTaskToken],"
            + " arn:aws:states:::states:startExecution[.sync|.sync:2|.waitForTaskToken]";

    private final Map<String, TaskIntegration> integrations = new LinkedHashMap<>();
    /** The engine's own resources, which no definition may name. */
    private final Map<String, TaskIntegration> internal = new LinkedHashMap<>();

    public TaskIntegrations(LambdaFunctions functions, DynamoDbClient dynamoDb, Consumer<RecordedEvent> events,
                            Supplier<Instant> clock, Executor background, NestedExecutions nested, String region,
                            String accountId) {
        LambdaCalls lambda = new LambdaCalls(functions, region, accountId);
        integrations.put("lambda:invoke", new LambdaInvokeIntegration(lambda, background, clock));
        integrations.put(TaskResource.LAMBDA_FUNCTION, new LambdaFunctionIntegration(lambda));
        for (String action : List.of("getItem", "putItem", "updateItem", "deleteItem")) {
            integrations.put("dynamodb:" + action, new DynamoDbIntegration(action, dynamoDb));
        }
        integrations.put("events:putEvents", new EventBridgeIntegration(events, clock));
        integrations.put(StartExecutionIntegration.NAME, new StartExecutionIntegration(nested));
        internal.put(MapRunChildIntegration.NAME, new MapRunChildIntegration(nested));
    }

    /** A catalog for validating definitions without running anything. */
    public static TaskIntegrations forValidation() {
        NestedExecutions none = new NestedExecutions() {
            @Override
            public ExecutionStart start(String machine, String name, String input, StartedBy startedBy) {
                throw new IllegalStateException("a catalog for validation runs nothing");
            }

            @Override
            public ExecutionStart startMapRunChild(MapRunChild child, StartedBy startedBy) {
                throw new IllegalStateException("a catalog for validation runs nothing");
            }
        };
        return new TaskIntegrations(LambdaFunctions.none(), null, event -> { }, Instant::now, Runnable::run, none,
                "us-east-1", "123456789012");
    }

    /** The integration for a resource the parser accepted. */
    public TaskIntegration find(TaskResource resource) {
        TaskIntegration integration = integrations.get(key(resource));
        if (integration == null) {
            integration = internal.get(key(resource));
        }
        if (integration == null) {
            throw new IllegalStateException("no integration for " + resource.arn());
        }
        return integration;
    }

    private static String key(TaskResource resource) {
        return TaskResource.LAMBDA_FUNCTION.equals(resource.service()) ? TaskResource.LAMBDA_FUNCTION
                : resource.service() + ":" + resource.action();
    }

    @Override
    public List<DefinitionProblem> check(TaskResource resource, JsonNode parameters, QueryLanguage language,
                                         String stateLocation) {
        List<DefinitionProblem> problems = new ArrayList<>();
        String at = stateLocation + ".Resource";
        if (resource.service() == null) {
            problems.add(new DefinitionProblem(at, "\"" + resource.arn() + "\" is not a resource the local engine"
                    + " can call: use " + SUPPORTED));
            return problems;
        }
        if (resource.service().equals(TaskResource.ACTIVITY)) {
            problems.add(new DefinitionProblem(at, "Activities are not supported by the local engine (\""
                    + resource.arn() + "\" is an activity): call a Lambda function with"
                    + " arn:aws:states:::lambda:invoke.waitForTaskToken instead"));
            return problems;
        }
        if (resource.service().equals("aws-sdk")) {
            problems.add(new DefinitionProblem(at, "AWS SDK service integrations (\"" + resource.arn() + "\") are not"
                    + " supported by the local engine: use " + SUPPORTED));
            return problems;
        }
        TaskIntegration integration = integrations.get(key(resource));
        if (integration == null) {
            problems.add(new DefinitionProblem(at, "the service integration " + resource.service() + ":"
                    + resource.action() + " is not supported by the local engine: use " + SUPPORTED));
            return problems;
        }
        if (resource.pattern().runsJob() && !resource.arn().endsWith(resource.pattern().suffix())) {
            problems.add(new DefinitionProblem(at, "\"" + resource.arn() + "\" does not name an integration pattern:"
                    + " use .sync or .sync:2"));
            return problems;
        }
        if (!integration.patterns().contains(resource.pattern())) {
            problems.add(new DefinitionProblem(at, resource.pattern().runsJob()
                    ? "the " + resource.pattern().suffix() + " (run a job) integration pattern is supported by the"
                    + " local engine for " + StartExecutionIntegration.NAME + " only, not for " + key(resource)
                    + ": remove the suffix"
                    : key(resource) + " does not support the " + resource.pattern().suffix()
                    + " pattern: remove the suffix"));
            return problems;
        }
        // A .waitForTaskToken task that does not pass its token on is accepted, as AWS accepts it (it only times out).
        problems.addAll(integration.check(parameters, language, stateLocation));
        return problems;
    }
}
