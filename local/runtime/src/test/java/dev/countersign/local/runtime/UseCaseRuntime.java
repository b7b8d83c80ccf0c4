package dev.countersign.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.approval.ApprovalRecord;
import dev.countersign.core.json.Json;
import dev.countersign.local.ses.CapturedEmail;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * The example workflows' end-to-end tests run under the project's own rules file ({@code config/routing.json}), as
 * {@code countersign up} does: the people, quorums, timeouts and editable parameters are the ones the README shows.
 */
final class UseCaseRuntime implements AutoCloseable {
    final RuntimeUnderTest runtime;

    private UseCaseRuntime(RuntimeUnderTest runtime) {
        this.runtime = runtime;
    }

    static UseCaseRuntime start(Path data) {
        return new UseCaseRuntime(RuntimeUnderTest.start(data, LocalOptions.Builder::projectRouting));
    }

    String start(String stateMachine, String request) {
        return runtime.startWorkflow(stateMachine, Json.parse(request));
    }

    /** The secret of the one request email to {@code address} about {@code subject} (a word of its subject). */
    String secret(String address, String subject) {
        return RuntimeUnderTest.secretOf(RuntimeUnderTest.reviewLink(runtime.requestEmail(address, subject)));
    }

    /** Decides with {@code verdict} ("approve" or "reject") and waits for what follows. */
    void decide(String secret, String verdict, String comment) {
        assertThat(runtime.decide(secret, verdict, comment).statusCode()).as(verdict).isEqualTo(200);
        runtime.idle();
    }

    void advance(Duration duration) {
        runtime.advance(duration);
    }

    ExecutionStatus status(String execution) {
        return runtime.describe(execution).status();
    }

    JsonNode record(String key) {
        JsonNode record = runtime.exampleRecords().get(key);
        assertThat(record).as("the example record " + key + " (records: " + runtime.exampleRecords().keySet() + ")")
                .isNotNull();
        return record;
    }

    ApprovalRecord approval(String execution, String gate) {
        return runtime.approval(execution, gate);
    }

    List<String> auditTypes(String execution, String gate) {
        return runtime.auditTypes(approval(execution, gate));
    }

    List<CapturedEmail> emailsTo(String address) {
        return runtime.emailsTo(address);
    }

    List<String> statesEntered(String execution) {
        return runtime.statesEntered(execution);
    }

    @Override
    public void close() {
        runtime.close();
    }
}
