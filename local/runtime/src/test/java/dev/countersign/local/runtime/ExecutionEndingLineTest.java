package dev.countersign.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.local.engine.HistoryEvent;
import dev.countersign.local.engine.HistoryEventType;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The line {@code countersign up} prints when an execution ends: the approval's outcome, or why it failed. */
class ExecutionEndingLineTest {

    private static HistoryEvent event(HistoryEventType type, ObjectNode details) {
        return new HistoryEvent(9, 8, Instant.parse("2026-01-01T00:00:00Z"), type, details);
    }

    private static ObjectNode details() {
        return JsonNodeFactory.instance.objectNode();
    }

    @Test
    void aRejectedRefund_saysRejected_notJustSucceeded() {
        // The workflow's status is "succeeded" after a rejection too: only the Decision says what happened.
        ObjectNode output = details().put("output", "{\"orderId\":\"8812\",\"decision\":{\"outcome\":\"REJECTED\","
                + "\"decidedBy\":\"kim@example.com\",\"comment\":\"Customer already refunded\"}}");
        assertThat(CountersignUp.ending("refund-1", event(HistoryEventType.ExecutionSucceeded, output)))
                .isEqualTo("countersign up: execution refund-1 succeeded: REJECTED by kim@example.com"
                        + " (\"Customer already refunded\") — the workflow took its not-approved path");
    }

    @Test
    void anApprovalWithAChange_namesTheChange() {
        ObjectNode output = details().put("output", "{\"outcome\":\"APPROVED\",\"decidedBy\":\"pat@example.com\","
                + "\"modifications\":{\"amount\":1200.0}}");
        assertThat(CountersignUp.ending("refund-2", event(HistoryEventType.ExecutionSucceeded, output)))
                .isEqualTo("countersign up: execution refund-2 succeeded: APPROVED by pat@example.com"
                        + " with changes {\"amount\":1200.0} — the workflow took its approved path");
    }

    @Test
    void aFailedExecution_givesItsErrorAndTheLambdaMessage() {
        ObjectNode failure = details().put("error", "Countersign.ProposalInvalid")
                .put("cause", "{\"errorMessage\":\"$.action.params.amount: must be a number\","
                        + "\"errorType\":\"ProposalInvalid\"}");
        assertThat(CountersignUp.ending("refund-3", event(HistoryEventType.ExecutionFailed, failure)))
                .isEqualTo("countersign up: execution refund-3 failed: Countersign.ProposalInvalid:"
                        + " $.action.params.amount: must be a number");
        assertThat(CountersignUp.ending("refund-4", event(HistoryEventType.ExecutionFailed, details())))
                .isEqualTo("countersign up: execution refund-4 failed (no error was given)");
    }

    @Test
    void anOutputWithoutADecision_staysTheBareStatus() {
        assertThat(CountersignUp.ending("other", event(HistoryEventType.ExecutionSucceeded,
                details().put("output", "{\"ok\":true}")))).isEqualTo("countersign up: execution other succeeded");
        assertThat(CountersignUp.ending("gone", event(HistoryEventType.ExecutionAborted, null)))
                .isEqualTo("countersign up: execution gone aborted");
    }
}
