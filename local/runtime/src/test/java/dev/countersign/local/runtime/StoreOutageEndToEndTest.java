package dev.countersign.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.approval.ApprovalStatus;
import dev.countersign.audit.ChainVerification;
import dev.countersign.local.engine.HistoryEvent;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * The approval store stops answering just as a gate's timer fires and comes back minutes later (dynalite stopped on
 * purpose, the engine's clock moved by hand): the Escalate step's failures are retried, the gate goes on as if nothing
 * had happened, and no page claims an outcome that did not happen — during the outage ("temporarily unavailable"),
 * after it and before the retry ("what follows has not been recorded yet"), and at the end (the fallback applied).
 */
class StoreOutageEndToEndTest {
    private static final String APPROVER = RuntimeUnderTest.APPROVER;

    @TempDir
    Path data;
    RuntimeUnderTest runtime;

    @BeforeEach
    void start() {
        // Kept on disk: the store must come back with its data, as a restarted DynamoDB endpoint does.
        runtime = RuntimeUnderTest.start(data, options -> options.dynamoDbInMemory(false));
    }

    @AfterEach
    void stop() {
        runtime.close();
    }

    @Test
    void anOutageAsTheDeadlineFires_isWaitedOut_andNoPageLies() {
        String execution = runtime.startRefund(RuntimeUnderTest.order("ORD-OUT"));
        String link = RuntimeUnderTest.reviewLink(runtime.requestEmail(APPROVER));
        runtime.advance(Duration.ofSeconds(64_800)); // the reminder at 75 % of the level's day

        runtime.local.dynamoDb().suspend();
        // The deadline: Escalate cannot reach the store, fails with Countersign.StoreUnavailable, and is retried.
        runtime.advance(Duration.ofSeconds(21_601));
        for (int i = 0; i < 3; i++) {
            runtime.advance(Duration.ofSeconds(30)); // minutes pass; each retry fails again
        }
        assertThat(runtime.describe(execution).status()).as("an outage does not fail the gate")
                .isEqualTo(ExecutionStatus.RUNNING);
        HttpResponse<String> during = runtime.get(link);
        assertThat(during.statusCode()).isEqualTo(503);
        assertThat(RuntimeUnderTest.text(during.body())).contains("Temporarily unavailable", "Try again in a moment")
                .doesNotContain("rejected", "approved");
        HttpResponse<String> postDuring = runtime.decide(RuntimeUnderTest.secretOf(link), "approve", "");
        assertThat(postDuring.statusCode()).isEqualTo(503);
        // The link itself could not be looked up, so nothing was written: the page says exactly that.
        assertThat(RuntimeUnderTest.text(postDuring.body())).contains("nothing was changed", "Try again in a moment");

        runtime.local.dynamoDb().resume();
        // Back, but the timeout step has not run again yet: the page says so, and names no fallback.
        HttpResponse<String> between = runtime.get(link);
        assertThat(between.statusCode()).isEqualTo(410);
        assertThat(RuntimeUnderTest.text(between.body())).contains("Time ran out", "has not been recorded yet",
                "Nobody approved this request").doesNotContain("the fallback applied");
        assertThat(runtime.approval(execution).status()).isEqualTo(ApprovalStatus.PENDING);

        runtime.advance(Duration.ofSeconds(60)); // the next retry, within its longest pause
        assertThat(runtime.describe(execution).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(runtime.statesEntered(execution)).endsWith("Escalate", "Escalated", "PublishDecision", "Outcome",
                "NotifyRejection");
        assertThat(runtime.history(execution)).as("the failed attempts are in the history")
                .anySatisfy(e -> assertThat(error(e)).isEqualTo("Countersign.StoreUnavailable"));
        assertThat(runtime.approval(execution).status()).isEqualTo(ApprovalStatus.TIMED_OUT);
        HttpResponse<String> after = runtime.get(link);
        assertThat(RuntimeUnderTest.text(after.body())).contains("the fallback applied: the request was rejected");
        assertThat(runtime.store.verifyChain(runtime.approval(execution).approvalId())).get()
                .isInstanceOf(ChainVerification.Intact.class);
    }

    private static String error(HistoryEvent event) {
        JsonNode error = event.details() == null ? null : event.details().get("error");
        return error == null ? "" : error.asText();
    }
}
