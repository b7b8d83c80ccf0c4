package dev.countersign.functions;

import dev.countersign.testing.TestRules;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.audit.AnchorPublisher;
import dev.countersign.approval.ApprovalId;
import dev.countersign.approval.ApprovalRecord;
import dev.countersign.approval.ApprovalStore;
import dev.countersign.approval.ApprovalStatus;
import dev.countersign.audit.AuditEvent;
import dev.countersign.audit.AuditKey;
import dev.countersign.audit.ChainVerification;
import dev.countersign.core.json.Json;
import dev.countersign.store.dynamodb.DynamoDbApprovalStore;
import dev.countersign.routing.Fallback;
import dev.countersign.routing.Quorum;
import dev.countersign.routing.Route;
import dev.countersign.routing.RouteLevel;
import dev.countersign.functions.internal.DeferredAdapters;
import dev.countersign.store.dynamodb.DynamoDbTransport;
import dev.countersign.store.dynamodb.internal.HttpTransport;
import dev.countersign.store.dynamodb.internal.SdkTransport;
import dev.countersign.testing.DynaliteExtension;
import dev.countersign.testing.HandlerFixture;
import dev.countersign.testing.LocalSes;
import dev.countersign.testing.StepFunctionsStub;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The decision function as Lambda builds it (the environment constructor, the production wiring): a review page
 * over the HTTP path that builds no SDK client, then a decision that builds the SDK store, Step Functions and SES on
 * first use — against dynalite, the local SES endpoint and a Step Functions stub. Issue 5's pages too: the quorum
 * notice, the editable parameters and the hand-over form, as the SDK store's wiring renders them.
 */
class DecisionFunctionWiringTest {
    @RegisterExtension
    static final DynaliteExtension dynalite = new DynaliteExtension();
    static final LocalSes ses = new LocalSes();
    static final StepFunctionsStub sfn = new StepFunctionsStub();
    static final byte[] KEY = new byte[32];
    static final java.nio.file.Path RULES = TestRules.matchingEverything(java.nio.file.Path.of("target",
            "wiring-rules"), "wiring-rule", 1, List.of(TestRules.AMOUNT));

    static {
        new SecureRandom().nextBytes(KEY);
    }

    @AfterAll
    static void stop() {
        ses.close();
        sfn.close();
    }

    private final DynamoDbApprovalStore store = DynamoDbApprovalStore.overSdk(dynalite.client(),
            dynalite.tables(), new AuditKey(KEY, "test"), Clock.systemUTC(), AnchorPublisher.OFF);

    private static Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_ACCESS_KEY_ID", "AKIDWIRING");
        env.put("AWS_SECRET_ACCESS_KEY", "wiring-secret");
        env.put("AWS_SESSION_TOKEN", "wiring-session");
        env.put("AWS_ENDPOINT_URL_DYNAMODB", dynalite.client().serviceClientConfiguration().endpointOverride()
                .orElseThrow().toString());
        env.put("AWS_ENDPOINT_URL_SESV2", ses.client().serviceClientConfiguration().endpointOverride()
                .orElseThrow().toString());
        env.put("AWS_ENDPOINT_URL_SFN", sfn.endpoint().toString());
        env.put("COUNTERSIGN_APPROVALS_TABLE", dynalite.tables().approvals().tableName());
        env.put("COUNTERSIGN_AUDIT_KEY", Base64.getEncoder().encodeToString(KEY));
        env.put("COUNTERSIGN_SENDER", HandlerFixture.SENDER);
        env.put("COUNTERSIGN_BASE_URL", HandlerFixture.BASE_URL);
        // The rules a changed proposal is routed again with: the route's "wiring-rule" matches every proposal.
        env.put("COUNTERSIGN_ROUTING_FILE", RULES.toString());
        return env;
    }

    /** The request step through the real request function; returns the approval and the emailed link's secret. */
    private Object[] requestApproval(String approver) {
        String arn = HandlerFixture.newExecutionArn();
        ObjectNode payload = Json.object();
        payload.put("taskToken", "AQBwiring-" + arn.substring(arn.length() - 12));
        payload.put("executionArn", arn);
        payload.put("gate", "refund-approval");
        payload.put("level", 1);
        payload.put("timeoutSeconds", 3600);
        payload.set("proposal", HandlerFixture.proposalFor(approver));
        JsonNode answer = new RequestApprovalHandler(environment()).handle(payload, "req-1");
        assertThat(answer.path("status").asText()).isEqualTo("waiting");
        var mails = ses.mailbox().to(approver);
        Matcher link = Pattern.compile("/review/([A-Za-z0-9_-]{43})").matcher(mails.get(mails.size() - 1).text());
        assertThat(link.find()).isTrue();
        return new Object[] {HandlerFixture.approvalId(arn), link.group(1)};
    }

    /** The routed request step (issue 5) through the real request function: level 1 of {@code route}. */
    private ApprovalId requestRouted(Route route) {
        String arn = HandlerFixture.newExecutionArn();
        ObjectNode payload = Json.object();
        payload.put("taskToken", "AQBwiring-" + arn.substring(arn.length() - 12));
        payload.put("executionArn", arn);
        payload.put("gate", "refund-approval");
        payload.set("proposal", HandlerFixture.proposal());
        payload.set("approval", route.toJson());
        payload.put("enteredTime", Instant.now().toString());
        JsonNode answer = new RequestApprovalHandler(environment()).handle(payload, "req-routed");
        assertThat(answer.path("status").asText()).as(answer.toString()).isEqualTo("waiting");
        return HandlerFixture.approvalId(arn);
    }

    private static Route route(Quorum quorum, List<dev.countersign.approval.ParamBounds> modifiable,
                               String... recipients) {
        return Route.start("wiring-rule", quorum, modifiable, Fallback.REJECTED, List.of(),
                List.of(new RouteLevel(1, List.of(recipients), List.of(), 3600, 2700)));
    }

    /** The secret of the newest review link emailed to {@code recipient}. */
    private static String linkOf(String recipient) {
        var mails = ses.mailbox().to(recipient);
        assertThat(mails).as("emails to %s", recipient).isNotEmpty();
        Matcher link = Pattern.compile("/review/([A-Za-z0-9_-]{43})").matcher(mails.get(mails.size() - 1).text());
        assertThat(link.find()).as("a review link in the email to %s", recipient).isTrue();
        return link.group(1);
    }

    /** The decision function exactly as Lambda builds it, with its SDK clients (built on first use) to look at. */
    private record Wired(DecisionHandler handler, ApprovalStore store, DeferredAdapters.Deferred sdk) {
        static Wired fresh() {
            FunctionDependencies deps = FunctionDependencies.forDecisionFunction(environment(),
                    "countersign-decision");
            return new Wired(new DecisionHandler(deps), deps.store(), (DeferredAdapters.Deferred) deps.callback());
        }
    }

    /** The same function on the SDK store (what every other function uses): the page to compare with. */
    private static DecisionHandler onTheSdkStore() {
        return new DecisionHandler(FunctionDependencies.fromEnvironment(environment(), "countersign-decision"));
    }

    private static DynamoDbTransport transport(FunctionDependencies deps) {
        return ((DynamoDbApprovalStore) deps.store()).transport();
    }

    private static Document page(JsonNode response) {
        return Jsoup.parse(response.path("body").asText());
    }

    private static String run() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    private static JsonNode invoke(DecisionHandler handler, JsonNode event) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(Json.write(event).getBytes(StandardCharsets.UTF_8)), out,
                null);
        return Json.parse(out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theProductionConstructor_servesThePageWithoutAnSdkClient_thenDecidesThroughTheSdk() throws Exception {
        Object[] requested = requestApproval("wiring@shop.example");
        ApprovalId id = (ApprovalId) requested[0];
        String secret = (String) requested[1];
        FunctionDependencies deps = FunctionDependencies.forDecisionFunction(environment(), "countersign-decision");
        DecisionHandler handler = new DecisionHandler(deps);
        // The SDK clients are built on first use, by the adapters that need them (here: the workflow callback).
        DeferredAdapters.Deferred sdk = (DeferredAdapters.Deferred) deps.callback();

        JsonNode page = invoke(handler, HandlerFixture.get(secret));
        JsonNode again = invoke(handler, HandlerFixture.get(secret));

        assertThat(page.path("statusCode").asInt()).isEqualTo(200);
        assertThat(page.path("body").asText()).contains("Refund EUR 120.00 to order 4711");
        assertThat(again.path("statusCode").asInt()).isEqualTo(200);
        ApprovalRecord viewed = store.get(id).orElseThrow();
        assertThat(viewed.auditTrail()).extracting(AuditEvent::type)
                .containsExactly("REQUESTED", "ROUTED", "NOTIFIED", "VIEWED");
        assertThat(viewed.auditTrail().get(3).actor()).isEqualTo("wiring@shop.example");
        assertThat(store.verifyChain(id)).containsInstanceOf(ChainVerification.Intact.class);
        // The page views built no SDK client.
        assertThat(sdk.built()).isFalse();

        JsonNode decided = invoke(handler, HandlerFixture.approve(secret));

        assertThat(decided.path("statusCode").asInt()).as(decided.toString()).isEqualTo(200);
        ApprovalRecord approved = store.get(id).orElseThrow();
        assertThat(approved.status()).isEqualTo(ApprovalStatus.APPROVED);
        assertThat(approved.auditTrail()).extracting(AuditEvent::type)
                .containsExactly("REQUESTED", "ROUTED", "NOTIFIED", "VIEWED", "APPROVED", "CALLBACK_DELIVERED");
        assertThat(store.verifyChain(id)).containsInstanceOf(ChainVerification.Intact.class);
        assertThat(sfn.calls()).anySatisfy(call -> {
            assertThat(call.operation()).isEqualTo("SendTaskSuccess");
            assertThat(Json.parse(call.body().get("output").asText()).get("approvalId").asText())
                    .isEqualTo(id.value());
        });
        // No box ticked: the approver's mailbox holds only the request.
        assertThat(ses.mailbox().to("wiring@shop.example")).hasSize(1);
        assertThat(sdk.built()).isTrue();
    }

    @Test
    void theProductionWiring_withTheReceiptBoxTicked_emailsOneReceiptThroughSesV2_andARepeatedPostNoSecond()
            throws Exception {
        String approver = "receipt-" + run() + "@shop.example";
        Object[] requested = requestApproval(approver);
        String secret = (String) requested[1];
        DecisionHandler handler = new DecisionHandler(environment());

        JsonNode decided = invoke(handler, HandlerFixture.rejectWithReceipt(secret, "Not this order."));
        JsonNode again = invoke(handler, HandlerFixture.rejectWithReceipt(secret, "Not this order."));

        assertThat(decided.path("statusCode").asInt()).as(decided.toString()).isEqualTo(200);
        assertThat(page(decided).getElementById("receipt").text()).startsWith("A receipt of your decision was"
                + " emailed to " + approver);
        assertThat(again.path("statusCode").asInt()).isEqualTo(409);
        assertThat(store.get((ApprovalId) requested[0]).orElseThrow().status()).isEqualTo(ApprovalStatus.REJECTED);
        assertThat(ses.mailbox().to(approver)).extracting(m -> m.subject()).hasSize(2)
                .satisfies(subjects -> assertThat(subjects.get(0)).startsWith("Approval needed"))
                .satisfies(subjects -> assertThat(subjects.get(1)).startsWith("Recorded: you rejected"));
    }

    @Test
    void aQuorumLevel_overTheHttpPath_emailsAReceiptOnlyWithTheVerdictThatDecides() throws Exception {
        String run = run();
        String ann = "ann-" + run + "@shop.example";
        String bob = "bob-" + run + "@shop.example";
        String cid = "cid-" + run + "@shop.example";
        ApprovalId id = requestRouted(route(new Quorum(2, false), List.of(), ann, bob, cid));
        Document form = page(invoke(Wired.fresh().handler(), HandlerFixture.get(linkOf(ann))));
        assertThat(form.getElementById("receipt-hint").text())
                .contains("This request needs 2 approvals: a receipt is emailed only if your verdict decides it.");

        JsonNode vote = invoke(Wired.fresh().handler(), HandlerFixture.approveWithReceipt(linkOf(ann)));
        JsonNode deciding = invoke(Wired.fresh().handler(), HandlerFixture.approveWithReceipt(linkOf(bob)));

        // As before receipts were optional: a verdict that only counts gets no receipt, the deciding one does.
        assertThat(page(vote).getElementById("receipt").text()).startsWith("You asked for a receipt, but none was"
                + " emailed: a receipt goes with the verdict that decides the level");
        assertThat(page(deciding).getElementById("receipt").text()).startsWith("A receipt of your decision was"
                + " emailed to " + bob);
        assertThat(store.get(id).orElseThrow().status()).isEqualTo(ApprovalStatus.APPROVED);
        assertThat(ses.mailbox().to(ann)).hasSize(1);
        assertThat(ses.mailbox().to(bob)).hasSize(2);
        assertThat(ses.mailbox().to(bob).get(1).subject()).startsWith("Recorded: you approved");
        assertThat(ses.mailbox().to(cid)).hasSize(1);
    }

    @Test
    void theEnvironmentConstructor_usesTheHttpPath() throws Exception {
        Object[] requested = requestApproval("env@shop.example");

        JsonNode page = invoke(new DecisionHandler(environment()), HandlerFixture.get((String) requested[1]));

        assertThat(page.path("statusCode").asInt()).isEqualTo(200);
        assertThat(store.get((ApprovalId) requested[0]).orElseThrow().auditTrail()).extracting(AuditEvent::type)
                .contains("VIEWED");
    }

    @Test
    void withoutKeysInTheEnvironment_orWithFipsEndpoints_theSdkResolvesEverything() {
        Map<String, String> noKeys = environment();
        noKeys.remove("AWS_ACCESS_KEY_ID");
        noKeys.remove("AWS_SECRET_ACCESS_KEY");
        noKeys.remove("AWS_SESSION_TOKEN");
        Map<String, String> fips = environment();
        fips.put("AWS_USE_FIPS_ENDPOINT", "true");

        // Not every endpoint is local and no keys are set: only the SDK's default chain can find credentials.
        assertThat(transport(FunctionDependencies.forDecisionFunction(noKeys, "countersign-decision")))
                .isInstanceOf(SdkTransport.class);
        assertThat(transport(FunctionDependencies.forDecisionFunction(fips, "countersign-decision")))
                .isInstanceOf(SdkTransport.class);
        assertThat(transport(FunctionDependencies.forDecisionFunction(environment(), "countersign-decision")))
                .isInstanceOf(HttpTransport.class);
    }

    @Test
    void aQuorumLevel_overTheHttpPath_showsTheCount_whoApproved_andWhoIsAwaited() throws Exception {
        String run = run();
        String ann = "ann-" + run + "@shop.example";
        String bob = "bob-" + run + "@shop.example";
        String cid = "cid-" + run + "@shop.example";
        ApprovalId id = requestRouted(route(new Quorum(2, true), List.of(), ann, bob, cid));
        JsonNode vote = invoke(Wired.fresh().handler(), HandlerFixture.approve(linkOf(ann)));
        assertThat(page(vote).text()).contains("Your approval counts once. 1 of 2 approvals so far");
        ApprovalRecord afterVote = store.get(id).orElseThrow();
        Wired wired = Wired.fresh();

        JsonNode waiting = invoke(wired.handler(), HandlerFixture.get(linkOf(bob)));
        JsonNode voted = invoke(wired.handler(), HandlerFixture.get(linkOf(ann)));

        assertThat(waiting.path("statusCode").asInt()).isEqualTo(200);
        Element quorum = page(waiting).getElementById("quorum");
        assertThat(quorum).isNotNull();
        assertThat(quorum.text()).contains("1 of 2 approvals; waiting for " + bob + " and " + cid + ".",
                "Approved so far by " + ann + ".", "A rejection counts against the approvals needed");
        assertThat(page(waiting).select("button[value=approve]")).hasSize(1);
        // The one who voted sees their verdict instead of the buttons: the HTTP path decoded the vote.
        assertThat(voted.path("statusCode").asInt()).isEqualTo(200);
        assertThat(page(voted).getElementById("your-vote").text()).startsWith("You approved this request on");
        assertThat(page(voted).select("button[value=approve]")).isEmpty();
        assertThat(wired.sdk().built()).as("the pages built no SDK client").isFalse();
        // The SDK store's wiring renders the same notice from the same record.
        JsonNode viaSdk = invoke(onTheSdkStore(), HandlerFixture.get(linkOf(bob)));
        assertThat(page(viaSdk).getElementById("quorum").outerHtml()).isEqualTo(quorum.outerHtml());
        // The VIEWED events were written by the HTTP path from what it decoded: the vote is still there.
        ApprovalRecord viewed = store.get(id).orElseThrow();
        assertThat(viewed.levels()).isEqualTo(afterVote.levels());
        assertThat(viewed.auditTrail()).filteredOn(e -> e.type().equals("VIEWED"))
                .extracting(AuditEvent::actor).containsExactlyInAnyOrder(bob, ann);
        assertThat(store.verifyChain(id)).containsInstanceOf(ChainVerification.Intact.class);
    }

    @Test
    void editableParameters_overTheHttpPath_arePrefilled_andAnApprovedChangeKeepsItsHash() throws Exception {
        String lee = "lee-" + run() + "@shop.example";
        ApprovalId id = requestRouted(route(Quorum.ONE, List.of(TestRules.AMOUNT), lee));
        String secret = linkOf(lee);
        Wired wired = Wired.fresh();

        JsonNode review = invoke(wired.handler(), HandlerFixture.get(secret));

        assertThat(review.path("statusCode").asInt()).isEqualTo(200);
        Elements inputs = page(review).select("input[name^=modify:]");
        // Only the parameter the rule lists is offered, pre-filled with the proposed value as canonical JSON has it.
        assertThat(inputs).extracting(e -> e.attr("name")).containsExactly("modify:amount");
        assertThat(inputs.first().attr("value")).isEqualTo("120");
        assertThat(page(review).text()).contains("Proposed: 120");
        assertThat(wired.sdk().built()).isFalse();
        JsonNode viaSdk = invoke(onTheSdkStore(), HandlerFixture.get(secret));
        assertThat(page(viaSdk).select("input[name^=modify:]").outerHtml()).isEqualTo(inputs.outerHtml());

        JsonNode approved = invoke(wired.handler(), HandlerFixture.post("secret", secret, "decision", "approve",
                "comment", "", "modify:amount", "95"));

        assertThat(approved.path("statusCode").asInt()).as(approved.toString()).isEqualTo(200);
        ApprovalRecord decided = store.get(id).orElseThrow();
        String approvedHash = decided.decision().approvedProposalHash();
        assertThat(approvedHash).matches("[0-9a-f]{64}").isNotEqualTo(decided.proposalHash());
        // A later page view and a callback append go through the HTTP path: the approved hash survives them.
        Wired later = Wired.fresh();
        JsonNode again = invoke(later.handler(), HandlerFixture.get(secret));
        assertThat(again.path("statusCode").asInt()).isEqualTo(409);
        assertThat(later.store().get(id).orElseThrow().decision()).isEqualTo(decided.decision());
        assertThat(later.store().get(id).orElseThrow().decisionJson()).isEqualTo(decided.decisionJson());
        assertThat(sfn.calls()).anySatisfy(call -> {
            JsonNode output = Json.parse(call.body().get("output").asText());
            assertThat(output.get("approvalId").asText()).isEqualTo(id.value());
            assertThat(output.get("proposalHash").asText()).isEqualTo(approvedHash);
            assertThat(output.get("modifications")).isEqualTo(Json.object().put("amount", 95));
        });
        assertThat(store.get(id).orElseThrow().decision().approvedProposalHash()).isEqualTo(approvedHash);
        assertThat(store.verifyChain(id)).containsInstanceOf(ChainVerification.Intact.class);
    }

    @Test
    void theHandOverForm_overTheHttpPath_handsTheRequestOn_andTheOldLinkSaysSo() throws Exception {
        String run = run();
        String lee = "lee-" + run + "@shop.example";
        String kim = "kim-" + run + "@shop.example";
        ApprovalId id = requestRouted(route(Quorum.ONE, List.of(), lee));
        String secret = linkOf(lee);
        Wired wired = Wired.fresh();

        JsonNode review = invoke(wired.handler(), HandlerFixture.get(secret));

        Element handOver = page(review).getElementById("hand-over");
        assertThat(handOver).isNotNull();
        assertThat(handOver.select("summary").text()).isEqualTo("Hand this to a colleague instead");
        assertThat(handOver.select("input[name=handOverTo]")).hasSize(1);
        assertThat(handOver.select("input[name=handOverReason]")).hasSize(1);
        assertThat(handOver.select("button[value=hand-over]")).hasSize(1);
        // Hand-over and verdict share one form, so the link secret still appears once on the page.
        assertThat(review.path("body").asText().split(secret, -1)).hasSize(2);
        assertThat(wired.sdk().built()).isFalse();
        JsonNode viaSdk = invoke(onTheSdkStore(), HandlerFixture.get(secret));
        assertThat(page(viaSdk).getElementById("hand-over").outerHtml()).isEqualTo(handOver.outerHtml());

        JsonNode handed = invoke(wired.handler(), HandlerFixture.post("secret", secret, "decision", "hand-over",
                "handOverTo", kim, "handOverReason", "Kim handles this customer", "comment", ""));

        assertThat(handed.path("statusCode").asInt()).as(handed.toString()).isEqualTo(200);
        assertThat(page(handed).text()).contains("You handed this request to " + kim);
        ApprovalRecord handedOver = store.get(id).orElseThrow();
        Wired later = Wired.fresh();
        JsonNode old = invoke(later.handler(), HandlerFixture.get(secret));
        JsonNode colleague = invoke(later.handler(), HandlerFixture.get(linkOf(kim)));
        assertThat(old.path("statusCode").asInt()).isEqualTo(410);
        assertThat(page(old).text()).contains("reassigned to " + kim + " by " + lee);
        assertThat(colleague.path("statusCode").asInt()).isEqualTo(200);
        assertThat(page(colleague).text()).contains("handed from " + lee + " to " + kim
                + " (Kim handles this customer)");
        assertThat(page(colleague).getElementById("hand-over")).isNotNull();
        assertThat(later.sdk().built()).as("the pages built no SDK client").isFalse();
        // The colleague's VIEWED was written by the HTTP path from what it decoded: the hand-over is still there.
        ApprovalRecord viewed = store.get(id).orElseThrow();
        assertThat(viewed.levels()).isEqualTo(handedOver.levels());
        assertThat(viewed.current().recipients()).singleElement()
                .satisfies(r -> assertThat(r.reassignedFrom()).isEqualTo(lee))
                .satisfies(r -> assertThat(r.approver()).isEqualTo(kim));
        assertThat(later.store().get(id)).contains(viewed);
        assertThat(store.verifyChain(id)).containsInstanceOf(ChainVerification.Intact.class);
    }
}
