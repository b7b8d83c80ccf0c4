package dev.countersign.local.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.countersign.local.engine.internal.LocalEngine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

/**
 * An engine on a temporary directory with a manual clock and in-process Lambda functions, plus the few steps tests
 * repeat: create a machine, run an execution to rest, read its history, move time, crash and reopen.
 */
public final class EngineUnderTest implements AutoCloseable {
    public static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration IDLE = Duration.ofSeconds(30);

    public final Path directory;
    public final ManualClock clock = new ManualClock();
    public final Map<String, LambdaFunction> functions = new ConcurrentHashMap<>();
    public final List<String> seen = new CopyOnWriteArrayList<>();
    private final UnaryOperator<EngineOptions.Builder> customise;
    private Engine engine;
    private int machines;

    public EngineUnderTest(Path directory) {
        this(directory, builder -> builder);
    }

    public EngineUnderTest(Path directory, UnaryOperator<EngineOptions.Builder> customise) {
        this.directory = directory;
        this.customise = customise;
        open();
    }

    private void open() {
        EngineOptions.Builder builder = EngineOptions.builder(directory).clock(clock)
                .lambdaFunctions(name -> Optional.ofNullable(functions.get(LambdaFunctions.functionName(name))))
                .listener((arn, event) -> seen.add(arn + " " + event.type()))
                .fsyncPolicy(FsyncPolicy.NEVER);
        engine = Engine.open(customise.apply(builder).build());
    }

    public Engine engine() {
        return engine;
    }

    /** Creates a state machine with a fresh name. */
    public String machine(String definition) {
        return engine.createStateMachine("machine-" + (++machines), definition, null).stateMachineArn();
    }

    public String start(String machineArn, String input) {
        return engine.startExecution(machineArn, null, input).executionArn();
    }

    /** Runs an execution until nothing more happens without time passing or a callback. */
    public ExecutionDescription run(String definition, String input) {
        String execution = start(machine(definition), input);
        idle();
        return engine.describeExecution(execution);
    }

    public void idle() {
        try {
            assertThat(engine.awaitIdle(IDLE)).as("engine became idle").isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Waits until the listener heard {@code type} for the execution (for work that never goes idle). */
    public void awaitEvent(String executionArn, HistoryEventType type) {
        long deadline = System.nanoTime() + IDLE.toNanos();
        while (!seen.contains(executionArn + " " + type)) {
            assertThat(System.nanoTime()).as("waiting for " + type).isLessThan(deadline);
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    public void advance(Duration duration) {
        clock.advance(duration);
        idle();
    }

    public ExecutionDescription describe(String executionArn) {
        return engine.describeExecution(executionArn);
    }

    public List<HistoryEvent> history(String executionArn) {
        List<HistoryEvent> events = new ArrayList<>();
        String token = null;
        do {
            Page<HistoryEvent> page = engine.getExecutionHistory(executionArn, false, 1000, token);
            events.addAll(page.items());
            token = page.nextToken();
        } while (token != null);
        return events;
    }

    public List<String> types(String executionArn) {
        return history(executionArn).stream().map(event -> event.type().name()).toList();
    }

    /** The first event of a type, e.g. the TaskScheduled whose parameters hold the token. */
    public HistoryEvent first(String executionArn, HistoryEventType type) {
        return history(executionArn).stream().filter(event -> event.type() == type).findFirst().orElseThrow(
                () -> new AssertionError("no " + type + " in " + types(executionArn)));
    }

    public List<HistoryEvent> all(String executionArn, HistoryEventType type) {
        return history(executionArn).stream().filter(event -> event.type() == type).toList();
    }

    /** The task token a callback task received (from its TaskScheduled parameters). */
    public String token(String executionArn) {
        return tokens(executionArn).get(tokens(executionArn).size() - 1);
    }

    public List<String> tokens(String executionArn) {
        List<String> tokens = new ArrayList<>();
        for (HistoryEvent event : all(executionArn, HistoryEventType.TaskScheduled)) {
            String text = event.details().get("parameters").asText();
            JsonNode parameters = json(text);
            JsonNode token = parameters.findValue("TaskToken");
            if (token == null) {
                token = parameters.findValue("token");
            }
            if (token != null) {
                tokens.add(token.asText());
            }
        }
        return tokens;
    }

    public static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Closes cleanly and opens a new engine on the same directory. */
    public void reopen() {
        engine.close();
        open();
    }

    /** Drops the engine as a crash would (nothing flushed), then opens a new one on the same directory. */
    public void crashAndReopen() {
        ((LocalEngine) engine).crash();
        open();
    }

    public void crash() {
        ((LocalEngine) engine).crash();
    }

    public void openAgain() {
        open();
    }

    @Override
    public void close() {
        engine.close();
    }
}
