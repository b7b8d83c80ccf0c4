package dev.countersign.local.engine.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.local.engine.EngineUnderTest;
import dev.countersign.local.engine.ExecutionDescription;
import dev.countersign.local.engine.ExecutionStatus;
import dev.countersign.local.engine.RecordedEvent;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** events:putEvents is recorded locally, where the embedding program reads it. */
class EventBridgeIntegrationTest {
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
    void putEvents_recordsEachEntry_andReturnsTheirIds() {
        ExecutionDescription done = engine.run("""
                {"StartAt": "Emit", "States": {"Emit": {"Type": "Task", "Resource": "arn:aws:states:::events:putEvents",
                  "Parameters": {"Entries": [{"Source": "countersign", "DetailType": "ApprovalDecided",
                    "Detail": {"approvalId.$": "$.id", "outcome": "APPROVED"}, "EventBusName": "approvals"}]},
                  "End": true}}}""", "{\"id\": \"ap-9\"}");
        assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        JsonNode output = EngineUnderTest.json(done.output());
        assertThat(output.get("FailedEntryCount").asInt()).isZero();
        RecordedEvent event = engine.engine().recordedEvents().get(0);
        assertThat(output.at("/Entries/0/EventId").asText()).isEqualTo(event.eventId());
        assertThat(event.source()).isEqualTo("countersign");
        assertThat(event.detailType()).isEqualTo("ApprovalDecided");
        assertThat(event.eventBusName()).isEqualTo("approvals");
        assertThat(event.detail().get("approvalId").asText()).isEqualTo("ap-9");
        assertThat(event.executionArn()).isEqualTo(done.executionArn());
    }

    @Test
    void anEntryWithoutSource_failsTheTask() {
        ExecutionDescription done = engine.run("""
                {"StartAt": "Emit", "States": {"Emit": {"Type": "Task", "Resource": "arn:aws:states:::events:putEvents",
                  "Parameters": {"Entries": [{"DetailType": "X", "Detail": {}}]}, "End": true}}}""", "{}");
        assertThat(done.error()).isEqualTo("EventBridge.FailedEntry");
        assertThat(engine.engine().recordedEvents()).isEmpty();
    }
}
