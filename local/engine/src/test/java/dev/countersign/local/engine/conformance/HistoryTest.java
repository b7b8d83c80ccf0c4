package dev.countersign.local.engine.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.countersign.local.engine.EngineUnderTest;
import dev.countersign.local.engine.ExecutionDescription;
import dev.countersign.local.engine.HistoryEvent;
import dev.countersign.local.engine.HistoryEventType;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Execution history: AWS's vocabulary, ids, previousEventId chains and details. */
class HistoryTest {
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
    void ids_areConsecutive_andEachEventFollowsThePreviousOneOnItsPath() {
        ExecutionDescription done = engine.run("""
                {"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Succeed"}}}""", "{}");
        List<HistoryEvent> history = engine.history(done.executionArn());
        for (int i = 0; i < history.size(); i++) {
            assertThat(history.get(i).id()).isEqualTo(i + 1);
            assertThat(history.get(i).previousEventId()).isEqualTo(i);
        }
        HistoryEvent started = history.get(0);
        assertThat(started.type()).isEqualTo(HistoryEventType.ExecutionStarted);
        assertThat(started.details().get("input").asText()).isEqualTo("{}");
        assertThat(started.details().get("roleArn").asText()).startsWith("arn:aws:iam::123456789012:role/");
        HistoryEvent entered = history.get(1);
        assertThat(entered.details().get("name").asText()).isEqualTo("A");
        assertThat(entered.details().get("inputDetails").get("truncated").asBoolean()).isFalse();
        assertThat(history.get(history.size() - 1).details().get("output").asText()).isEqualTo("{}");
        assertThat(started.timestamp()).isEqualTo(engine.clock.now());
    }

    @Test
    void parallelBranches_chainFromParallelStateStarted() {
        ExecutionDescription done = engine.run("""
                {"StartAt": "P", "States": {"P": {"Type": "Parallel", "Branches": [
                  {"StartAt": "X", "States": {"X": {"Type": "Pass", "End": true}}},
                  {"StartAt": "Y", "States": {"Y": {"Type": "Pass", "End": true}}}], "End": true}}}""", "{}");
        List<HistoryEvent> history = engine.history(done.executionArn());
        long started = engine.first(done.executionArn(), HistoryEventType.ParallelStateStarted).id();
        List<HistoryEvent> branchEntries = history.stream()
                .filter(event -> event.type() == HistoryEventType.PassStateEntered).toList();
        assertThat(branchEntries).hasSize(2).allSatisfy(event -> assertThat(event.previousEventId())
                .isEqualTo(started));
    }

    @Test
    void mapIterations_nameTheMapStateAndTheIndex() {
        ExecutionDescription done = engine.run("""
                {"StartAt": "M", "States": {"M": {"Type": "Map", "ItemProcessor": {"StartAt": "X",
                  "States": {"X": {"Type": "Pass", "End": true}}}, "End": true}}}""", "[10, 20]");
        List<HistoryEvent> iterations = engine.all(done.executionArn(), HistoryEventType.MapIterationStarted);
        assertThat(iterations).extracting(e -> e.details().get("name").asText()).containsExactly("M", "M");
        assertThat(iterations).extracting(e -> e.details().get("index").asInt()).containsExactly(0, 1);
        assertThat(engine.all(done.executionArn(), HistoryEventType.MapIterationSucceeded)).hasSize(2);
    }

    @Test
    void reverseOrderAndPaging_coverTheWholeHistory() {
        ExecutionDescription done = engine.run("""
                {"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Pass", "Next": "C"},
                 "C": {"Type": "Pass", "End": true}}}""", "{}");
        var first = engine.engine().getExecutionHistory(done.executionArn(), true, 3, null);
        assertThat(first.items()).extracting(HistoryEvent::id).containsExactly(8L, 7L, 6L);
        var second = engine.engine().getExecutionHistory(done.executionArn(), true, 3, first.nextToken());
        var third = engine.engine().getExecutionHistory(done.executionArn(), true, 3, second.nextToken());
        assertThat(second.items()).extracting(HistoryEvent::id).containsExactly(5L, 4L, 3L);
        assertThat(third.items()).extracting(HistoryEvent::id).containsExactly(2L, 1L);
        assertThat(third.nextToken()).isNull();
    }

    @Test
    void listener_hearsEveryEventOnceDurable() {
        ExecutionDescription done = engine.run("""
                {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}}""", "{}");
        assertThat(engine.seen).containsExactly(done.executionArn() + " ExecutionStarted",
                done.executionArn() + " PassStateEntered", done.executionArn() + " PassStateExited",
                done.executionArn() + " ExecutionSucceeded");
    }
}
