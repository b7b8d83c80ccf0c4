package dev.countersign.local.engine.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.countersign.local.engine.EngineUnderTest;
import dev.countersign.local.engine.ExecutionDescription;
import dev.countersign.local.engine.ExecutionStatus;
import dev.countersign.local.engine.HistoryEventType;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pass, Choice, Wait, Succeed and Fail at the state level (operators themselves are tested in the expr package). */
class StateTypesTest {
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
    void pass_parametersBecomeTheResult() {
        ExecutionDescription done = engine.run("""
                {"StartAt": "P", "States": {"P": {"Type": "Pass", "Parameters": {"greeting.$": "States.Format('hi {}', $.who)"},
                 "End": true}}}""", "{\"who\": \"ana\"}");
        assertThat(done.output()).isEqualTo("{\"greeting\":\"hi ana\"}");
    }

    @Test
    void pass_withoutResultOrParameters_passesTheInputThrough() {
        ExecutionDescription done = engine.run("""
                {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}""", "[1, 2]");
        assertThat(done.output()).isEqualTo("[1,2]");
    }

    private static final String CHOICE = """
            {"StartAt": "C", "States": {
              "C": {"Type": "Choice", "Choices": [
                  {"Variable": "$.risk", "StringEquals": "high", "Next": "High"},
                  {"And": [{"Variable": "$.score", "NumericGreaterThanEquals": 50},
                           {"Variable": "$.score", "NumericLessThan": 80}], "Next": "Medium"}],
                "Default": "Low"},
              "High": {"Type": "Pass", "Result": "high", "End": true},
              "Medium": {"Type": "Pass", "Result": "medium", "End": true},
              "Low": {"Type": "Pass", "Result": "low", "End": true}}}""";

    @Test
    void choice_followsTheFirstMatchingRule_elseDefault() {
        assertThat(engine.run(CHOICE, "{\"risk\": \"high\", \"score\": 60}").output()).isEqualTo("\"high\"");
        assertThat(engine.run(CHOICE, "{\"risk\": \"low\", \"score\": 60}").output()).isEqualTo("\"medium\"");
        assertThat(engine.run(CHOICE, "{\"risk\": \"low\", \"score\": 10}").output()).isEqualTo("\"low\"");
    }

    @Test
    void choice_recordsEnteredAndExitedAndTheOutputPath() {
        ExecutionDescription done = engine.run("""
                {"StartAt": "C", "States": {
                  "C": {"Type": "Choice", "InputPath": "$.inner", "OutputPath": "$.keep",
                        "Choices": [{"Variable": "$.go", "BooleanEquals": true, "Next": "Done"}]},
                  "Done": {"Type": "Succeed"}}}""", "{\"inner\": {\"go\": true, \"keep\": {\"k\": 1}}}");
        assertThat(done.output()).isEqualTo("{\"k\":1}");
        assertThat(engine.types(done.executionArn())).containsExactly("ExecutionStarted", "ChoiceStateEntered",
                "ChoiceStateExited", "SucceedStateEntered", "SucceedStateExited", "ExecutionSucceeded");
    }

    @Test
    void choice_withoutMatchOrDefault_failsWithNoChoiceMatched() {
        ExecutionDescription done = engine.run("""
                {"StartAt": "C", "States": {
                  "C": {"Type": "Choice", "Choices": [{"Variable": "$.x", "NumericEquals": 1, "Next": "Done"}]},
                  "Done": {"Type": "Succeed"}}}""", "{\"x\": 2}");
        assertThat(done.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(done.error()).isEqualTo("States.NoChoiceMatched");
    }

    @Test
    void wait_seconds_pausesUntilTheClockHasMoved() {
        String execution = engine.start(engine.machine("""
                {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 30, "Next": "Done"},
                 "Done": {"Type": "Succeed"}}}"""), "{\"a\": 1}");
        engine.idle();
        engine.advance(Duration.ofSeconds(29));
        assertThat(engine.describe(execution).status()).isEqualTo(ExecutionStatus.RUNNING);
        engine.advance(Duration.ofSeconds(1));
        ExecutionDescription done = engine.describe(execution);
        assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(done.output()).isEqualTo("{\"a\":1}");
        assertThat(engine.types(execution)).containsSubsequence("WaitStateEntered", "WaitStateExited");
    }

    @Test
    void wait_secondsPath_readsTheDelayFromTheInput() {
        String execution = engine.start(engine.machine("""
                {"StartAt": "W", "States": {"W": {"Type": "Wait", "SecondsPath": "$.delay", "End": true}}}"""),
                "{\"delay\": 5}");
        engine.idle();
        engine.advance(Duration.ofSeconds(4));
        assertThat(engine.describe(execution).status()).isEqualTo(ExecutionStatus.RUNNING);
        engine.advance(Duration.ofSeconds(1));
        assertThat(engine.describe(execution).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    }

    @Test
    void wait_timestampAndTimestampPath_waitUntilThatInstant() {
        String fixed = engine.start(engine.machine("""
                {"StartAt": "W", "States": {"W": {"Type": "Wait", "Timestamp": "2026-01-01T00:10:00Z", "End": true}}}
                """), "{}");
        String fromInput = engine.start(engine.machine("""
                {"StartAt": "W", "States": {"W": {"Type": "Wait", "TimestampPath": "$.until", "End": true}}}"""),
                "{\"until\": \"2026-01-01T00:20:00+00:00\"}");
        engine.idle();
        engine.advance(Duration.ofMinutes(10));
        assertThat(engine.describe(fixed).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(engine.describe(fromInput).status()).isEqualTo(ExecutionStatus.RUNNING);
        engine.advance(Duration.ofMinutes(10));
        assertThat(engine.describe(fromInput).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    }

    @Test
    void wait_timestampInThePast_continuesAtOnce() {
        ExecutionDescription done = engine.run("""
                {"StartAt": "W", "States": {"W": {"Type": "Wait", "Timestamp": "2020-01-01T00:00:00Z", "End": true}}}
                """, "{}");
        assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    }

    @Test
    void wait_secondsPathThatIsNotANumber_failsWithStatesRuntime() {
        ExecutionDescription done = engine.run("""
                {"StartAt": "W", "States": {"W": {"Type": "Wait", "SecondsPath": "$.delay", "End": true}}}""",
                "{\"delay\": \"soon\"}");
        assertThat(done.error()).isEqualTo("States.Runtime");
        assertThat(done.cause()).contains("Seconds");
    }

    @Test
    void succeed_appliesInputPathAndOutputPath() {
        ExecutionDescription done = engine.run("""
                {"StartAt": "S", "States": {"S": {"Type": "Succeed", "InputPath": "$.a", "OutputPath": "$.b"}}}""",
                "{\"a\": {\"b\": 7}}");
        assertThat(done.output()).isEqualTo("7");
    }

    @Test
    void fail_errorAndCause_endTheExecution() {
        ExecutionDescription done = engine.run("""
                {"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "Countersign.Rejected",
                 "Cause": "the approver said no"}}}""", "{}");
        assertThat(done.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(done.error()).isEqualTo("Countersign.Rejected");
        assertThat(done.cause()).isEqualTo("the approver said no");
        assertThat(engine.types(done.executionArn())).containsExactly("ExecutionStarted", "FailStateEntered",
                "ExecutionFailed");
    }

    @Test
    void fail_errorPathAndCausePath_readTheInputOrAnIntrinsic() {
        ExecutionDescription done = engine.run("""
                {"StartAt": "F", "States": {"F": {"Type": "Fail", "ErrorPath": "$.code",
                 "CausePath": "States.Format('level {} timed out', $.level)"}}}""", "{\"code\": \"Late\", \"level\": 2}");
        assertThat(done.error()).isEqualTo("Late");
        assertThat(done.cause()).isEqualTo("level 2 timed out");
        assertThat(engine.first(done.executionArn(), HistoryEventType.ExecutionFailed).details().get("cause")
                .asText()).isEqualTo("level 2 timed out");
    }

    @Test
    void stateOutputOverTheLimit_failsWithDataLimitExceeded() {
        ExecutionDescription done = engine.run("""
                {"StartAt": "P", "States": {"P": {"Type": "Pass",
                 "Parameters": {"a.$": "$.s", "b.$": "$.s"}, "End": true}}}""",
                "{\"s\": \"" + "x".repeat(140_000) + "\"}");
        // Two copies of a 140 KB string make a 280 KB output: over the 256 KiB limit.
        assertThat(done.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(done.error()).isEqualTo("States.DataLimitExceeded");
    }
}
