package dev.countersign.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.approval.ApprovalId;
import dev.countersign.approval.ApprovalKey;
import dev.countersign.approval.ApprovalRecord;
import dev.countersign.aws.RetryPolicy;
import dev.countersign.core.json.Json;
import dev.countersign.functions.CountersignSettings;
import dev.countersign.functions.DecisionHandler;
import dev.countersign.functions.EscalateHandler;
import dev.countersign.functions.FunctionDependencies;
import dev.countersign.functions.JsonLog;
import dev.countersign.functions.RequestApprovalHandler;
import dev.countersign.functions.RouteDependencies;
import dev.countersign.functions.RouteHandler;
import dev.countersign.local.ses.CapturedEmail;
import dev.countersign.routing.Route;
import dev.countersign.store.dynamodb.DynamoDbApprovalStore;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The handlers wired as in production, but on test parts: the real store on dynalite, the real SES v2 client on the
 * local SES endpoint, a {@link RecordingWorkflowCallback}, a {@link MutableClock} and a captured log. Also builds the
 * events Step Functions and API Gateway send.
 */
public final class HandlerFixture {
    public static final String BASE_URL = "http://localhost:8080";
    public static final String SENDER = "Countersign <approvals@example.com>";
    public static final String APPROVER = "lee@shop.example";
    public static final String REQUESTER = "dana@shop.example";
    private static final Pattern LINK = Pattern.compile(Pattern.quote(BASE_URL) + "/review/([A-Za-z0-9_-]{43})");

    public final MutableClock clock = new MutableClock(Instant.now());
    public final RecordingWorkflowCallback callback = new RecordingWorkflowCallback();
    public final DynamoDbApprovalStore store;
    public final LocalSes ses;
    private final ByteArrayOutputStream logBuffer = new ByteArrayOutputStream();
    private CountersignSettings settings = CountersignSettings.of(SENDER, BASE_URL, List.of())
            .withRetries(RetryPolicy.immediate(4), RetryPolicy.immediate(3));
    private final List<String> tokens = new ArrayList<>();

    public HandlerFixture(DynaliteExtension dynalite, LocalSes ses) {
        this.store = dynalite.store(clock);
        this.ses = ses;
    }

    public HandlerFixture withSettings(CountersignSettings replacement) {
        settings = replacement;
        return this;
    }

    public CountersignSettings settings() {
        return settings;
    }

    public FunctionDependencies dependencies() {
        JsonLog log = new JsonLog(new PrintStream(logBuffer, true, StandardCharsets.UTF_8), clock, "test");
        return new FunctionDependencies(settings, store, store, ses.mailer(), callback, clock, log);
    }

    public RequestApprovalHandler requestHandler() {
        return new RequestApprovalHandler(dependencies());
    }

    public DecisionHandler decisionHandler() {
        return new DecisionHandler(dependencies());
    }

    public EscalateHandler escalateHandler() {
        return new EscalateHandler(dependencies());
    }

    // ------------------------------------------------------------------ the request step

    /** A valid proposal that uses every field, routed to {@link #APPROVER}, requested by {@link #REQUESTER}. */
    public static ObjectNode proposal() {
        return (ObjectNode) Json.parse("{\"proposalId\": \"refund-4711\", \"workflow\": \"refunds\","
                + " \"action\": {\"type\": \"refund.issue\", \"summary\": \"Refund EUR 120.00 to order 4711\","
                + "   \"params\": {\"orderId\": \"4711\", \"amount\": 120.00, \"currency\": \"EUR\"}},"
                + " \"reasoning\": \"The customer sent photos of the broken mugs.\","
                + " \"evidence\": [{\"label\": \"Carrier report\", \"value\": \"Parcel crushed\","
                + "   \"url\": \"https://carrier.example/claims/991\"}],"
                + " \"risk\": {\"level\": \"medium\", \"score\": 35.5, \"reasons\": [\"above 100\"]},"
                + " \"proposedBy\": {\"agent\": \"refund-agent\", \"model\": \"rules-v1\"},"
                + " \"requester\": {\"email\": \"" + REQUESTER + "\", \"name\": \"Dana Reyes\"},"
                + " \"routing\": {\"approvers\": [\"" + APPROVER + "\"]}}");
    }

    /** A proposal routed to {@code approvers}. */
    public static ObjectNode proposalFor(String... approvers) {
        ObjectNode proposal = proposal();
        var list = ((ObjectNode) proposal.get("routing")).putArray("approvers");
        for (String a : approvers) {
            list.add(a);
        }
        return proposal;
    }

    public static String newExecutionArn() {
        return "arn:aws:states:us-east-1:123456789012:execution:refund-workflow:" + UUID.randomUUID();
    }

    /** A task token shaped like Step Functions' (long, opaque); every token handed out is remembered. */
    public String newTaskToken() {
        byte[] bytes = new byte[300];
        new SecureRandom().nextBytes(bytes);
        String token = "AQB" + Base64.getEncoder().encodeToString(bytes);
        tokens.add(token);
        return token;
    }

    public List<String> tokensHandedOut() {
        return List.copyOf(tokens);
    }

    /** The request step's payload, as the gate's Task state builds it. */
    public ObjectNode requestPayload(String executionArn, JsonNode proposal) {
        ObjectNode payload = Json.object();
        payload.put("taskToken", newTaskToken());
        payload.put("executionArn", executionArn);
        payload.put("gate", "refund-approval");
        payload.put("level", 1);
        payload.put("timeoutSeconds", 86400);
        payload.set("proposal", proposal);
        return payload;
    }

    /**
     * The routed gate's request payload: the route as the Route step returned it (or as Escalate moved it on) and
     * the task's entered time, as {@code $$.State.EnteredTime} gives it.
     */
    public ObjectNode routedPayload(String executionArn, JsonNode proposal, Route route) {
        ObjectNode payload = Json.object();
        payload.put("taskToken", newTaskToken());
        payload.put("executionArn", executionArn);
        payload.put("gate", "refund-approval");
        payload.set("proposal", proposal);
        payload.set("approval", route.toJson());
        payload.put("enteredTime", clock.instant().toString());
        return payload;
    }

    /** The Route function on {@code env}'s rules, logging to {@code logged}. */
    public static RouteHandler routeHandler(Map<String, String> env, Clock clock, OutputStream logged) {
        JsonLog log = new JsonLog(new PrintStream(logged, true, StandardCharsets.UTF_8), clock, RouteHandler.FUNCTION);
        return new RouteHandler(new RouteDependencies(RouteDependencies.policyFromEnvironment(env), clock, log));
    }

    /** The Route step's input for {@code proposal} at a fresh execution's gate {@code refund-approval}. */
    public static ObjectNode routeInput(JsonNode proposal) {
        ObjectNode input = Json.object().put("executionArn", newExecutionArn()).put("gate", "refund-approval");
        input.set("proposal", proposal);
        return input;
    }

    /** The Route step's input of a gate that names its own approvers (CDK's ApprovalGate approvers(...)). */
    public static ObjectNode gateRouteInput(JsonNode proposal, Long timeoutSeconds, String... approvers) {
        ObjectNode input = routeInput(proposal);
        var list = input.putArray("approvers");
        for (String approver : approvers) {
            list.add(approver);
        }
        if (timeoutSeconds != null) {
            input.put("timeoutSeconds", timeoutSeconds);
        }
        return input;
    }

    /** The Escalate step's input after {@code route}'s phase ran out. */
    public static ObjectNode escalateInput(String executionArn, Route route) {
        ObjectNode input = Json.object().put("executionArn", executionArn).put("gate", "refund-approval");
        input.set("approval", route.toJson());
        return input;
    }

    /** Runs the request step for a fresh execution; returns its approval id. */
    public ApprovalId requestApproval(JsonNode proposal) {
        String arn = newExecutionArn();
        requestHandler().handle(requestPayload(arn, proposal), "req-" + UUID.randomUUID());
        return approvalId(arn);
    }

    /**
     * Level 1's time ran out and nobody is left to ask: the approval ends TIMED_OUT with the fallback REJECTED, as the
     * Escalate step leaves a one-level route after its deadline.
     */
    public void timeOutLevelOne(ApprovalId id) {
        store.timeOut(id, 1, dev.countersign.core.Outcome.REJECTED, EscalateHandler.ACTOR);
    }

    public static ApprovalId approvalId(String executionArn) {
        return ApprovalId.forKey(new ApprovalKey(executionArn, "refund-approval"));
    }

    public ApprovalRecord approval(ApprovalId id) {
        return store.get(id).orElseThrow();
    }

    public List<String> trailTypes(ApprovalId id) {
        return approval(id).auditTrail().stream().map(e -> e.type()).toList();
    }

    // ------------------------------------------------------------------ email

    /** The secret of the newest review link emailed to {@code recipient}. */
    public String linkSecretFor(String recipient) {
        List<CapturedEmail> mails = ses.mailbox().to(recipient);
        assertThat(mails).as("emails to %s", recipient).isNotEmpty();
        for (int i = mails.size() - 1; i >= 0; i--) {
            Matcher m = LINK.matcher(mails.get(i).text() == null ? "" : mails.get(i).text());
            if (m.find()) {
                return m.group(1);
            }
        }
        throw new AssertionError("no review link in the emails to " + recipient);
    }

    // ------------------------------------------------------------------ the decision function's events

    public static ObjectNode httpEvent(String method, String rawPath, Map<String, String> headers, String body) {
        ObjectNode event = Json.object();
        event.put("version", "2.0");
        event.put("routeKey", "$default");
        event.put("rawPath", rawPath);
        event.put("rawQueryString", "");
        ObjectNode h = event.putObject("headers");
        headers.forEach(h::put);
        ObjectNode http = event.putObject("requestContext").putObject("http");
        http.put("method", method);
        http.put("path", rawPath);
        http.put("protocol", "HTTP/1.1");
        http.put("sourceIp", "192.0.2.10");
        http.put("userAgent", headers.getOrDefault("user-agent", ""));
        if (body != null) {
            event.put("body", body);
        }
        event.put("isBase64Encoded", false);
        return event;
    }

    public static ObjectNode get(String secret) {
        return httpEvent("GET", "/review/" + secret, Map.of("user-agent", "Mozilla/5.0 (test)"), null);
    }

    public static ObjectNode head(String secret) {
        return httpEvent("HEAD", "/review/" + secret, Map.of("user-agent", "Mozilla/5.0 (test)"), null);
    }

    /** A form POST; {@code fields} alternate names and values. */
    public static ObjectNode post(String... fields) {
        Map<String, String> form = new LinkedHashMap<>();
        for (int i = 0; i + 1 < fields.length; i += 2) {
            form.put(fields[i], fields[i + 1]);
        }
        StringBuilder body = new StringBuilder();
        form.forEach((k, v) -> body.append(body.length() == 0 ? "" : "&")
                .append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return httpEvent("POST", "/review", Map.of("content-type", "application/x-www-form-urlencoded",
                "user-agent", "Mozilla/5.0 (test)"), body.toString());
    }

    public static ObjectNode approve(String secret) {
        return post("secret", secret, "decision", "approve", "comment", "");
    }

    public static ObjectNode reject(String secret, String comment) {
        return post("secret", secret, "decision", "reject", "comment", comment);
    }

    /** Approve with the "Email me a receipt" box ticked. */
    public static ObjectNode approveWithReceipt(String secret) {
        return post("secret", secret, "decision", "approve", "comment", "", "receipt", "yes");
    }

    /** Reject with the "Email me a receipt" box ticked. */
    public static ObjectNode rejectWithReceipt(String secret, String comment) {
        return post("secret", secret, "decision", "reject", "comment", comment, "receipt", "yes");
    }

    // ------------------------------------------------------------------ log

    /** Every line the handlers logged so far. */
    public List<String> logLines() {
        String text = logBuffer.toString(StandardCharsets.UTF_8);
        return text.isEmpty() ? List.of() : List.of(text.split("\n"));
    }
}
