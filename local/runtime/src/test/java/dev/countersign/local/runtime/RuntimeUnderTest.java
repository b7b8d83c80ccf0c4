package dev.countersign.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.audit.AnchorPublisher;
import dev.countersign.approval.ApprovalId;
import dev.countersign.approval.ApprovalKey;
import dev.countersign.approval.ApprovalRecord;
import dev.countersign.audit.AuditEvent;
import dev.countersign.local.engine.HistoryEvent;
import dev.countersign.local.engine.HistoryEventType;
import dev.countersign.local.engine.ManualClock;
import dev.countersign.local.ses.CapturedEmail;
import dev.countersign.store.dynamodb.CountersignTables;
import dev.countersign.store.dynamodb.DynamoDbApprovalStore;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;

/**
 * The whole local runtime for one test: temporary data directory, free ports, in-memory dynalite, the engine on a
 * {@link ManualClock} (tests move time instead of waiting), and the ways in a person or a workflow would use:
 * the real SfnClient on the Step Functions API, HTTP on the review pages and the mailbox.
 */
final class RuntimeUnderTest implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String APPROVER = "approver@example.com";
    static final String REQUESTER = "sam.support@shop.example";
    static final String GATE = "refund-approval";
    private static final Duration IDLE = Duration.ofSeconds(60);

    final ManualClock clock;
    final CountersignLocal local;
    final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    final SfnClient sfn;
    final DynamoDbApprovalStore store;
    private int executions;

    private RuntimeUnderTest(ManualClock clock, CountersignLocal local) {
        this.clock = clock;
        this.local = local;
        this.sfn = SfnClient.builder().endpointOverride(local.stepFunctionsEndpoint()).region(Region.US_EAST_1)
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .build();
        this.store = DynamoDbApprovalStore.overSdk(local.clients().dynamoDb(), CountersignTables.defaults(),
                local.auditKey(), new CountersignLocal.EngineTime(clock), AnchorPublisher.OFF);
    }

    static RuntimeUnderTest start(Path data) {
        return start(data, options -> options);
    }

    static RuntimeUnderTest start(Path data, UnaryOperator<LocalOptions.Builder> customise) {
        ManualClock clock = new ManualClock();
        return start(data, clock, customise);
    }

    static RuntimeUnderTest start(Path data, ManualClock clock, UnaryOperator<LocalOptions.Builder> customise) {
        LocalOptions.Builder options = LocalOptions.builder().dataDirectory(data).freePorts().dynamoDbInMemory(true)
                .clock(clock).startExample(false).fsyncPolicy(dev.countersign.local.engine.FsyncPolicy.NEVER)
                .log(quiet());
        return new RuntimeUnderTest(clock, CountersignLocal.start(customise.apply(options).build()));
    }

    /** Handler logs go nowhere unless a test captures them (SecretLeakEndToEndTest does). */
    private static PrintStream quiet() {
        return new PrintStream(java.io.OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------------------------------------- workflows

    /** A refund request for the example workflow, from {@code requester}, naming no approver. */
    static ObjectNode order(String orderId) {
        ObjectNode order = JSON.createObjectNode();
        order.put("orderId", orderId);
        order.put("amount", new java.math.BigDecimal("129.90"));
        order.put("currency", "EUR");
        order.put("orderTotal", new java.math.BigDecimal("129.90"));
        order.put("reason", "The parcel arrived crushed.");
        order.putObject("customer").put("email", "dana@customer.example").put("name", "Dana Whitfield");
        order.putObject("requester").put("email", REQUESTER).put("name", "Sam");
        return order;
    }

    /** Starts the example refund workflow through the Step Functions API and waits until it rests. */
    String startRefund(ObjectNode order) {
        String arn = sfn.startExecution(r -> r.stateMachineArn(local.stateMachineArn(CountersignLocal.REFUND_WORKFLOW))
                .name("refund-" + (++executions) + "-" + UUID.randomUUID()).input(order.toString())).executionArn();
        idle();
        return arn;
    }

    /** Starts the approval gate on its own with {@code proposal} as input and waits until it rests. */
    String startGate(JsonNode proposal) {
        String arn = sfn.startExecution(r -> r.stateMachineArn(local.stateMachineArn("approval-gate"))
                .name("gate-" + (++executions) + "-" + UUID.randomUUID()).input(proposal.toString())).executionArn();
        idle();
        return arn;
    }

    /** Starts an example workflow (by state machine name) with {@code input} and waits until it rests. */
    String startWorkflow(String stateMachine, JsonNode input) {
        String arn = sfn.startExecution(r -> r.stateMachineArn(local.stateMachineArn(stateMachine))
                .name(stateMachine + "-" + (++executions) + "-" + UUID.randomUUID()).input(input.toString()))
                .executionArn();
        idle();
        return arn;
    }

    /** What the example workflows recorded in the example records table, by record key. */
    Map<String, JsonNode> exampleRecords() {
        return ExampleRecordsTable.read(local.clients().dynamoDb(), CountersignLocal.EXAMPLE_RECORDS_TABLE);
    }

    /** Waits until the engine has nothing runnable (handlers included); paused executions do not count. */
    void idle() {
        try {
            assertThat(local.awaitIdle(IDLE)).as("the engine and the local bus came to rest").isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Moves the engine's and the handlers' time forward, then waits for what fell due. */
    void advance(Duration duration) {
        clock.advance(duration);
        idle();
    }

    DescribeExecutionResponse describe(String executionArn) {
        return sfn.describeExecution(r -> r.executionArn(executionArn));
    }

    JsonNode output(String executionArn) {
        try {
            return JSON.readTree(describe(executionArn).output());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    List<HistoryEvent> history(String executionArn) {
        return local.engine().getExecutionHistory(executionArn, false, 1000, null).items();
    }

    List<String> statesEntered(String executionArn) {
        return history(executionArn).stream().filter(e -> e.type().name().endsWith("StateEntered"))
                .map(e -> e.details().get("name").asText()).toList();
    }

    /** The task token the engine issued for the gate (from TaskScheduled's parameters, as the history shows it). */
    String taskToken(String executionArn) {
        for (HistoryEvent event : history(executionArn)) {
            if (event.type() == HistoryEventType.TaskScheduled) {
                try {
                    JsonNode parameters = JSON.readTree(event.details().get("parameters").asText());
                    JsonNode token = parameters.at("/Payload/taskToken");
                    if (token.isTextual()) {
                        return token.asText();
                    }
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        throw new AssertionError("no waitForTaskToken task in " + executionArn);
    }

    // ------------------------------------------------------------------------------------------------- approvals

    static ApprovalId approvalId(String executionArn, String gate) {
        return ApprovalId.forKey(new ApprovalKey(executionArn, gate));
    }

    ApprovalRecord approval(String executionArn, String gate) {
        return store.get(approvalId(executionArn, gate)).orElseThrow(() -> new AssertionError("no approval for "
                + executionArn));
    }

    ApprovalRecord approval(String executionArn) {
        return approval(executionArn, GATE);
    }

    List<String> auditTypes(ApprovalRecord approval) {
        return store.auditTrail(approval.approvalId()).stream().map(AuditEvent::type).toList();
    }

    // ------------------------------------------------------------------------------------------------- email

    /** Every message to {@code address}, oldest first. */
    List<CapturedEmail> emailsTo(String address) {
        return local.mailbox().to(address);
    }

    /** The one approval request sent to {@code address}. */
    CapturedEmail requestEmail(String address) {
        return requestEmail(address, "");
    }

    /** The one approval request sent to {@code address} whose subject mentions {@code orderId}. */
    CapturedEmail requestEmail(String address, String orderId) {
        List<CapturedEmail> requests = emailsTo(address).stream()
                .filter(m -> m.subject().startsWith("Approval needed") && m.subject().contains(orderId)).toList();
        assertThat(requests).as("approval requests to " + address + " about " + orderId).hasSize(1);
        return requests.get(0);
    }

    /** The one email to {@code address} whose subject starts with {@code prefix} ("Escalated to you", …). */
    CapturedEmail emailStartingWith(String address, String prefix) {
        List<CapturedEmail> found = emailsTo(address).stream().filter(m -> m.subject().startsWith(prefix)).toList();
        assertThat(found).as("emails to " + address + " starting with '" + prefix + "'").hasSize(1);
        return found.get(0);
    }

    /** How many emails to {@code address} have a subject starting with {@code prefix}. */
    long countStartingWith(String address, String prefix) {
        return emailsTo(address).stream().filter(m -> m.subject().startsWith(prefix)).count();
    }

    /** The review link of an approval request: the HTML part's button, which the text part must carry too. */
    static String reviewLink(CapturedEmail email) {
        Document html = Jsoup.parse(email.html());
        List<String> links = html.select("a[href]").stream().map(a -> a.attr("href"))
                .filter(href -> href.contains("/review/")).distinct().toList();
        assertThat(links).as("review links in the HTML part").hasSize(1);
        assertThat(email.text()).as("the text part carries the same link").contains(links.get(0));
        return links.get(0);
    }

    static String secretOf(String reviewLink) {
        return reviewLink.substring(reviewLink.lastIndexOf('/') + 1);
    }

    // ------------------------------------------------------------------------------------------------- HTTP

    HttpResponse<String> get(String url) {
        return get(url, "Mozilla/5.0 (X11; Linux x86_64) Countersign end-to-end test");
    }

    HttpResponse<String> get(String url, String userAgent) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("User-Agent", userAgent).GET());
    }

    HttpResponse<String> head(String url, String userAgent) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("User-Agent", userAgent)
                .method("HEAD", HttpRequest.BodyPublishers.noBody()));
    }

    /** POSTs the review form as a browser would. */
    HttpResponse<String> post(Map<String, String> form) {
        String body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(local.reviewBaseUrl().resolve("/review"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) Countersign end-to-end test")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** Decides with the "Email me a receipt" box unticked (a browser then posts no {@code receipt} field). */
    HttpResponse<String> decide(String secret, String decision, String comment) {
        return decide(secret, decision, comment, false);
    }

    /** Decides with the "Email me a receipt" box ticked: the form posts {@code receipt=yes}. */
    HttpResponse<String> decideWithReceipt(String secret, String decision, String comment) {
        return decide(secret, decision, comment, true);
    }

    /** Approves with changed parameters ({@code modify:<name>} fields, as the page's inputs post them). */
    HttpResponse<String> approveWithChanges(String secret, String comment, Map<String, String> changes) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("secret", secret);
        form.put("decision", "approve");
        form.put("comment", comment);
        changes.forEach((name, value) -> form.put("modify:" + name, value));
        return post(form);
    }

    private HttpResponse<String> decide(String secret, String decision, String comment, boolean receipt) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("secret", secret);
        form.put("decision", decision);
        if (comment != null) {
            form.put("comment", comment);
        }
        if (receipt) {
            form.put("receipt", "yes");
        }
        return post(form);
    }

    HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The review page's form: its action and its hidden secret field. */
    static Map<String, String> hiddenFields(String html) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (Element input : Jsoup.parse(html).select("form input[type=hidden]")) {
            fields.put(input.attr("name"), input.attr("value"));
        }
        return fields;
    }

    static String text(String html) {
        return Jsoup.parse(html).body().text();
    }

    static List<String> lines(String text) {
        return new ArrayList<>(List.of(text.split("\\R")));
    }

    @Override
    public void close() {
        sfn.close();
        local.close();
    }
}
