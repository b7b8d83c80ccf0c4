package dev.countersign.benchmarks;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.approval.ApprovalId;
import dev.countersign.approval.ApprovalKey;
import dev.countersign.approval.ApprovalRecord;
import dev.countersign.approval.ApprovalStatus;
import dev.countersign.approval.TaskToken;
import dev.countersign.audit.AuditEvent;
import dev.countersign.audit.AuditEventType;
import dev.countersign.audit.AuditKeys;
import dev.countersign.audit.eventbridge.EventBridgeAnchorPublisher;
import dev.countersign.core.json.Json;
import dev.countersign.functions.FunctionDependencies;
import dev.countersign.link.LinkSecret;
import dev.countersign.local.engine.ExecutionDescription;
import dev.countersign.local.engine.ExecutionStatus;
import dev.countersign.local.engine.FsyncPolicy;
import dev.countersign.local.runtime.CountersignFunctions;
import dev.countersign.local.runtime.CountersignLocal;
import dev.countersign.local.runtime.Functions;
import dev.countersign.local.runtime.HandlerWiring;
import dev.countersign.local.runtime.LocalFunctions;
import dev.countersign.local.runtime.LocalOptions;
import dev.countersign.local.runtime.lambda.InProcessLambda;
import dev.countersign.local.ses.CapturedEmail;
import dev.countersign.store.dynamodb.DynamoDbApprovalStore;
import dev.countersign.views.ReviewForm;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the cold-start benchmark's fresh JVMs work on, and the proof that each one did its work.
 *
 * <p>The whole local runtime runs in the harness ({@link CountersignLocal}: dynalite, the Step Functions engine with
 * the gate workflow, the local SES and EventBridge endpoints, the real handlers in-process). Every approval a probe
 * touches belongs to a real, paused execution of the gate workflow with a real task token:
 * <ul>
 *   <li>a <b>GET</b> probe opens the emailed link of an approval nobody has looked at yet (a first view: it writes
 *       VIEWED);</li>
 *   <li>a <b>POST</b> probe approves an approval whose page was already opened (as an approver who read the page in
 *       another, long-gone environment): it records the decision and calls {@code SendTaskSuccess} on the engine,
 *       whose execution then runs to its end;</li>
 *   <li>a <b>request</b> probe is the gate's RequestApproval step of an execution whose in-process request function
 *       only held the payload (with its task token) for the fresh JVM: it validates, stores the approval with the
 *       token, and emails the approver through the local SES endpoint.</li>
 * </ul>
 * The checks ({@link #checkViewed}, {@link #checkDecided}, {@link #checkRequested}) read the store, the engine and the
 * mailbox afterwards: a probe that answered without doing the work fails the benchmark.
 */
final class ColdStartFixture implements AutoCloseable {
    static final String APPROVER = "approver@example.com";
    static final String SUMMARY_PREFIX = "Refund EUR 42.00";
    private static final String GATE = CountersignLocal.GATE_WORKFLOW;
    private static final String REQUEST_PROBE = "request-probe-";
    private static final Pattern LINK = Pattern.compile("/review/([A-Za-z0-9_-]{43})");

    /** An approval a GET or POST probe opens: its id, its execution and the secret of its emailed link. */
    record Seeded(ApprovalId id, String executionArn, String secret) {
    }

    /** A request probe's work: the execution whose RequestApproval step it runs, and the step's payload. */
    record HeldRequest(ApprovalId id, String executionArn, JsonNode payload) {
    }

    private final CountersignLocal local;
    private final SecretsManagerStandIn secrets;
    private final DynamoDbApprovalStore store;
    private final Map<String, JsonNode> held;
    private final Map<String, String> environment;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private ColdStartFixture(CountersignLocal local, SecretsManagerStandIn secrets, Map<String, JsonNode> held) {
        this.local = local;
        this.secrets = secrets;
        this.held = held;
        // The harness's own view of the table, for seeding checks (publishes nothing: the probes' anchors count).
        Map<String, String> own = new LinkedHashMap<>(local.environment());
        own.remove(EventBridgeAnchorPublisher.BUS_VARIABLE);
        this.store = FunctionDependencies.storeFromEnvironment(own, Clock.systemUTC());
        this.environment = lambdaEnvironment(local.environment(), secrets);
    }

    /** Starts the runtime in {@code data} (in-memory DynamoDB, no example) and the Secrets Manager stand-in. */
    static ColdStartFixture start(Path data) throws IOException {
        Map<String, JsonNode> held = new ConcurrentHashMap<>();
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        Path rules = dev.countersign.local.dynalite.ProjectRoot.locate().resolve(LocalOptions.DEFAULT_ROUTING);
        CountersignLocal local = CountersignLocal.start(LocalOptions.builder().dataDirectory(data).freePorts()
                .dynamoDbInMemory(true).startExample(false).fsyncPolicy(FsyncPolicy.NEVER).routingFile(rules)
                .approvers(List.of(APPROVER)).log(quiet).build(), wiring -> holdingRequests(wiring, held));
        try {
            // The runtime's own audit key (the file it generated): the probes read it from "Secrets Manager".
            String key = Files.readString(data.resolve(AuditKeys.KEY_FILE), StandardCharsets.UTF_8).trim();
            return new ColdStartFixture(local, SecretsManagerStandIn.start(key), held);
        } catch (IOException | RuntimeException e) {
            local.close();
            throw e;
        }
    }

    /**
     * The runtime's functions, except that the request step of a {@value #REQUEST_PROBE}* execution is held for a
     * request probe (its payload kept, nothing done) instead of run in-process.
     */
    private static LocalFunctions holdingRequests(HandlerWiring wiring, Map<String, JsonNode> held) {
        LocalFunctions real = CountersignFunctions.create(wiring);
        InProcessLambda request = real.get(Functions.REQUEST);
        RequestStreamHandler holding = (in, out, context) -> {
            JsonNode payload = Json.parse(in);
            String execution = payload.path("executionArn").asText("");
            JsonNode answer;
            if (execution.contains(":" + GATE + ":" + REQUEST_PROBE)) {
                held.put(execution, payload);
                answer = Json.object().put("status", "held for a request probe");
            } else {
                try {
                    answer = request.invoke(payload);
                } catch (Exception e) {
                    throw new IllegalStateException("the in-process request function failed: " + e, e);
                }
            }
            out.write(Json.write(answer).getBytes(StandardCharsets.UTF_8));
        };
        List<InProcessLambda> functions = new ArrayList<>();
        for (InProcessLambda function : real.all()) {
            functions.add(function.functionName().equals(Functions.REQUEST)
                    ? new InProcessLambda(Functions.REQUEST, Functions.arn(Functions.REQUEST), Duration.ofSeconds(30),
                            512, () -> holding, wiring.log())
                    : function);
        }
        return new LocalFunctions(functions);
    }

    /**
     * What Lambda gives the deployed functions, pointed at the runtime's endpoints: the region and session keys, the
     * function's own variables, the Countersign variables, the event bus, and the audit key named by its Secrets
     * Manager secret (the stand-in), not a local key file.
     */
    private static Map<String, String> lambdaEnvironment(Map<String, String> runtime, SecretsManagerStandIn secrets) {
        Map<String, String> env = new LinkedHashMap<>(runtime);
        env.remove(AuditKeys.HOME_VARIABLE);
        env.remove(AuditKeys.KEY_VARIABLE);
        env.put("AWS_REGION", CountersignLocal.REGION);
        env.put("AWS_DEFAULT_REGION", CountersignLocal.REGION);
        env.put("AWS_ACCESS_KEY_ID", "ASIACOLDSTARTBENCH01");
        env.put("AWS_SECRET_ACCESS_KEY", "cold-start-benchmark-secret-access-key-0001");
        env.put("AWS_SESSION_TOKEN", "cold-start-benchmark-session-token");
        env.put("AWS_ENDPOINT_URL_SECRETS_MANAGER", secrets.endpoint().toString());
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1769");
        env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
        env.put("AWS_EXECUTION_ENV", "AWS_Lambda_java17");
        env.put("TZ", ":UTC");
        env.put(AuditKeys.SECRET_VARIABLE, SecretsManagerStandIn.SECRET_ID);
        return env;
    }

    /** The environment of every measured JVM; {@code function} is its {@code AWS_LAMBDA_FUNCTION_NAME}. */
    Map<String, String> environment(String function) {
        Map<String, String> env = new LinkedHashMap<>(environment);
        env.put("AWS_LAMBDA_FUNCTION_NAME", function);
        return env;
    }

    /** GetSecretValue calls for the audit key so far. */
    int secretReads() {
        return secrets.reads();
    }

    String describe() {
        return "the local runtime (dynalite " + local.dynamoDbEndpoint() + ", Step Functions engine "
                + local.stepFunctionsEndpoint() + ", SES and EventBridge on " + local.webEndpoint()
                + "); the audit key read with GetSecretValue from a Secrets Manager stand-in on "
                + secrets.endpoint() + "; COUNTERSIGN_EVENT_BUS=" + environment.get(
                        EventBridgeAnchorPublisher.BUS_VARIABLE);
    }

    // ------------------------------------------------------------------------------------------------ seeding

    /** {@code count} approvals, each a paused gate execution whose approver was emailed and never opened the link. */
    List<Seeded> unopened(String prefix, int count) throws Exception {
        List<Seeded> seeded = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String execution = startGate(prefix + i);
            ApprovalId id = approvalOf(execution);
            String secret = linkFor(id).orElseThrow(() -> new IllegalStateException("seeding: no review link was"
                    + " emailed for " + execution));
            seeded.add(new Seeded(id, execution, secret));
        }
        return seeded;
    }

    /** As {@link #unopened}, after the approver opened each page once (in-process), as before a decision. */
    List<Seeded> viewed(String prefix, int count) throws Exception {
        List<Seeded> seeded = unopened(prefix, count);
        for (Seeded approval : seeded) {
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(local.reviewBaseUrl().resolve("/review/"
                    + approval.secret())).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (page.statusCode() != 200 || !viewedOnce(approval.id())) {
                throw new IllegalStateException("seeding: the review page of " + approval.id() + " answered "
                        + page.statusCode() + " and recorded no VIEWED");
            }
        }
        return seeded;
    }

    /** {@code count} gate executions paused at RequestApproval, their payloads held for request probes. */
    List<HeldRequest> heldRequests(int count) throws Exception {
        List<HeldRequest> requests = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String execution = startGate(REQUEST_PROBE + i);
            JsonNode payload = held.get(execution);
            if (payload == null || !payload.hasNonNull("taskToken")) {
                throw new IllegalStateException("seeding: the gate did not reach RequestApproval for " + execution);
            }
            ApprovalId id = approvalOf(execution);
            if (store.get(id).isPresent()) {
                throw new IllegalStateException("seeding: " + id + " exists before its request probe ran");
            }
            requests.add(new HeldRequest(id, execution, payload));
        }
        return requests;
    }

    private String startGate(String name) throws Exception {
        String execution = local.engine().startExecution(local.stateMachineArn(GATE), name, proposal(name))
                .executionArn();
        idle();
        ExecutionStatus status = local.engine().describeExecution(execution).status();
        if (status != ExecutionStatus.RUNNING) {
            throw new IllegalStateException("seeding: gate execution " + name + " ended " + status
                    + " instead of waiting for an approver");
        }
        return execution;
    }

    /**
     * A small refund, which the rules file's default rule routes to {@value #APPROVER} (one level of a day), as in
     * {@code bench cost}: payouts have a rule of their own.
     */
    private static String proposal(String name) {
        return "{\"proposalId\":\"" + name + "\",\"workflow\":\"refunds\",\"action\":{\"type\":\"refund.issue\","
                + "\"summary\":\"" + SUMMARY_PREFIX + " (" + name + ")\",\"params\":{\"amount\":42.00,"
                + "\"currency\":\"EUR\",\"orderId\":\"ORD-" + name + "\"}},"
                + "\"reasoning\":\"Wrong size delivered; the customer sent it back.\","
                + "\"evidence\":[{\"label\":\"Order\",\"value\":\"EUR 42.00\","
                + "\"url\":\"https://shop.example/orders/" + name + "\"}],"
                + "\"risk\":{\"level\":\"low\",\"score\":12.5,\"reasons\":[\"small amount\"]},"
                + "\"proposedBy\":{\"agent\":\"refund-agent\",\"model\":\"rules-v1\"},"
                + "\"requester\":{\"email\":\"dana@shop.example\",\"name\":\"Dana Reyes\"}}";
    }

    private static ApprovalId approvalOf(String executionArn) {
        return ApprovalId.forKey(new ApprovalKey(executionArn, GATE));
    }

    /** The secret of the newest review link emailed for {@code id}. */
    private Optional<String> linkFor(ApprovalId id) {
        List<CapturedEmail> all = local.mailbox().to(APPROVER);
        for (int i = all.size() - 1; i >= 0; i--) {
            Matcher link = LINK.matcher(all.get(i).text());
            while (link.find()) {
                String secret = link.group(1);
                Optional<String> opens = LinkSecret.parse(secret).flatMap(s -> store.findLink(s.hash()))
                        .map(grant -> grant.approvalId());
                if (opens.isPresent() && opens.get().equals(id.value())) {
                    return Optional.of(secret);
                }
            }
        }
        return Optional.empty();
    }

    private void idle() throws InterruptedException {
        if (!local.engine().awaitIdle(Duration.ofSeconds(60))) {
            throw new IllegalStateException("the engine did not come to rest within 60 s");
        }
    }

    // ------------------------------------------------------------------------------------------------ events

    /** The API Gateway HTTP API (payload 2.0) event of a browser opening the emailed link. */
    static ObjectNode getEvent(String secret) {
        return event("GET", "/review/" + secret, null);
    }

    /** The event of the review page's Approve button (the form as served: no comment, no receipt). */
    static ObjectNode approveEvent(String secret) {
        String form = ReviewForm.SECRET + "=" + URLEncoder.encode(secret, StandardCharsets.UTF_8) + "&"
                + ReviewForm.DECISION + "=" + ReviewForm.APPROVE + "&" + ReviewForm.COMMENT + "=";
        return event("POST", "/review", form);
    }

    private static ObjectNode event(String method, String path, String form) {
        ObjectNode event = Json.object();
        event.put("version", "2.0");
        event.put("routeKey", "$default");
        event.put("rawPath", path);
        event.put("rawQueryString", "");
        ObjectNode headers = event.putObject("headers").put("user-agent", "Mozilla/5.0 (cold-start benchmark)")
                .put("accept", "text/html");
        ObjectNode http = event.putObject("requestContext").putObject("http");
        http.put("method", method);
        http.put("path", path);
        http.put("protocol", "HTTP/1.1");
        http.put("sourceIp", "192.0.2.10");
        http.put("userAgent", "Mozilla/5.0 (cold-start benchmark)");
        if (form != null) {
            // As API Gateway delivers a form post: its content type is not text, so the body arrives base64.
            headers.put("content-type", "application/x-www-form-urlencoded");
            event.put("body", Base64.getEncoder().encodeToString(form.getBytes(StandardCharsets.UTF_8)));
            event.put("isBase64Encoded", true);
        } else {
            event.put("isBase64Encoded", false);
        }
        return event;
    }

    // ------------------------------------------------------------------------------------------------ checks

    /** Throws unless the GET answered with the review page and the approval recorded exactly one VIEWED. */
    void checkViewed(Seeded approval, JsonNode response) {
        if (response.path("statusCode").asInt() != 200
                || !response.path("body").asText("").contains(SUMMARY_PREFIX)) {
            throw new IllegalStateException("the decision GET did not answer with the review page: status "
                    + response.path("statusCode") + ", body starts " + clip(response.path("body").asText("")));
        }
        if (!viewedOnce(approval.id())) {
            throw new IllegalStateException("the decision GET of " + approval.id() + " did not record exactly one"
                    + " VIEWED");
        }
    }

    /**
     * Throws unless the POST answered with the confirmation page, the approval is APPROVED by the approver with a
     * CALLBACK_DELIVERED event, and its execution went on to succeed with that decision as output.
     */
    void checkDecided(Seeded approval, JsonNode response) throws Exception {
        if (response.path("statusCode").asInt() != 200
                || !response.path("body").asText("").contains("Decision recorded")) {
            throw new IllegalStateException("the decision POST did not answer with the confirmation page: status "
                    + response.path("statusCode") + ", body starts " + clip(response.path("body").asText("")));
        }
        ApprovalRecord record = store.get(approval.id()).orElseThrow();
        if (record.status() != ApprovalStatus.APPROVED || record.decision() == null
                || !record.decision().decidedBy().equals(APPROVER)) {
            throw new IllegalStateException("the decision POST did not record an approval by " + APPROVER + ": "
                    + approval.id() + " is " + record.status());
        }
        if (count(record, AuditEventType.APPROVED) != 1 || count(record, AuditEventType.CALLBACK_DELIVERED) != 1) {
            throw new IllegalStateException("the decision POST of " + approval.id() + " did not record one APPROVED"
                    + " and one CALLBACK_DELIVERED event");
        }
        idle();
        ExecutionDescription execution = local.engine().describeExecution(approval.executionArn());
        if (execution.status() != ExecutionStatus.SUCCEEDED
                || !Json.parse(execution.output()).path("outcome").asText().equals("APPROVED")) {
            throw new IllegalStateException("the workflow of " + approval.id() + " did not resume with the decision:"
                    + " it is " + execution.status() + ", output " + execution.output());
        }
    }

    /**
     * Throws unless the request function stored the approval with the held task token, recorded NOTIFIED for the
     * approver, and emailed them a link that opens this approval.
     */
    void checkRequested(HeldRequest request, JsonNode response) {
        if (!response.path("status").asText().equals("waiting")) {
            throw new IllegalStateException("the request function did not leave the gate waiting: " + response);
        }
        ApprovalRecord record = store.get(request.id()).orElseThrow(() -> new IllegalStateException("the request"
                + " function stored no approval " + request.id()));
        if (record.status() != ApprovalStatus.PENDING || count(record, AuditEventType.NOTIFIED) != 1) {
            throw new IllegalStateException("the request function did not record one NOTIFIED for " + request.id()
                    + ": it is " + record.status());
        }
        Optional<TaskToken> token = store.taskTokenForCallback(request.id(), 1);
        if (token.isEmpty() || !token.get().value().equals(request.payload().path("taskToken").asText())) {
            throw new IllegalStateException("the request function did not store the execution's task token for "
                    + request.id());
        }
        if (linkFor(request.id()).isEmpty()) {
            throw new IllegalStateException("the request function emailed " + APPROVER + " no link to "
                    + request.id());
        }
    }

    private boolean viewedOnce(ApprovalId id) {
        return store.get(id).map(record -> count(record, AuditEventType.VIEWED) == 1).orElse(false);
    }

    private static long count(ApprovalRecord record, AuditEventType type) {
        long n = 0;
        for (AuditEvent event : record.auditTrail()) {
            if (event.type().equals(type.name())) {
                n++;
            }
        }
        return n;
    }

    /** The first view's link item: what the naive baseline reads, as a bean ({@code pk}, {@code sk}). */
    static String[] linkKey(Seeded approval) {
        return new String[] {"LINK#" + LinkSecret.parse(approval.secret()).orElseThrow().hash().value(), "#LINK"};
    }

    private static String clip(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "…";
    }

    @Override
    public void close() {
        try {
            secrets.close();
        } finally {
            local.close();
        }
    }
}
