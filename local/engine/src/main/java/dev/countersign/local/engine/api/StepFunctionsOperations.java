package dev.countersign.local.engine.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.local.engine.DefinitionProblem;
import dev.countersign.local.engine.Engine;
import dev.countersign.local.engine.ExecutionDescription;
import dev.countersign.local.engine.ExecutionStart;
import dev.countersign.local.engine.ExecutionStatus;
import dev.countersign.local.engine.ExecutionSummary;
import dev.countersign.local.engine.HistoryEvent;
import dev.countersign.local.engine.MapRunCounts;
import dev.countersign.local.engine.MapRunDescription;
import dev.countersign.local.engine.MapRunSummary;
import dev.countersign.local.engine.Page;
import dev.countersign.local.engine.StateMachineDescription;
import dev.countersign.local.engine.StateMachineSummary;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Step Functions operations the local engine serves, each reading its request as the API reference defines it
 * (field names, lengths, enums) and answering with the reference's response shape.
 */
final class StepFunctionsOperations {
    /** What an operation does with a request: every constraint is checked before the engine is called. */
    @FunctionalInterface
    interface Operation {
        ObjectNode invoke(ApiRequest request);
    }

    /** Step Functions operations that exist on AWS but not here; asked for, they get an error that says so. */
    static final Set<String> UNSUPPORTED = Set.of("CreateActivity", "CreateStateMachineAlias", "DeleteActivity",
            "DeleteStateMachineAlias", "DeleteStateMachineVersion", "DescribeActivity",
            "DescribeStateMachineAlias", "DescribeStateMachineForExecution", "GetActivityTask", "ListActivities",
            "ListStateMachineAliases", "ListStateMachineVersions", "ListTagsForResource",
            "PublishStateMachineVersion", "RedriveExecution", "StartSyncExecution", "TagResource", "TestState",
            "UntagResource", "UpdateMapRun", "UpdateStateMachineAlias");

    private static final int ARN = 256;
    private static final int MAP_RUN_ARN = 2000;
    private static final int NAME = 80;
    private static final int DEFINITION = 1_048_576;
    private static final int PAGE_TOKEN = 1024;
    private static final int EXECUTIONS_PAGE_TOKEN = 3096;
    private static final int TASK_TOKEN = 2048;
    private static final int ERROR = 256;
    private static final int CAUSE = 32_768;
    private static final List<String> STATE_MACHINE_TYPES = List.of("STANDARD", "EXPRESS");
    private static final List<String> INCLUDED_DATA = List.of("ALL_DATA", "METADATA_ONLY");
    private static final List<String> EXECUTION_STATUSES = List.of("RUNNING", "SUCCEEDED", "FAILED", "TIMED_OUT",
            "ABORTED", "PENDING_REDRIVE");
    private static final List<String> REDRIVE_FILTERS = List.of("REDRIVEN", "NOT_REDRIVEN");
    private static final List<String> SEVERITIES = List.of("ERROR", "WARNING");

    private final Engine engine;
    private final Map<String, Operation> operations = new LinkedHashMap<>();

    StepFunctionsOperations(Engine engine) {
        this.engine = engine;
        operations.put("CreateStateMachine", this::createStateMachine);
        operations.put("UpdateStateMachine", this::updateStateMachine);
        operations.put("DescribeStateMachine", this::describeStateMachine);
        operations.put("ListStateMachines", this::listStateMachines);
        operations.put("DeleteStateMachine", this::deleteStateMachine);
        operations.put("ValidateStateMachineDefinition", this::validateStateMachineDefinition);
        operations.put("StartExecution", this::startExecution);
        operations.put("DescribeExecution", this::describeExecution);
        operations.put("ListExecutions", this::listExecutions);
        operations.put("GetExecutionHistory", this::getExecutionHistory);
        operations.put("StopExecution", this::stopExecution);
        operations.put("DescribeMapRun", this::describeMapRun);
        operations.put("ListMapRuns", this::listMapRuns);
        operations.put("SendTaskSuccess", this::sendTaskSuccess);
        operations.put("SendTaskFailure", this::sendTaskFailure);
        operations.put("SendTaskHeartbeat", this::sendTaskHeartbeat);
    }

    Operation find(String name) {
        return operations.get(name);
    }

    Set<String> supported() {
        return operations.keySet();
    }

    // ---- state machines ------------------------------------------------------------------------------------------

    private ObjectNode createStateMachine(ApiRequest request) {
        String name = request.requiredString("name", 1, NAME);
        String definition = request.requiredString("definition", 1, DEFINITION);
        String roleArn = request.requiredString("roleArn", 1, ARN);
        String type = request.optionalEnum("type", STATE_MACHINE_TYPES);
        boolean publish = request.optionalBoolean("publish", false);
        request.optionalString("versionDescription", 0, 256);
        acceptIgnoredConfiguration(request);
        request.optionalList("tags");
        request.check();
        refusePublish(publish);
        StateMachineDescription created = engine.createStateMachine(name, definition, roleArn, type);
        ObjectNode response = Wire.object().put("stateMachineArn", created.stateMachineArn());
        response.set("creationDate", Wire.timestamp(created.creationDate()));
        return response;
    }

    private ObjectNode updateStateMachine(ApiRequest request) {
        String arn = request.requiredString("stateMachineArn", 1, ARN);
        String definition = request.optionalString("definition", 1, DEFINITION);
        String roleArn = request.optionalString("roleArn", 1, ARN);
        boolean publish = request.optionalBoolean("publish", false);
        request.optionalString("versionDescription", 0, 256);
        boolean configurationOnly = acceptIgnoredConfiguration(request);
        request.check();
        refusePublish(publish);
        if (definition == null && roleArn == null && !configurationOnly) {
            throw new ApiError(400, "MissingRequiredParameter", "UpdateStateMachine needs at least one of"
                    + " 'definition' and 'roleArn' (or a logging, tracing or encryption configuration): send the new"
                    + " definition, the new role ARN, or both");
        }
        StateMachineDescription updated = definition == null && roleArn == null
                ? engine.describeStateMachine(arn)
                : engine.updateStateMachine(arn, definition, roleArn);
        ObjectNode response = Wire.object();
        response.set("updateDate", Wire.timestamp(updated.updateDate() != null ? updated.updateDate()
                : updated.creationDate()));
        Wire.putText(response, "revisionId", updated.revisionId());
        return response;
    }

    private ObjectNode describeStateMachine(ApiRequest request) {
        String arn = request.requiredString("stateMachineArn", 1, ARN);
        request.optionalEnum("includedData", INCLUDED_DATA);
        request.check();
        StateMachineDescription machine = engine.describeStateMachine(arn);
        ObjectNode response = Wire.object()
                .put("stateMachineArn", machine.stateMachineArn())
                .put("name", machine.name())
                .put("status", machine.status())
                .put("definition", machine.definition());
        Wire.putText(response, "roleArn", machine.roleArn());
        response.put("type", machine.type());
        response.set("creationDate", Wire.timestamp(machine.creationDate()));
        // AWS reports these defaults for a machine created without them; the local engine never logs or traces.
        response.putObject("loggingConfiguration").put("level", "OFF").put("includeExecutionData", false);
        response.putObject("tracingConfiguration").put("enabled", false);
        Wire.putText(response, "revisionId", machine.revisionId());
        return response;
    }

    private ObjectNode listStateMachines(ApiRequest request) {
        int maxResults = request.optionalInt("maxResults", 0, 1000, 0);
        String nextToken = request.optionalString("nextToken", 1, PAGE_TOKEN);
        request.check();
        Page<StateMachineSummary> page = engine.listStateMachines(maxResults, nextToken);
        ObjectNode response = Wire.object();
        ArrayNode machines = response.putArray("stateMachines");
        for (StateMachineSummary machine : page.items()) {
            ObjectNode item = machines.addObject()
                    .put("stateMachineArn", machine.stateMachineArn())
                    .put("name", machine.name())
                    .put("type", machine.type());
            item.set("creationDate", Wire.timestamp(machine.creationDate()));
        }
        Wire.putText(response, "nextToken", page.nextToken());
        return response;
    }

    private ObjectNode deleteStateMachine(ApiRequest request) {
        String arn = request.requiredString("stateMachineArn", 1, ARN);
        request.check();
        engine.deleteStateMachine(arn);
        return Wire.object();
    }

    private ObjectNode validateStateMachineDefinition(ApiRequest request) {
        String definition = request.requiredString("definition", 1, DEFINITION);
        String type = request.optionalEnum("type", STATE_MACHINE_TYPES);
        request.optionalEnum("severity", SEVERITIES);
        int maxResults = request.optionalInt("maxResults", 0, 100, 0);
        request.check();
        int limit = maxResults == 0 ? 100 : maxResults;
        // Every diagnostic the engine reports is an ERROR, so the severity filter (ERROR or WARNING and up) keeps all.
        String code = isJson(definition) ? "SCHEMA_VALIDATION_FAILED" : "INVALID_JSON_DESCRIPTION";
        List<DefinitionProblem> problems = new java.util.ArrayList<>(engine.validateStateMachineDefinition(definition));
        if ("EXPRESS".equals(type)) {
            problems.add(0, new DefinitionProblem("$", "EXPRESS workflows are not supported by the local engine:"
                    + " use type STANDARD"));
        }
        ObjectNode response = Wire.object().put("result", problems.isEmpty() ? "OK" : "FAIL");
        ArrayNode diagnostics = response.putArray("diagnostics");
        for (DefinitionProblem problem : problems.subList(0, Math.min(limit, problems.size()))) {
            diagnostics.addObject()
                    .put("severity", "ERROR")
                    .put("code", code)
                    .put("message", problem.message())
                    .put("location", problem.path());
        }
        response.put("truncated", problems.size() > limit);
        return response;
    }

    // ---- executions ----------------------------------------------------------------------------------------------

    private ObjectNode startExecution(ApiRequest request) {
        String arn = request.requiredString("stateMachineArn", 1, ARN);
        String name = request.optionalString("name", 1, NAME);
        String input = request.optionalData("input");
        request.optionalString("traceHeader", 0, 256);
        request.check();
        ExecutionStart started = engine.startExecution(arn, name, input);
        ObjectNode response = Wire.object().put("executionArn", started.executionArn());
        response.set("startDate", Wire.timestamp(started.startDate()));
        return response;
    }

    private ObjectNode describeExecution(ApiRequest request) {
        String arn = request.requiredString("executionArn", 1, ARN);
        String includedData = request.optionalEnum("includedData", INCLUDED_DATA);
        request.check();
        boolean withData = !"METADATA_ONLY".equals(includedData);
        ExecutionDescription execution = engine.describeExecution(arn);
        ObjectNode response = Wire.object()
                .put("executionArn", execution.executionArn())
                .put("stateMachineArn", execution.stateMachineArn())
                .put("name", execution.name())
                .put("status", execution.status().name());
        response.set("startDate", Wire.timestamp(execution.startDate()));
        Wire.putTimestamp(response, "stopDate", execution.stopDate());
        if (withData) {
            Wire.putText(response, "input", execution.input());
            response.putObject("inputDetails").put("included", true);
            if (execution.output() != null) {
                response.put("output", execution.output());
                response.putObject("outputDetails").put("included", true);
            }
        }
        Wire.putText(response, "error", execution.error());
        Wire.putText(response, "cause", execution.cause());
        Wire.putText(response, "mapRunArn", execution.mapRunArn());
        response.put("redriveCount", 0);
        response.put("redriveStatus", "NOT_REDRIVABLE");
        response.put("redriveStatusReason", execution.redriveStatusReason());
        return response;
    }

    private ObjectNode listExecutions(ApiRequest request) {
        String arn = request.optionalString("stateMachineArn", 1, ARN);
        String status = request.optionalEnum("statusFilter", EXECUTION_STATUSES);
        int maxResults = request.optionalInt("maxResults", 0, 1000, 0);
        String nextToken = request.optionalString("nextToken", 1, EXECUTIONS_PAGE_TOKEN);
        String mapRunArn = request.optionalString("mapRunArn", 1, MAP_RUN_ARN);
        String redriveFilter = request.optionalEnum("redriveFilter", REDRIVE_FILTERS);
        request.check();
        if ((arn == null) == (mapRunArn == null)) {
            throw ApiError.validation("ListExecutions needs 'stateMachineArn' or 'mapRunArn', not both: send the ARN"
                    + " of the state machine, or of the map run, whose executions you want");
        }
        ObjectNode response = Wire.object();
        ArrayNode executions = response.putArray("executions");
        if ("PENDING_REDRIVE".equals(status) || "REDRIVEN".equals(redriveFilter)) {
            // An unknown machine or map run is still an error; nothing is ever redriven here.
            if (arn != null) {
                engine.describeStateMachine(arn);
            } else {
                engine.describeMapRun(mapRunArn);
            }
            return response;
        }
        ExecutionStatus wanted = status == null ? null : ExecutionStatus.valueOf(status);
        Page<ExecutionSummary> page = arn != null ? engine.listExecutions(arn, wanted, maxResults, nextToken)
                : engine.listMapRunExecutions(mapRunArn, wanted, maxResults, nextToken);
        for (ExecutionSummary execution : page.items()) {
            ObjectNode item = executions.addObject()
                    .put("executionArn", execution.executionArn())
                    .put("stateMachineArn", execution.stateMachineArn())
                    .put("name", execution.name())
                    .put("status", execution.status().name());
            item.set("startDate", Wire.timestamp(execution.startDate()));
            Wire.putTimestamp(item, "stopDate", execution.stopDate());
            Wire.putText(item, "mapRunArn", execution.mapRunArn());
            if (execution.itemCount() != null) {
                item.put("itemCount", execution.itemCount());
            }
        }
        Wire.putText(response, "nextToken", page.nextToken());
        return response;
    }

    private ObjectNode getExecutionHistory(ApiRequest request) {
        String arn = request.requiredString("executionArn", 1, ARN);
        int maxResults = request.optionalInt("maxResults", 0, 1000, 0);
        boolean reverseOrder = request.optionalBoolean("reverseOrder", false);
        String nextToken = request.optionalString("nextToken", 1, PAGE_TOKEN);
        boolean includeExecutionData = request.optionalBoolean("includeExecutionData", true);
        request.check();
        Page<HistoryEvent> page = engine.getExecutionHistory(arn, reverseOrder, maxResults, nextToken);
        ObjectNode response = Wire.object();
        ArrayNode events = response.putArray("events");
        for (HistoryEvent event : page.items()) {
            events.add(historyEvent(event, includeExecutionData));
        }
        Wire.putText(response, "nextToken", page.nextToken());
        return response;
    }

    /** One HistoryEvent: its details sit under the field its type names (e.g. {@code taskSubmittedEventDetails}). */
    static ObjectNode historyEvent(HistoryEvent event, boolean includeExecutionData) {
        ObjectNode node = Wire.object();
        node.set("timestamp", Wire.timestamp(event.timestamp()));
        node.put("type", event.type().name());
        node.put("id", event.id());
        node.put("previousEventId", event.previousEventId());
        String field = event.type().detailsField();
        if (field != null && event.details() != null) {
            ObjectNode details = event.details().deepCopy();
            if (!includeExecutionData) {
                details.remove(List.of("input", "inputDetails", "output", "outputDetails"));
            }
            node.set(field, details);
        }
        return node;
    }

    private ObjectNode stopExecution(ApiRequest request) {
        String arn = request.requiredString("executionArn", 1, ARN);
        String error = request.optionalString("error", 0, ERROR);
        String cause = request.optionalString("cause", 0, CAUSE);
        request.check();
        ObjectNode response = Wire.object();
        response.set("stopDate", Wire.timestamp(engine.stopExecution(arn, error, cause).stopDate()));
        return response;
    }

    // ---- map runs ------------------------------------------------------------------------------------------------

    private ObjectNode describeMapRun(ApiRequest request) {
        String arn = request.requiredString("mapRunArn", 1, MAP_RUN_ARN);
        request.check();
        MapRunDescription run = engine.describeMapRun(arn);
        ObjectNode response = Wire.object().put("mapRunArn", run.mapRunArn()).put("executionArn", run.executionArn())
                .put("status", run.status());
        response.set("startDate", Wire.timestamp(run.startDate()));
        Wire.putTimestamp(response, "stopDate", run.stopDate());
        response.put("maxConcurrency", run.maxConcurrency())
                .put("toleratedFailurePercentage", (float) run.toleratedFailurePercentage())
                .put("toleratedFailureCount", run.toleratedFailureCount());
        response.set("itemCounts", counts(run.itemCounts()));
        response.set("executionCounts", counts(run.executionCounts()));
        response.put("redriveCount", 0);
        return response;
    }

    private static ObjectNode counts(MapRunCounts counts) {
        return Wire.object().put("pending", counts.pending()).put("running", counts.running())
                .put("succeeded", counts.succeeded()).put("failed", counts.failed())
                .put("timedOut", counts.timedOut()).put("aborted", counts.aborted()).put("total", counts.total())
                .put("resultsWritten", counts.resultsWritten())
                .put("failuresNotRedrivable", counts.failuresNotRedrivable())
                .put("pendingRedrive", counts.pendingRedrive());
    }

    private ObjectNode listMapRuns(ApiRequest request) {
        String arn = request.requiredString("executionArn", 1, ARN);
        int maxResults = request.optionalInt("maxResults", 0, 1000, 0);
        String nextToken = request.optionalString("nextToken", 1, PAGE_TOKEN);
        request.check();
        Page<MapRunSummary> page = engine.listMapRuns(arn, maxResults, nextToken);
        ObjectNode response = Wire.object();
        ArrayNode runs = response.putArray("mapRuns");
        for (MapRunSummary run : page.items()) {
            ObjectNode item = runs.addObject().put("executionArn", run.executionArn())
                    .put("mapRunArn", run.mapRunArn()).put("stateMachineArn", run.stateMachineArn());
            item.set("startDate", Wire.timestamp(run.startDate()));
            Wire.putTimestamp(item, "stopDate", run.stopDate());
        }
        Wire.putText(response, "nextToken", page.nextToken());
        return response;
    }

    // ---- task callbacks ------------------------------------------------------------------------------------------

    private ObjectNode sendTaskSuccess(ApiRequest request) {
        String token = request.requiredString("taskToken", 1, TASK_TOKEN);
        String output = request.requiredData("output");
        request.check();
        engine.sendTaskSuccess(token, output);
        return Wire.object();
    }

    private ObjectNode sendTaskFailure(ApiRequest request) {
        String token = request.requiredString("taskToken", 1, TASK_TOKEN);
        String error = request.optionalString("error", 0, ERROR);
        String cause = request.optionalString("cause", 0, CAUSE);
        request.check();
        engine.sendTaskFailure(token, error, cause);
        return Wire.object();
    }

    private ObjectNode sendTaskHeartbeat(ApiRequest request) {
        String token = request.requiredString("taskToken", 1, TASK_TOKEN);
        request.check();
        engine.sendTaskHeartbeat(token);
        return Wire.object();
    }

    // ---- shared --------------------------------------------------------------------------------------------------

    /** Logging, tracing and encryption settings are accepted (type-checked) and ignored: the engine has neither. */
    private static boolean acceptIgnoredConfiguration(ApiRequest request) {
        boolean any = request.optionalObject("loggingConfiguration") != null;
        any |= request.optionalObject("tracingConfiguration") != null;
        any |= request.optionalObject("encryptionConfiguration") != null;
        return any;
    }

    private static void refusePublish(boolean publish) {
        if (publish) {
            throw ApiError.validation("'publish': the local engine does not support state machine versions;"
                    + " leave 'publish' unset or false");
        }
    }

    private static boolean isJson(String text) {
        try {
            JsonNode ignored = Wire.JSON.readTree(text);
            return ignored != null && !ignored.isMissingNode();
        } catch (JsonProcessingException e) {
            return false;
        }
    }
}
