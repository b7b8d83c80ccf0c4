package dev.countersign.local.engine.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.local.engine.EngineUnderTest;
import dev.countersign.local.engine.ExecutionDescription;
import dev.countersign.local.engine.ExecutionStatus;
import dev.countersign.local.engine.HistoryEvent;
import dev.countersign.local.engine.HistoryEventType;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A Fail state without Error (or Cause) ends its execution, also inside a Map iteration or a Parallel branch and
 * whatever Retry or Catch the enclosing state has. It once left the execution RUNNING forever: the missing error name
 * broke the enclosing state's failure handling half-way.
 */
class FailWithoutErrorTest {
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

    static final String NO_RETRY_OR_CATCH = "";
    static final String RETRY_ALL = ", \"Retry\": [{\"ErrorEquals\": [\"States.ALL\"], \"IntervalSeconds\": 1,"
            + " \"MaxAttempts\": 1}]";
    static final String CATCH_OTHER = ", \"Catch\": [{\"ErrorEquals\": [\"Some.Error\"], \"Next\": \"Caught\"}]";

    static Stream<Arguments> enclosingStates() {
        String map = """
                "Type": "Map", "ItemsPath": "$.items",
                "ItemProcessor": {"StartAt": "F", "States": {"F": {"Type": "Fail"%s}}}""";
        String parallel = """
                "Type": "Parallel",
                "Branches": [{"StartAt": "F", "States": {"F": {"Type": "Fail"%s}}},
                             {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}]""";
        return Stream.of(
                Arguments.of("Map", map, "", NO_RETRY_OR_CATCH),
                Arguments.of("Map", map, "", RETRY_ALL),
                Arguments.of("Map", map, "", CATCH_OTHER),
                Arguments.of("Map", map, ", \"Cause\": \"only a cause\"", NO_RETRY_OR_CATCH),
                Arguments.of("Map", map, ", \"Error\": \"Only.Error\"", RETRY_ALL),
                Arguments.of("Parallel", parallel, "", NO_RETRY_OR_CATCH),
                Arguments.of("Parallel", parallel, "", RETRY_ALL),
                Arguments.of("Parallel", parallel, "", CATCH_OTHER),
                Arguments.of("Parallel", parallel, ", \"Cause\": \"only a cause\"", RETRY_ALL));
    }

    @ParameterizedTest(name = "{0}, Fail fields [{2}], recovery [{3}]")
    @MethodSource("enclosingStates")
    void aFailInsideMapOrParallel_failsTheExecution_whateverItsFieldsAndTheRecovery(String type, String state,
                                                                                     String failFields,
                                                                                     String recovery) {
        String caught = recovery.contains("Catch") ? ", \"Caught\": {\"Type\": \"Pass\", \"End\": true}" : "";
        String definition = """
                {"StartAt": "S", "States": {
                  "S": {%s%s, "End": true}%s}}""".formatted(state.formatted(failFields), recovery, caught);
        String execution = engine.start(engine.machine(definition), "{\"items\": [1, 2]}");
        // A Retry interval of a second: time has to pass for the retry, then the execution must end.
        engine.idle();
        engine.advance(java.time.Duration.ofSeconds(2));

        ExecutionDescription done = engine.describe(execution);
        assertThat(done.status()).as("%s", engine.types(execution)).isEqualTo(ExecutionStatus.FAILED);
        String expectedError = failFields.contains("Only.Error") ? "Only.Error" : null;
        assertThat(done.error()).isEqualTo(expectedError);
        assertThat(done.cause()).isEqualTo(failFields.contains("only a cause") ? "only a cause" : null);
        assertThat(engine.types(execution)).contains(type + "StateFailed").last().isEqualTo("ExecutionFailed");
    }

    @Test
    void aTopLevelFailWithoutError_failsTheExecution_withNeitherErrorNorCause() {
        ExecutionDescription done = engine.run("""
                {"StartAt": "F", "States": {"F": {"Type": "Fail"}}}""", "{}");
        assertThat(done.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(done.error()).isNull();
        assertThat(done.cause()).isNull();
        HistoryEvent failed = engine.first(done.executionArn(), HistoryEventType.ExecutionFailed);
        assertThat(failed.details().has("error")).isFalse();
        assertThat(failed.details().has("cause")).isFalse();
    }

    @Test
    void aFailWithoutError_isCaughtByStatesAll_withAnEmptyErrorOutput() {
        ExecutionDescription done = engine.run("""
                {"StartAt": "M", "States": {
                  "M": {"Type": "Map", "ItemProcessor": {"StartAt": "F", "States": {"F": {"Type": "Fail"}}},
                        "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Caught"}], "End": true},
                  "Caught": {"Type": "Pass", "End": true}}}""", "[1]");
        assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        JsonNode output = EngineUnderTest.json(done.output());
        assertThat(output).isEqualTo(EngineUnderTest.json("{\"Error\": \"\", \"Cause\": \"\"}"));
    }
}
