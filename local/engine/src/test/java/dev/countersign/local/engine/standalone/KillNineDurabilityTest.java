package dev.countersign.local.engine.standalone;

import static dev.countersign.local.engine.standalone.EngineProcess.awaitCondition;
import static dev.countersign.local.engine.standalone.TokenJournalEngineMain.readTokens;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.countersign.local.engine.api.SfnClients;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.GetExecutionHistoryResponse;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;

/**
 * The durability promise with a real process: 200 executions paused on task tokens survive a SIGKILL of the engine's
 * JVM; after a restart on the same data directory every token still completes its execution, every history is whole,
 * and no task was invoked twice.
 */
class KillNineDurabilityTest {
    private static final int EXECUTIONS = 200;
    private static final Duration DEADLINE = Duration.ofSeconds(120);
    /** The approval gate's shape, without timers (the child runs on the wall clock). */
    private static final String GATE = """
            {
              "StartAt": "Gate",
              "States": {
                "Gate": {
                  "Type": "Task",
                  "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
                  "Parameters": {"FunctionName": "gate", "Payload": {"token.$": "$$.Task.Token"}},
                  "ResultPath": "$.decision",
                  "Next": "Decided"
                },
                "Decided": {"Type": "Pass", "End": true}
              }
            }
            """;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path work;

    @Test
    void pausedExecutions_surviveSigkill_andCompleteAfterRestart_withWholeHistories_andNoTaskRunTwice()
            throws Exception {
        Path data = work.resolve("engine");
        Path tokens = work.resolve("tokens.tsv");
        List<String> executions = new ArrayList<>();

        try (EngineProcess first = startEngine(data, tokens, "first");
             SfnClient sfn = SfnClients.against(first.endpoint())) {
            String machine = sfn.createStateMachine(b -> b.name("gate").definition(GATE)
                    .roleArn("arn:aws:iam::123456789012:role/gate")).stateMachineArn();
            executions.addAll(startAll(sfn, machine));
            awaitAllSubmitted(sfn, executions, tokens);

            int status = first.killForcibly();

            // 128 + 9: the JVM died of SIGKILL, so no shutdown hook or close ran.
            assertThat(status).as("exit status of the killed engine").isEqualTo(137);
            assertThat(first.output()).doesNotContain("stopped");
        }

        try (EngineProcess second = startEngine(data, tokens, "second");
             SfnClient sfn = SfnClients.against(second.endpoint())) {
            Map<String, List<String>> issued = readTokens(tokens);
            assertThat(issued).containsOnlyKeys(executions);
            for (int i = 0; i < EXECUTIONS; i++) {
                String execution = executions.get(i);
                String token = issued.get(execution).get(0);
                String output = "{\"outcome\":\"APPROVED\",\"n\":" + i + "}";
                sfn.sendTaskSuccess(b -> b.taskToken(token).output(output));
            }
            String machine = "arn:aws:states:us-east-1:123456789012:stateMachine:gate";
            awaitCondition(() -> sfn.listExecutionsPaginator(b -> b.stateMachineArn(machine)
                    .statusFilter(ExecutionStatus.SUCCEEDED)).executions().stream().count() == EXECUTIONS,
                    "all " + EXECUTIONS + " executions SUCCEEDED");

            for (int i = 0; i < EXECUTIONS; i++) {
                String execution = executions.get(i);
                assertWholeHistory(sfn, execution, i);
            }
            // Every gate ran exactly once, across the kill and the restart.
            assertThat(readTokens(tokens).values()).allSatisfy(list -> assertThat(list).hasSize(1));
        }
    }

    private EngineProcess startEngine(Path data, Path tokens, String run) throws Exception {
        return EngineProcess.start(TokenJournalEngineMain.class, work.resolve(run + ".log"), DEADLINE,
                tokens.toString(), "--port", "0", "--data", data.toString());
    }

    private static List<String> startAll(SfnClient sfn, String machine) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> started = new ArrayList<>();
            for (int i = 0; i < EXECUTIONS; i++) {
                String name = "approval-" + i;
                String input = "{\"proposal\":" + i + "}";
                started.add(clients.submit(() -> sfn.startExecution(b -> b.stateMachineArn(machine).name(name)
                        .input(input)).executionArn()));
            }
            List<String> arns = new ArrayList<>();
            for (Future<String> start : started) {
                arns.add(start.get());
            }
            return arns;
        } finally {
            clients.shutdownNow();
        }
    }

    /** Kill only once every gate has run and its TaskSubmitted is journalled, else a re-invocation is legitimate. */
    private static void awaitAllSubmitted(SfnClient sfn, List<String> executions, Path tokens) throws Exception {
        awaitCondition(() -> readTokens(tokens).size() == EXECUTIONS, "every gate invoked");
        for (String execution : executions) {
            awaitCondition(() -> sfn.getExecutionHistory(b -> b.executionArn(execution)).events().stream()
                    .anyMatch(e -> e.type() == HistoryEventType.TASK_SUBMITTED), "TaskSubmitted in " + execution);
        }
    }

    private static void assertWholeHistory(SfnClient sfn, String execution, int n) throws Exception {
        List<HistoryEvent> events = new ArrayList<>();
        String next = null;
        do {
            String token = next;
            GetExecutionHistoryResponse page = sfn.getExecutionHistory(b -> b.executionArn(execution)
                    .maxResults(100).nextToken(token));
            events.addAll(page.events());
            next = page.nextToken();
        } while (next != null);

        assertThat(events.get(0).type()).as(execution).isEqualTo(HistoryEventType.EXECUTION_STARTED);
        assertThat(events.get(events.size() - 1).type()).as(execution).isEqualTo(HistoryEventType.EXECUTION_SUCCEEDED);
        for (int i = 0; i < events.size(); i++) {
            HistoryEvent event = events.get(i);
            assertThat(event.id()).as("id of event %d of %s", i, execution).isEqualTo(i + 1L);
            // A linear machine: each event follows the one before it; a gap or a fork means a torn journal.
            assertThat(event.previousEventId()).as("previousEventId of event %d of %s", event.id(), execution)
                    .isEqualTo(event.id() - 1);
        }
        assertThat(events).extracting(HistoryEvent::type)
                .containsSubsequence(HistoryEventType.TASK_STATE_ENTERED, HistoryEventType.TASK_SCHEDULED,
                        HistoryEventType.TASK_SUBMITTED, HistoryEventType.TASK_SUCCEEDED,
                        HistoryEventType.TASK_STATE_EXITED, HistoryEventType.PASS_STATE_ENTERED)
                .filteredOn(type -> type == HistoryEventType.TASK_SCHEDULED).hasSize(1);
        String output = events.get(events.size() - 1).executionSucceededEventDetails().output();
        assertThat(JSON.readTree(output)).isEqualTo(JSON.readTree(
                "{\"proposal\":" + n + ",\"decision\":{\"outcome\":\"APPROVED\",\"n\":" + n + "}}"));
    }
}
