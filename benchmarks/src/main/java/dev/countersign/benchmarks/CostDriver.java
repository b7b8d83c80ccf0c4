package dev.countersign.benchmarks;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.local.dynalite.ProjectRoot;
import dev.countersign.local.engine.ManualClock;
import dev.countersign.example.ExampleWorkflow;
import dev.countersign.local.runtime.CountersignLocal;
import dev.countersign.local.runtime.Functions;
import dev.countersign.local.ses.CapturedEmail;
import dev.countersign.views.ReviewForm;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The cost benchmark's hands: starts executions and acts as the approver does — reads the email, opens the page,
 * posts the form.
 */
final class CostDriver {
    private static final Pattern REVIEW_LINK = Pattern.compile("https?://[^\\s\"<>]+/review/([A-Za-z0-9_-]+)");

    final CountersignLocal local;
    final ManualClock clock;
    final boolean receipts;
    final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    CostDriver(CountersignLocal local, ManualClock clock, boolean receipts) {
        this.local = local;
        this.clock = clock;
        this.receipts = receipts;
    }

    String start(String workflow, String name) throws Exception {
        String arn = local.engine().startExecution(local.stateMachineArn(workflow), name,
                input(workflow, name).toString()).executionArn();
        idle();
        return arn;
    }

    private static ObjectNode input(String workflow, String name) throws IOException {
        if (workflow.equals(CountersignLocal.REFUND_WORKFLOW) || workflow.equals(CostBenchmark.NESTED_WORKFLOW)) {
            return (ObjectNode) CostBenchmark.JSON.readTree("{\"orderId\":\"" + name + "\",\"amount\":42.00,\"currency\":"
                    + "\"EUR\",\"reason\":\"Wrong size delivered.\",\"customer\":{\"email\":"
                    + "\"sam@customer.example\"},\"requester\":{\"email\":\"dana@shop.example\"}}");
        }
        var example = ExampleWorkflow.byStateMachine(workflow);
        if (example.isPresent()) {
            // The sample proposal a new user starts it with (./countersign propose), as the agent step takes it.
            ObjectNode proposal = (ObjectNode) CostBenchmark.JSON.readTree(ProjectRoot.locate()
                    .resolve(example.get().sampleFile()).toFile());
            proposal.put("proposalId", name);
            ObjectNode input = CostBenchmark.JSON.createObjectNode();
            input.set("proposal", proposal);
            return input;
        }
        // The gate alone: a small refund, which takes the rules file's default rule (one level of one day).
        return (ObjectNode) CostBenchmark.JSON.readTree("{\"proposalId\":\"" + name + "\",\"workflow\":\"refunds\","
                + "\"action\":{\"type\":\"refund.issue\",\"summary\":\"Refund EUR 42.00 (" + name + ")\","
                + "\"params\":{\"amount\":42.00}},\"reasoning\":\"Wrong size delivered.\","
                + "\"risk\":{\"level\":\"low\"},\"proposedBy\":{\"agent\":\"refund-agent\"},"
                + "\"requester\":{\"email\":\"dana@shop.example\"}}");
    }

    boolean running(String execution) {
        return local.engine().describeExecution(execution).status().name().equals("RUNNING");
    }

    /** The oldest approval request sent since the mailbox held {@code from} emails, not yet used; or null. */
    String nextSecret(int from, List<String> used) {
        List<CapturedEmail> all = local.mailbox().all();
        for (CapturedEmail email : all.subList(Math.min(from, all.size()), all.size())) {
            if (email.subject().startsWith("Approval needed")) {
                Matcher link = REVIEW_LINK.matcher(email.text());
                if (link.find() && !used.contains(link.group(1))) {
                    return link.group(1);
                }
            }
        }
        return null;
    }

    /** The custom events the local buses carried so far (not Step Functions' own status changes). */
    long customEvents() {
        return local.bus().archive().events().stream()
                .filter(e -> !e.path("source").asText().startsWith("aws.")).count();
    }

    /** GETs a review page: true when it offers a decision (200), false when the link's level is closed (409). */
    boolean opens(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(local.reviewBaseUrl().resolve(path)).GET().build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 409) {
            return false;
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException(request.uri() + " answered " + response.statusCode());
        }
        return true;
    }

    void post(String secret, String decision, String comment) throws Exception {
        // As a browser posts the review form: the receipt field only when its box is ticked.
        String body = "secret=" + URLEncoder.encode(secret, StandardCharsets.UTF_8) + "&decision=" + decision
                + "&comment=" + URLEncoder.encode(comment, StandardCharsets.UTF_8)
                + (receipts ? "&" + ReviewForm.RECEIPT + "=" + ReviewForm.RECEIPT_YES : "");
        send(HttpRequest.newBuilder(local.reviewBaseUrl().resolve(CountersignLocal.REVIEW_CONTEXT))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        idle();
    }

    private void send(HttpRequest.Builder request) throws Exception {
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(request.build().uri() + " answered " + response.statusCode());
        }
    }

    void advance(Duration duration) throws InterruptedException {
        clock.advance(duration);
        idle();
    }

    void idle() throws InterruptedException {
        if (!local.awaitIdle(Duration.ofSeconds(60))) {
            throw new IllegalStateException("the engine and the local bus did not come to rest within 60 s");
        }
    }
}
