package dev.countersign.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.countersign.local.engine.ExecutionDescription;
import dev.countersign.local.engine.FsyncPolicy;
import dev.countersign.local.engine.HistoryEvent;
import dev.countersign.local.engine.ManualClock;
import dev.countersign.local.runtime.CountersignLocal;
import dev.countersign.local.runtime.Functions;
import dev.countersign.local.runtime.LocalOptions;
import dev.countersign.local.ses.CapturedEmail;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The local runtime ({@link CountersignLocal}: dynalite, the engine with the real handlers in-process, the review
 * pages, the local SES endpoint) for a test that runs definitions taken from a synthesised template. Approvers act
 * as people do: they read their email and post the review form over HTTP.
 */
final class LocalCountersign implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern REVIEW_LINK = Pattern.compile("https?://[^\\s\"<>]+/review/([A-Za-z0-9_-]+)");

    final ManualClock clock = new ManualClock();
    final CountersignLocal local;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    LocalCountersign(Path data) {
        this.local = CountersignLocal.start(LocalOptions.builder().dataDirectory(data).freePorts()
                .dynamoDbInMemory(true).clock(clock).startExample(false).fsyncPolicy(FsyncPolicy.NEVER)
                .log(new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8)).build());
    }

    /** Handler class → the runtime's function ARN for it (what the template's function references become). */
    static Map<String, String> functionArns() {
        Map<String, String> arns = new HashMap<>();
        arns.put(ApprovalService.REQUEST_HANDLER, Functions.arn(Functions.REQUEST));
        arns.put(ApprovalService.TIMEOUT_HANDLER, Functions.arn(Functions.TIMEOUT));
        arns.put(ApprovalService.DECISION_HANDLER, Functions.arn(Functions.DECISION));
        arns.put(CountersignStack.REFUND_AGENT_HANDLER, Functions.arn(Functions.REFUND_AGENT));
        arns.put(CountersignStack.ISSUE_REFUND_HANDLER, Functions.arn(Functions.ISSUE_REFUND));
        arns.put(CountersignStack.NOTIFY_REJECTION_HANDLER, Functions.arn(Functions.NOTIFY_REJECTION));
        return arns;
    }

    /** Registers a definition under {@code name}; returns the state machine's ARN. */
    String register(String name, String definition) {
        return local.engine().createStateMachine(name, definition,
                "arn:aws:iam::" + CountersignLocal.ACCOUNT_ID + ":role/" + name).stateMachineArn();
    }

    String start(String stateMachineArn, String name, JsonNode input) {
        String arn = local.engine().startExecution(stateMachineArn, name, input.toString()).executionArn();
        idle();
        return arn;
    }

    void idle() {
        try {
            assertThat(local.engine().awaitIdle(Duration.ofSeconds(60))).as("the engine came to rest").isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    void advance(Duration duration) {
        clock.advance(duration);
        idle();
    }

    ExecutionDescription describe(String executionArn) {
        return local.engine().describeExecution(executionArn);
    }

    JsonNode output(String executionArn) {
        try {
            return JSON.readTree(describe(executionArn).output());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<HistoryEvent> history(String executionArn) {
        return local.engine().getExecutionHistory(executionArn, false, 1000, null).items();
    }

    List<String> statesEntered(String executionArn) {
        return history(executionArn).stream().filter(e -> e.type().name().endsWith("StateEntered"))
                .map(e -> e.details().get("name").asText()).toList();
    }

    /** The link secret in the one approval request {@code approver} has received about {@code summary}. */
    String secretSentTo(String approver, String summary) {
        List<CapturedEmail> requests = local.mailbox().to(approver).stream()
                .filter(m -> m.subject().startsWith("Approval needed") && m.subject().contains(summary)).toList();
        assertThat(requests).as("approval requests to " + approver + " about " + summary).hasSize(1);
        Matcher link = REVIEW_LINK.matcher(requests.get(0).text());
        assertThat(link.find()).as("a review link in the email to " + approver).isTrue();
        return link.group(1);
    }

    /** Posts the review form, as the page's button does; waits until the workflow rests again. */
    HttpResponse<String> decide(String secret, String decision, String comment) {
        String body = "secret=" + URLEncoder.encode(secret, StandardCharsets.UTF_8) + "&decision=" + decision
                + "&comment=" + URLEncoder.encode(comment, StandardCharsets.UTF_8);
        URI review = local.reviewBaseUrl().resolve(CountersignLocal.REVIEW_CONTEXT);
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(review)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            idle();
            return response;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        local.close();
    }
}
