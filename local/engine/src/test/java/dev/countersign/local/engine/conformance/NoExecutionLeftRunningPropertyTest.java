package dev.countersign.local.engine.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.countersign.local.engine.Engine;
import dev.countersign.local.engine.EngineUnderTest;
import dev.countersign.local.engine.ExecutionStatus;
import dev.countersign.local.engine.ExecutionSummary;
import dev.countersign.local.engine.LambdaFunction;
import dev.countersign.local.engine.LambdaFunctionError;
import dev.countersign.local.engine.MapRunSummary;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 16: no definition leaves an execution RUNNING after its last state. Generated definitions (a fixed master
 * seed, so every run checks the same ones; see {@link DefinitionGenerator}) mix every state type, nesting, failures
 * with and without error names, Retry and Catch; once time has passed for every Wait and Retry, the execution — and
 * every child execution of its Distributed Maps — has ended.
 */
class NoExecutionLeftRunningPropertyTest {
    private static final long MASTER_SEED = 0x16_2025L;
    private static final int CASES = 120;

    @TempDir
    Path directory;

    static Stream<DefinitionGenerator.Case> definitions() {
        return DefinitionGenerator.cases(MASTER_SEED, CASES);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("definitions")
    void everyExecutionEnds_afterItsLastState(DefinitionGenerator.Case generated) {
        EngineUnderTest engine = new EngineUnderTest(directory);
        try {
            engine.functions.put("echo", (LambdaFunction) (payload, invocation) -> payload);
            engine.functions.put("boom", (LambdaFunction) (payload, invocation) -> {
                throw new LambdaFunctionError("Boom", "generated failure");
            });
            String execution = engine.start(engine.machine(generated.definition()), generated.input());
            engine.idle();
            // Waits are at most 3 s and retries back off from 1 s: a few minutes of engine time is plenty.
            for (int step = 0; step < 60 && running(engine.engine(), execution); step++) {
                engine.advance(Duration.ofSeconds(5));
            }

            List<String> stillRunning = new ArrayList<>();
            collectRunning(engine.engine(), execution, stillRunning);
            assertThat(stillRunning).as("%s: %s with input %s", generated, generated.definition(),
                    generated.input()).isEmpty();
        } finally {
            engine.close();
        }
    }

    private static boolean running(Engine engine, String execution) {
        List<String> found = new ArrayList<>();
        collectRunning(engine, execution, found);
        return !found.isEmpty();
    }

    /** The execution and, through its map runs, every child execution that is still RUNNING. */
    private static void collectRunning(Engine engine, String execution, List<String> running) {
        if (engine.describeExecution(execution).status() == ExecutionStatus.RUNNING) {
            running.add(execution);
        }
        for (MapRunSummary run : engine.listMapRuns(execution, 1000, null).items()) {
            for (ExecutionSummary child : engine.listMapRunExecutions(run.mapRunArn(), null, 1000, null).items()) {
                collectRunning(engine, child.executionArn(), running);
            }
        }
    }
}
