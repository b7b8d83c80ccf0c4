package dev.countersign.local.engine.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.countersign.local.engine.EngineUnderTest;
import dev.countersign.local.engine.ExecutionDescription;
import dev.countersign.local.engine.ExecutionStatus;
import dev.countersign.local.engine.HistoryEvent;
import dev.countersign.local.engine.HistoryEventType;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Workflow variables: Assign, evaluation order, and scopes of Parallel branches and Map iterations. */
class VariablesTest {
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

    @Test
    void assign_isVisibleToLaterStates_andRecordedInTheExitedEvent() {
        ExecutionDescription done = engine.run("""
                {"StartAt": "A", "States": {
                  "A": {"Type": "Pass", "Assign": {"approver": "ana", "level.$": "$.level"}, "Next": "B"},
                  "B": {"Type": "Pass", "Parameters": {"who.$": "$approver", "level.$": "$level"}, "End": true}}}""",
                "{\"level\": 2}");
        assertThat(done.output()).isEqualTo("{\"who\":\"ana\",\"level\":2}");
        HistoryEvent exited = engine.first(done.executionArn(), HistoryEventType.PassStateExited);
        assertThat(exited.details().get("assignedVariables").get("approver").asText()).isEqualTo("\"ana\"");
        assertThat(exited.details().get("assignedVariables").get("level").asText()).isEqualTo("2");
    }

    @Test
    void assign_evaluatesEveryValueWithTheVariablesFromBeforeTheState() {
        ExecutionDescription done = engine.run("""
                {"StartAt": "Init", "States": {
                  "Init": {"Type": "Pass", "Assign": {"a": 1, "b": 2}, "Next": "Swap"},
                  "Swap": {"Type": "Pass", "Assign": {"a.$": "$b", "b.$": "$a"}, "Next": "Read"},
                  "Read": {"Type": "Pass", "Parameters": {"a.$": "$a", "b.$": "$b"}, "End": true}}}""", "{}");
        // Sequential assignment would give a = b = 2; Step Functions evaluates all values first.
        assertThat(done.output()).isEqualTo("{\"a\":2,\"b\":1}");
    }

    @Test
    void assign_inATask_readsTheResult() {
        engine.functions.put("lookup", (payload, invocation) -> EngineUnderTest.json("{\"email\": \"a@x.test\"}"));
        ExecutionDescription done = engine.run("""
                {"StartAt": "T", "States": {
                  "T": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:lookup",
                        "ResultSelector": {"mail.$": "$.email"}, "Assign": {"mail.$": "$.mail"}, "ResultPath": null,
                        "Next": "R"},
                  "R": {"Type": "Pass", "Parameters": {"mail.$": "$mail", "input.$": "$"}, "End": true}}}""",
                "{\"x\": 1}");
        assertThat(done.output()).isEqualTo("{\"mail\":\"a@x.test\",\"input\":{\"x\":1}}");
    }

    @Test
    void parallelBranches_readOuterVariables_butTheirOwnAssignmentsStayInside() {
        ExecutionDescription done = engine.run("""
                {"StartAt": "Outer", "States": {
                  "Outer": {"Type": "Pass", "Assign": {"shared": "outer"}, "Next": "P"},
                  "P": {"Type": "Parallel", "Branches": [
                      {"StartAt": "B1", "States": {
                        "B1": {"Type": "Pass", "Assign": {"local": "one"}, "Next": "B1Read"},
                        "B1Read": {"Type": "Pass", "Parameters": {"shared.$": "$shared", "local.$": "$local"},
                                   "End": true}}},
                      {"StartAt": "B2", "States": {
                        "B2": {"Type": "Pass", "Parameters": {"shared.$": "$shared"}, "End": true}}}],
                    "Next": "After"},
                  "After": {"Type": "Pass", "Parameters": {"results.$": "$", "shared.$": "$shared",
                    "leaked.$": "States.ArrayLength(States.Array())"}, "End": true}}}""", "{}");
        assertThat(EngineUnderTest.json(done.output()).get("results")).isEqualTo(EngineUnderTest.json(
                "[{\"shared\": \"outer\", \"local\": \"one\"}, {\"shared\": \"outer\"}]"));
        assertThat(EngineUnderTest.json(done.output()).get("shared").asText()).isEqualTo("outer");

        ExecutionDescription leak = engine.run("""
                {"StartAt": "P", "States": {
                  "P": {"Type": "Parallel", "Branches": [{"StartAt": "B", "States": {
                        "B": {"Type": "Pass", "Assign": {"inner": 1}, "End": true}}}], "Next": "After"},
                  "After": {"Type": "Pass", "Parameters": {"inner.$": "$inner"}, "End": true}}}""", "{}");
        // A branch's variables die with the branch; reading one outside is an error, not a stale value.
        assertThat(leak.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(leak.error()).isEqualTo("States.Runtime");
    }

    @Test
    void mapIterations_eachHaveTheirOwnScope() {
        ExecutionDescription done = engine.run("""
                {"StartAt": "Outer", "States": {
                  "Outer": {"Type": "Pass", "Assign": {"prefix": "item-"}, "Next": "M"},
                  "M": {"Type": "Map", "ItemProcessor": {"StartAt": "Set", "States": {
                      "Set": {"Type": "Pass", "Assign": {"mine.$": "$"}, "Next": "Read"},
                      "Read": {"Type": "Pass", "Parameters": {"label.$": "States.Format('{}{}', $prefix, $mine)"},
                               "End": true}}},
                    "Assign": {"count.$": "States.ArrayLength($)"}, "Next": "Count"},
                  "Count": {"Type": "Pass", "Parameters": {"count.$": "$count", "labels.$": "$[*].label"},
                    "End": true}}}""", "[1, 2, 3]");
        assertThat(EngineUnderTest.json(done.output())).isEqualTo(EngineUnderTest.json(
                "{\"count\": 3, \"labels\": [\"item-1\", \"item-2\", \"item-3\"]}"));
    }

    @Test
    void variables_surviveAPauseAndARestart() {
        engine.functions.put("request", (payload, invocation) -> payload);
        String execution = engine.start(engine.machine("""
                {"StartAt": "Set", "States": {
                  "Set": {"Type": "Pass", "Assign": {"requester.$": "$.requester"}, "Next": "Gate"},
                  "Gate": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
                    "Parameters": {"FunctionName": "request", "Payload": {"token.$": "$$.Task.Token"}}, "Next": "Read"},
                  "Read": {"Type": "Pass", "Parameters": {"requester.$": "$requester"}, "End": true}}}"""),
                "{\"requester\": \"bo\"}");
        engine.idle();
        String token = EngineUnderTest.json(engine.first(execution, HistoryEventType.TaskScheduled).details()
                .get("parameters").asText()).at("/Payload/token").asText();
        engine.reopen();
        engine.engine().sendTaskSuccess(token, "{}");
        engine.idle();
        assertThat(engine.describe(execution).output()).isEqualTo("{\"requester\":\"bo\"}");
        List<String> types = engine.types(execution);
        assertThat(types).endsWith("PassStateExited", "ExecutionSucceeded");
    }
}
