package dev.countersign.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.countersign.approval.ApprovalStatus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * dynalite killed while the runtime runs ({@code kill -9} of its process, as the OOM killer would): the runtime says
 * so, starts it again on the same port and data, and decisions work again without anyone restarting anything.
 */
class DynaliteSupervisionEndToEndTest {
    @TempDir
    Path data;
    RuntimeUnderTest runtime;
    final ByteArrayOutputStream console = new ByteArrayOutputStream();

    @BeforeEach
    void start() {
        runtime = RuntimeUnderTest.start(data, options -> options.dynamoDbInMemory(false)
                .log(new PrintStream(console, true, StandardCharsets.UTF_8)));
    }

    @AfterEach
    void stop() {
        runtime.close();
    }

    @Test
    void aKilledDynalite_isRestartedOnItsData_andTheNextDecisionWorks() throws Exception {
        String execution = runtime.startRefund(RuntimeUnderTest.order("ORD-DYN"));
        String link = RuntimeUnderTest.reviewLink(runtime.requestEmail(RuntimeUnderTest.APPROVER));
        long killed = runtime.local.dynamoDb().pid();

        ProcessHandle.of(killed).orElseThrow().destroyForcibly();
        ProcessHandle.of(killed).ifPresent(p -> p.onExit().join());

        // Whatever a page meets meanwhile is "temporarily unavailable", never a 500.
        HttpResponse<String> meanwhile = runtime.get(link);
        assertThat(meanwhile.statusCode()).isIn(200, 503);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (runtime.local.dynamoDb().restarts() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(20); // the supervisor restarts it on its own thread, in real time
        }
        assertThat(runtime.local.dynamoDb().awaitRunning(Duration.ofSeconds(60))).isTrue();
        assertThat(runtime.local.dynamoDb().pid()).isNotEqualTo(killed);
        assertThat(console.toString(StandardCharsets.UTF_8))
                .contains("countersign up: dynalite (the local DynamoDB) stopped unexpectedly")
                .contains("countersign up: dynalite is running again on port " + runtime.local.dynamoDb().port());

        assertThat(runtime.get(link).statusCode()).isEqualTo(200);
        assertThat(runtime.decide(RuntimeUnderTest.secretOf(link), "approve", "").statusCode()).isEqualTo(200);
        runtime.idle();
        assertThat(runtime.describe(execution).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(runtime.approval(execution).status()).isEqualTo(ApprovalStatus.APPROVED);
    }
}
