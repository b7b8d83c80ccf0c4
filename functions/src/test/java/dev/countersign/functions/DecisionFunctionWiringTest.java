package dev.countersign.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.approval.ApprovalId;
import dev.countersign.approval.ApprovalRecord;
import dev.countersign.approval.ApprovalStatus;
import dev.countersign.audit.AuditEvent;
import dev.countersign.audit.AuditKey;
import dev.countersign.audit.ChainVerification;
import dev.countersign.core.json.Json;
import dev.countersign.store.dynamodb.DynamoDbApprovalStore;
import dev.countersign.store.dynamodb.LeanApprovalStore;
import dev.countersign.testing.DynaliteExtension;
import dev.countersign.testing.HandlerFixture;
import dev.countersign.testing.LocalSes;
import dev.countersign.testing.StepFunctionsStub;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The decision function as Lambda builds it (the environment constructor, the production wiring): a review page
 * over the HTTP path that builds no SDK client, then a decision that builds the SDK store, Step Functions and SES on
 * first use — against dynalite, the local SES endpoint and a Step Functions stub.
 */
class DecisionFunctionWiringTest {
    @RegisterExtension
    static final DynaliteExtension dynalite = new DynaliteExtension();
    static final LocalSes ses = new LocalSes();
    static final StepFunctionsStub sfn = new StepFunctionsStub();
    static final byte[] KEY = new byte[32];

    static {
        new SecureRandom().nextBytes(KEY);
    }

    @AfterAll
    static void stop() {
        ses.close();
        sfn.close();
    }

    private final DynamoDbApprovalStore store = new DynamoDbApprovalStore(dynalite.client(), dynalite.enhanced(),
            dynalite.tables(), new AuditKey(KEY, "test"), Clock.systemUTC());

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
        LeanApprovalStore lean = (LeanApprovalStore) deps.store();

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
        // The page views built no SDK client: the store's SDK side is still unbuilt.
        assertThat(lean.sdkStoreBuilt()).isFalse();

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
        assertThat(ses.mailbox().to("wiring@shop.example")).hasSize(2);
        assertThat(lean.sdkStoreBuilt()).isTrue();
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
        assertThat(FunctionDependencies.forDecisionFunction(noKeys, "countersign-decision").store())
                .isInstanceOf(DynamoDbApprovalStore.class);
        assertThat(FunctionDependencies.forDecisionFunction(fips, "countersign-decision").store())
                .isInstanceOf(DynamoDbApprovalStore.class);
        assertThat(FunctionDependencies.forDecisionFunction(environment(), "countersign-decision").store())
                .isInstanceOf(LeanApprovalStore.class);
    }
}
