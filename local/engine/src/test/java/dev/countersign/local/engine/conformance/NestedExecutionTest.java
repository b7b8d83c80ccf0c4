package dev.countersign.local.engine.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.local.engine.EngineUnderTest;
import dev.countersign.local.engine.ExecutionDescription;
import dev.countersign.local.engine.ExecutionStatus;
import dev.countersign.local.engine.ExecutionSummary;
import dev.countersign.local.engine.HistoryEvent;
import dev.countersign.local.engine.HistoryEventType;
import dev.countersign.local.engine.LambdaFunctionError;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code arn:aws:states:::states:startExecution} in its forms: request-response, {@code .sync}, {@code .sync:2} and
 * {@code .waitForTaskToken}; the child's end reaching the parent's task (errors as AWS gives them, Retry and Catch),
 * the parent's task ending first stopping a {@code .sync} child, names, the started-by field and the history.
 */
class NestedExecutionTest {
    static final String ACCOUNT_ARN = "arn:aws:states:us-east-1:123456789012:";
    static final String CHILD = ACCOUNT_ARN + "stateMachine:child";
    static final String ABORTED_BY_PARENT = "The Task state in AWS Step Functions execution [%s] which was managing"
            + " this resource was aborted";

    static final String ECHO = """
            {"StartAt": "Echo", "States": {"Echo": {"Type": "Pass", "Parameters": {"echo.$": "$"}, "End": true}}}""";
    static final String BROKEN = """
            {"StartAt": "Break", "States": {
              "Break": {"Type": "Fail", "Error": "Child.Broken", "Cause": "it broke"}}}""";
    static final String SLOW = """
            {"StartAt": "Sleep", "States": {"Sleep": {"Type": "Wait", "Seconds": 60, "Next": "Echo"},
              "Echo": {"Type": "Pass", "Parameters": {"echo.$": "$"}, "End": true}}}""";

    @TempDir
    Path directory;
    EngineUnderTest engine;

    @BeforeEach
    void open() {
        engine = new EngineUnderTest(directory);
    }

    @AfterEach
    void close() {
        engine.close();
    }

    private void child(String definition) {
        engine.engine().createStateMachine("child", definition, null);
    }

    /** A parent whose one Task state starts the child machine through {@code resource}. */
    private static String parent(String resource, String parameters, String taskFields) {
        return """
                {"StartAt": "Nest", "States": {
                  "Nest": {"Type": "Task", "Resource": "arn:aws:states:::states:%s", "Parameters": %s, %s "End": true}}}
                """.formatted(resource, parameters, taskFields.isEmpty() ? "" : taskFields + ",");
    }

    private static String childParameters(String input) {
        return "{\"StateMachineArn\": \"" + CHILD + "\", \"Input\": " + input + "}";
    }

    private String startParent(String definition, String input) {
        String parent = engine.start(engine.machine(definition), input);
        engine.idle();
        return parent;
    }

    private List<ExecutionSummary> children() {
        return engine.engine().listExecutions(CHILD, null, 100, null).items();
    }

    private ExecutionSummary onlyChild() {
        assertThat(children()).hasSize(1);
        return children().get(0);
    }

    /** The only child was aborted because the parent's task stopped waiting for it, as AWS words it. */
    private void assertChildStoppedBy(String parent) {
        ExecutionDescription child = engine.describe(onlyChild().executionArn());
        assertThat(child.status()).isEqualTo(ExecutionStatus.ABORTED);
        assertThat(child.error()).isNull();
        assertThat(child.cause()).isEqualTo(ABORTED_BY_PARENT.formatted(parent));
    }

    private static JsonNode json(String text) {
        return EngineUnderTest.json(text);
    }

    private JsonNode output(String execution) {
        ExecutionDescription done = engine.describe(execution);
        assertThat(done.status()).as("%s (%s: %s)", execution, done.error(), done.cause())
                .isEqualTo(ExecutionStatus.SUCCEEDED);
        return json(done.output());
    }

    // ---- request-response ---------------------------------------------------------------------------------------

    @Test
    void requestResponse_startsTheChild_andAnswersWithItsArnAndStartDate_withoutWaiting() {
        child(SLOW);
        String parent = startParent(parent("startExecution", childParameters("{\"who\": \"ada\"}"), ""), "{}");

        JsonNode result = output(parent);
        ExecutionSummary child = onlyChild();
        assertThat(child.status()).isEqualTo(ExecutionStatus.RUNNING);
        assertThat(json(engine.describe(child.executionArn()).input())).isEqualTo(json("{\"who\": \"ada\"}"));
        // AWS's field order, StartDate in epoch milliseconds, and the SDK metadata Step Functions adds.
        assertThat(result.fieldNames()).toIterable()
                .containsExactly("ExecutionArn", "SdkHttpMetadata", "SdkResponseMetadata", "StartDate");
        assertThat(result.get("ExecutionArn").asText()).isEqualTo(child.executionArn());
        assertThat(result.get("StartDate").asLong()).isEqualTo(child.startDate().toEpochMilli());
        assertThat(result.at("/SdkHttpMetadata/HttpStatusCode").asInt()).isEqualTo(200);
        assertThat(result.at("/SdkResponseMetadata/RequestId").asText()).isNotEmpty();
        assertThat(engine.types(parent)).containsExactly("ExecutionStarted", "TaskStateEntered", "TaskScheduled",
                "TaskStarted", "TaskSucceeded", "TaskStateExited", "ExecutionSucceeded");
        assertThat(engine.first(parent, HistoryEventType.TaskScheduled).details().get("resource").asText())
                .isEqualTo("startExecution");
    }

    @Test
    void requestResponse_leavesTheChildRunning_whenTheParentIsStopped() {
        child(SLOW);
        String parent = startParent("""
                {"StartAt": "Nest", "States": {
                  "Nest": {"Type": "Task", "Resource": "arn:aws:states:::states:startExecution",
                    "Parameters": {"StateMachineArn": "%s"}, "Next": "Hold"},
                  "Hold": {"Type": "Wait", "Seconds": 600, "End": true}}}""".formatted(CHILD), "{}");

        engine.engine().stopExecution(parent, null, null);
        engine.idle();

        assertThat(engine.describe(parent).status()).isEqualTo(ExecutionStatus.ABORTED);
        assertThat(onlyChild().status()).isEqualTo(ExecutionStatus.RUNNING);
    }

    @Test
    void withoutAName_theChildGetsAGeneratedUuid_andAStringInputIsTheChildsInputText() {
        child(ECHO);
        String parent = startParent(parent("startExecution.sync:2", """
                {"StateMachineArn": "%s", "Input.$": "States.JsonToString($.order)"}""".formatted(CHILD), ""),
                "{\"order\": {\"id\": 42}}");

        assertThat(output(parent).at("/Output/echo")).isEqualTo(json("{\"id\": 42}"));
        assertThat(onlyChild().name()).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    }

    // ---- .sync and .sync:2 --------------------------------------------------------------------------------------

    @Test
    void sync_waitsForTheChild_andReturnsItsDescription_withInputAndOutputAsJsonText() {
        child(SLOW);
        String parent = startParent(parent("startExecution.sync", childParameters("{\"who\": \"ada\"}"), ""), "{}");
        assertThat(engine.describe(parent).status()).isEqualTo(ExecutionStatus.RUNNING);

        engine.advance(Duration.ofSeconds(60));

        JsonNode result = output(parent);
        ExecutionDescription child = engine.describe(onlyChild().executionArn());
        assertThat(result.fieldNames()).toIterable().containsExactly("ExecutionArn", "Input", "InputDetails", "Name",
                "Output", "OutputDetails", "RedriveCount", "RedriveStatus", "RedriveStatusReason", "StartDate",
                "StateMachineArn", "Status", "StopDate");
        assertThat(result.get("Input").isTextual()).isTrue();
        assertThat(json(result.get("Input").asText())).isEqualTo(json("{\"who\": \"ada\"}"));
        assertThat(result.get("Output").asText()).isEqualTo(child.output());
        assertThat(result.get("InputDetails")).isEqualTo(json("{\"Included\": true}"));
        assertThat(result.get("OutputDetails")).isEqualTo(json("{\"Included\": true}"));
        assertThat(result.get("Name").asText()).isEqualTo(child.name());
        assertThat(result.get("ExecutionArn").asText()).isEqualTo(child.executionArn());
        assertThat(result.get("StateMachineArn").asText()).isEqualTo(CHILD);
        assertThat(result.get("Status").asText()).isEqualTo("SUCCEEDED");
        assertThat(result.get("StartDate").asLong()).isEqualTo(child.startDate().toEpochMilli());
        assertThat(result.get("StopDate").asLong()).isEqualTo(child.stopDate().toEpochMilli())
                .isEqualTo(child.startDate().toEpochMilli() + 60_000);
        assertThat(result.get("RedriveStatus").asText()).isEqualTo("NOT_REDRIVABLE");
    }

    @Test
    void sync2_returnsTheSameDescription_withInputAndOutputAsJson() {
        child(ECHO);
        String parent = startParent(parent("startExecution.sync:2", childParameters("{\"who\": \"ada\"}"),
                "\"ResultSelector\": {\"greeting.$\": \"$.Output.echo.who\", \"status.$\": \"$.Status\"}"), "{}");

        assertThat(output(parent)).isEqualTo(json("{\"greeting\": \"ada\", \"status\": \"SUCCEEDED\"}"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"startExecution.sync", "startExecution.sync:2"})
    void syncHistory_namesTheEventsAsAwsDoes(String resource) {
        child(ECHO);
        String parent = startParent(parent(resource, childParameters("{\"who\": \"ada\"}"), ""), "{}");

        assertThat(engine.types(parent)).containsExactly("ExecutionStarted", "TaskStateEntered", "TaskScheduled",
                "TaskStarted", "TaskSubmitted", "TaskSucceeded", "TaskStateExited", "ExecutionSucceeded");
        List<HistoryEvent> events = engine.history(parent);
        for (HistoryEvent event : events.subList(2, 6)) {
            assertThat(event.details().get("resourceType").asText()).as(event.type().name()).isEqualTo("states");
            assertThat(event.details().get("resource").asText()).as(event.type().name()).isEqualTo(resource);
        }
        JsonNode scheduled = events.get(2).details();
        assertThat(scheduled.get("region").asText()).isEqualTo("us-east-1");
        assertThat(json(scheduled.get("parameters").asText()).get("StateMachineArn").asText()).isEqualTo(CHILD);
        // TaskSubmitted carries StartExecution's answer; TaskSucceeded the child's description.
        JsonNode submitted = json(events.get(4).details().get("output").asText());
        assertThat(submitted.get("ExecutionArn").asText()).isEqualTo(onlyChild().executionArn());
        assertThat(submitted.has("StartDate")).isTrue();
        assertThat(json(events.get(5).details().get("output").asText()).get("Status").asText())
                .isEqualTo("SUCCEEDED");
        assertThat(events.get(4).previousEventId()).isEqualTo(events.get(3).id());
        assertThat(events.get(5).previousEventId()).isEqualTo(events.get(4).id());
    }

    // ---- a child that does not succeed --------------------------------------------------------------------------

    @Test
    void aFailedChild_failsTheTask_withStatesTaskFailed_andTheChildsDescriptionAsCause() {
        child(BROKEN);
        String parent = startParent(parent("startExecution.sync", childParameters("{}"), ""), "{}");

        ExecutionDescription failed = engine.describe(parent);
        assertThat(failed.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(failed.error()).isEqualTo("States.TaskFailed");
        JsonNode cause = json(failed.cause());
        assertThat(cause.fieldNames()).toIterable().startsWith("Cause", "Error", "ExecutionArn", "Input");
        assertThat(cause.get("Error").asText()).isEqualTo("Child.Broken");
        assertThat(cause.get("Cause").asText()).isEqualTo("it broke");
        assertThat(cause.get("Status").asText()).isEqualTo("FAILED");
        assertThat(cause.get("ExecutionArn").asText()).isEqualTo(onlyChild().executionArn());
        assertThat(cause.has("Output")).isFalse();
        HistoryEvent taskFailed = engine.first(parent, HistoryEventType.TaskFailed);
        assertThat(taskFailed.details().get("error").asText()).isEqualTo("States.TaskFailed");
        assertThat(taskFailed.details().get("cause").asText()).isEqualTo(failed.cause());
        assertThat(taskFailed.details().get("resource").asText()).isEqualTo("startExecution.sync");
    }

    @Test
    void aFailedChild_isCaughtByTheParentsCatch() {
        child(BROKEN);
        String parent = startParent("""
                {"StartAt": "Nest", "States": {
                  "Nest": {"Type": "Task", "Resource": "arn:aws:states:::states:startExecution.sync:2",
                    "Parameters": {"StateMachineArn": "%s"},
                    "Catch": [{"ErrorEquals": ["States.TaskFailed"], "ResultPath": "$.failure", "Next": "Handled"}],
                    "End": true},
                  "Handled": {"Type": "Pass", "Parameters": {"childError.$": "States.StringToJson($.failure.Cause)"},
                    "OutputPath": "$.childError.Error", "End": true}}}""".formatted(CHILD), "{}");

        assertThat(output(parent).asText()).isEqualTo("Child.Broken");
    }

    @Test
    void aFailedChild_isRetriedByTheParentsRetry_withANewChild() {
        AtomicInteger calls = new AtomicInteger();
        engine.functions.put("flaky", (payload, invocation) -> {
            if (calls.getAndIncrement() == 0) {
                throw new LambdaFunctionError("Flaky.Once", "first call fails");
            }
            return payload;
        });
        child("""
                {"StartAt": "Call", "States": {"Call": {"Type": "Task",
                  "Resource": "arn:aws:lambda:us-east-1:123456789012:function:flaky", "End": true}}}""");
        String parent = startParent(parent("startExecution.sync:2", childParameters("{\"n\": 1}"),
                "\"Retry\": [{\"ErrorEquals\": [\"States.TaskFailed\"], \"IntervalSeconds\": 5, \"MaxAttempts\": 1}],"
                        + " \"ResultSelector\": {\"n.$\": \"$.Output.n\"}"), "{}");
        assertThat(engine.describe(parent).status()).isEqualTo(ExecutionStatus.RUNNING);

        engine.advance(Duration.ofSeconds(5));

        assertThat(output(parent)).isEqualTo(json("{\"n\": 1}"));
        assertThat(children()).extracting(ExecutionSummary::status)
                .containsExactlyInAnyOrder(ExecutionStatus.FAILED, ExecutionStatus.SUCCEEDED);
        assertThat(engine.types(parent)).containsSubsequence("TaskScheduled", "TaskSubmitted", "TaskFailed",
                "TaskScheduled", "TaskSubmitted", "TaskSucceeded");
    }

    @Test
    void aChildThatTimesOut_failsTheTask_withItsTimedOutDescription() {
        child("""
                {"TimeoutSeconds": 10, "StartAt": "Sleep",
                 "States": {"Sleep": {"Type": "Wait", "Seconds": 60, "End": true}}}""");
        String parent = startParent(parent("startExecution.sync:2", childParameters("{}"), ""), "{}");

        engine.advance(Duration.ofSeconds(10));

        ExecutionDescription failed = engine.describe(parent);
        assertThat(failed.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(failed.error()).isEqualTo("States.TaskFailed");
        JsonNode cause = json(failed.cause());
        assertThat(cause.get("Status").asText()).isEqualTo("TIMED_OUT");
        assertThat(cause.get("Error").asText()).isEqualTo("States.Timeout");
        assertThat(cause.get("Input")).as(".sync:2 keeps the input as JSON in the cause too").isEqualTo(json("{}"));
    }

    @Test
    void aChildStoppedByHand_failsTheTask_withItsAbortedDescription() {
        child(SLOW);
        String parent = startParent(parent("startExecution.sync", childParameters("{}"), ""), "{}");

        engine.engine().stopExecution(onlyChild().executionArn(), "Ops.Cancelled", "stopped by hand");
        engine.idle();

        JsonNode cause = json(engine.describe(parent).cause());
        assertThat(cause.get("Status").asText()).isEqualTo("ABORTED");
        assertThat(cause.get("Error").asText()).isEqualTo("Ops.Cancelled");
        assertThat(cause.get("Cause").asText()).isEqualTo("stopped by hand");
    }

    // ---- the parent's task ending first -------------------------------------------------------------------------

    @Test
    void stoppingTheParent_stopsItsSyncChild() {
        child(SLOW);
        String parent = startParent(parent("startExecution.sync:2", childParameters("{}"), ""), "{}");

        engine.engine().stopExecution(parent, "Ops.Cancelled", null);
        engine.idle();

        assertThat(engine.describe(parent).status()).isEqualTo(ExecutionStatus.ABORTED);
        assertThat(engine.types(parent)).endsWith("TaskStateAborted", "ExecutionAborted");
        assertChildStoppedBy(parent);
        assertThat(engine.types(onlyChild().executionArn())).endsWith("ExecutionAborted");
    }

    @ParameterizedTest
    @ValueSource(strings = {"TimeoutSeconds", "HeartbeatSeconds"})
    void theTasksOwnTimeout_endsTheWait_andStopsTheChild(String field) {
        child(SLOW);
        String parent = startParent(parent("startExecution.sync", childParameters("{}"), "\"" + field + "\": 5"),
                "{}");

        engine.advance(Duration.ofSeconds(5));

        ExecutionDescription failed = engine.describe(parent);
        // A missed heartbeat fails with States.Timeout as well, as recorded executions show.
        assertThat(failed.error()).isEqualTo("States.Timeout");
        assertThat(engine.first(parent, HistoryEventType.TaskTimedOut).details().get("resource").asText())
                .isEqualTo("startExecution.sync");
        assertChildStoppedBy(parent);
    }

    @Test
    void theParentsExecutionTimeout_stopsItsSyncChild() {
        child(SLOW);
        String parent = startParent("""
                {"TimeoutSeconds": 30, "StartAt": "Nest", "States": {
                  "Nest": {"Type": "Task", "Resource": "arn:aws:states:::states:startExecution.sync",
                    "Parameters": {"StateMachineArn": "%s"}, "End": true}}}""".formatted(CHILD), "{}");

        engine.advance(Duration.ofSeconds(30));

        assertThat(engine.describe(parent).status()).isEqualTo(ExecutionStatus.TIMED_OUT);
        assertChildStoppedBy(parent);
    }

    @Test
    void aFailingParallelSibling_stopsTheSyncChild() {
        child(SLOW);
        String parent = startParent("""
                {"StartAt": "Both", "States": {"Both": {"Type": "Parallel", "End": true, "Branches": [
                  {"StartAt": "Nest", "States": {"Nest": {"Type": "Task",
                    "Resource": "arn:aws:states:::states:startExecution.sync:2",
                    "Parameters": {"StateMachineArn": "%s"}, "End": true}}},
                  {"StartAt": "Pause", "States": {"Pause": {"Type": "Wait", "Seconds": 1, "Next": "Boom"},
                    "Boom": {"Type": "Fail", "Error": "Sibling.Failed"}}}]}}}""".formatted(CHILD), "{}");

        engine.advance(Duration.ofSeconds(1));

        assertThat(engine.describe(parent).error()).isEqualTo("Sibling.Failed");
        assertChildStoppedBy(parent);
    }

    // ---- .waitForTaskToken --------------------------------------------------------------------------------------

    @Test
    void waitForTaskToken_startsTheChild_andResumesOnTheToken_whileTheChildRunsOn() {
        child(SLOW);
        String parent = startParent(parent("startExecution.waitForTaskToken",
                childParameters("{\"token.$\": \"$$.Task.Token\"}"), ""), "{}");
        assertThat(engine.types(parent)).endsWith("TaskSubmitted");
        String token = json(engine.describe(onlyChild().executionArn()).input()).get("token").asText();

        engine.engine().sendTaskSuccess(token, "{\"approved\": true}");
        engine.idle();

        assertThat(output(parent)).isEqualTo(json("{\"approved\": true}"));
        assertThat(onlyChild().status()).isEqualTo(ExecutionStatus.RUNNING);
    }

    // ---- names and the started-by field -------------------------------------------------------------------------

    @Test
    void theStartedByField_reachesTheChildsInput_asAwsPassesIt_andNothingElseIsAdded() {
        child(ECHO);
        String parent = startParent(parent("startExecution.sync:2", childParameters("""
                {"AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID.$": "$$.Execution.Id", "order": 7}"""), ""), "{}");

        JsonNode childInput = json(engine.describe(onlyChild().executionArn()).input());
        assertThat(childInput).isEqualTo(json("{\"AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID\": \"" + parent
                + "\", \"order\": 7}"));
        assertThat(output(parent).at("/Output/echo")).isEqualTo(childInput);
        JsonNode started = engine.first(onlyChild().executionArn(), HistoryEventType.ExecutionStarted).details();
        assertThat(started.fieldNames()).toIterable().containsExactly("input", "inputDetails", "roleArn");
    }

    @Test
    void aNameThatAlreadyRan_failsTheTask_withStepFunctionsExecutionAlreadyExistsException_whichCanBeCaught() {
        child(ECHO);
        engine.engine().startExecution(CHILD, "order-1", "{}");
        engine.idle();
        String parent = startParent("""
                {"StartAt": "Nest", "States": {
                  "Nest": {"Type": "Task", "Resource": "arn:aws:states:::states:startExecution.sync:2",
                    "Parameters": {"StateMachineArn": "%s", "Name": "order-1"},
                    "Catch": [{"ErrorEquals": ["StepFunctions.ExecutionAlreadyExistsException"],
                      "ResultPath": "$.failure", "Next": "AlreadyRan"}], "End": true},
                  "AlreadyRan": {"Type": "Pass", "End": true}}}""".formatted(CHILD), "{}");

        JsonNode failure = output(parent).get("failure");
        assertThat(failure.get("Error").asText()).isEqualTo("StepFunctions.ExecutionAlreadyExistsException");
        assertThat(failure.get("Cause").asText()).startsWith("Execution Already Exists: '" + ACCOUNT_ARN
                + "execution:child:order-1'").contains("(Service: AWSStepFunctions; Status Code: 400; Error Code:"
                + " ExecutionAlreadyExists; Request ID: ");
        assertThat(children()).hasSize(1);
    }

    @Test
    void aNameThatIsRunningWithTheSameInput_isStartExecutionsIdempotentAnswer_andTheParentWaitsForIt() {
        child(SLOW);
        String running = engine.engine().startExecution(CHILD, "order-2", "{\"n\":2}").executionArn();
        String parent = startParent(parent("startExecution.sync:2", """
                {"StateMachineArn": "%s", "Name": "order-2", "Input": {"n": 2}}""".formatted(CHILD), ""), "{}");
        assertThat(children()).hasSize(1);

        engine.advance(Duration.ofSeconds(60));

        assertThat(output(parent).get("ExecutionArn").asText()).isEqualTo(running);
    }

    @Test
    void anUnknownStateMachine_failsTheTask_withStepFunctionsStateMachineDoesNotExistException() {
        String parent = startParent(parent("startExecution.sync", """
                {"StateMachineArn": "%sstateMachine:nowhere"}""".formatted(ACCOUNT_ARN), ""), "{}");

        ExecutionDescription failed = engine.describe(parent);
        assertThat(failed.error()).isEqualTo("StepFunctions.StateMachineDoesNotExistException");
        assertThat(failed.cause()).contains("nowhere").contains("Error Code: StateMachineDoesNotExist");
        assertThat(engine.types(parent)).doesNotContain("TaskSubmitted");
    }

    @Test
    void anInputStringThatIsNotJson_failsTheTask_withStepFunctionsInvalidExecutionInputException() {
        child(ECHO);
        String parent = startParent(parent("startExecution", childParameters("\"not json\""), ""), "{}");

        assertThat(engine.describe(parent).error()).isEqualTo("StepFunctions.InvalidExecutionInputException");
        assertThat(children()).isEmpty();
    }

    @Test
    void nestedTwoLevelsDeep_eachParentWaitsForItsChild() {
        engine.engine().createStateMachine("grandchild", ECHO, null);
        child(parent("startExecution.sync:2", "{\"StateMachineArn\": \"" + ACCOUNT_ARN
                + "stateMachine:grandchild\", \"Input.$\": \"$\"}", "\"OutputPath\": \"$.Output\""));
        String parent = startParent(parent("startExecution.sync:2", childParameters("{\"depth\": 2}"),
                "\"OutputPath\": \"$.Output\""), "{}");

        assertThat(output(parent)).isEqualTo(json("{\"echo\": {\"depth\": 2}}"));
        assertThat(children()).extracting(ExecutionSummary::status).containsExactly(ExecutionStatus.SUCCEEDED);
    }
}
