package dev.countersign.store.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.approval.ApprovalId;
import dev.countersign.approval.ApprovalRecord;
import dev.countersign.approval.DecideResult;
import dev.countersign.approval.DecisionRequest;
import dev.countersign.approval.Verdict;
import dev.countersign.audit.AnchorPublisher;
import dev.countersign.audit.AuditEntry;
import dev.countersign.audit.AuditEvent;
import dev.countersign.audit.AuditEventType;
import dev.countersign.audit.eventbridge.EventBridgeAnchorPublisher;
import dev.countersign.aws.AwsClients;
import dev.countersign.aws.internal.AwsJsonClient;
import dev.countersign.aws.internal.RequestSigner;
import dev.countersign.core.Channel;
import dev.countersign.core.json.Json;
import dev.countersign.functions.FunctionDependencies;
import dev.countersign.functions.JsonLog;
import dev.countersign.local.events.EventLog;
import dev.countersign.local.events.LocalEventBridgeEndpoint;
import dev.countersign.testing.ApprovalRequests;
import dev.countersign.testing.DynaliteExtension;
import dev.countersign.testing.MutableClock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stores publish the chain's state after their writes, over real HTTP to the local PutEvents endpoint, with the
 * approvals in dynalite.
 */
class AnchorPublishingTest {
    @RegisterExtension
    static final DynaliteExtension dynalite = new DynaliteExtension();

    private static final String ALICE = "alice@example.com";
    private static final String BUS = "countersign-events";

    @TempDir
    Path data;
    private final MutableClock clock = MutableClock.at("2026-11-24T09:00:00Z");
    private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
    private final JsonLog log = new JsonLog(new PrintStream(logged, true, StandardCharsets.UTF_8), clock, "test");
    private LocalEventBridgeEndpoint endpoint;
    private LocalEventBridgeEndpoint.Server server;
    private AwsClients clients;
    private DynamoDbApprovalStore store;

    @BeforeEach
    void start() throws IOException {
        endpoint = new LocalEventBridgeEndpoint(EventLog.in(data), clock);
        server = endpoint.start(0);
        // The publisher as a function builds it from its environment.
        Map<String, String> env = Map.of("AWS_REGION", "eu-west-1", "AWS_ACCESS_KEY_ID", "AKIDEXAMPLE",
                "AWS_SECRET_ACCESS_KEY", "secret", "AWS_ENDPOINT_URL_EVENTBRIDGE", server.endpoint().toString(),
                EventBridgeAnchorPublisher.BUS_VARIABLE, BUS);
        clients = AwsClients.fromEnvironment(env);
        store = DynamoDbApprovalStore.overSdk(dynalite.client(), dynalite.tables(), dynalite.auditKey(), clock,
                FunctionDependencies.anchors(env, clients, clock, log));
    }

    @AfterEach
    void stop() {
        server.close();
        clients.close();
    }

    @Test
    void eachWriteThatAppendsEvents_publishesItsLastSeqAndHash_butAPageViewAloneDoesNot() {
        ApprovalId id = store.create(ApprovalRequests.request(clock, "refunds", ALICE)).approval().approvalId();
        int created = store.get(id).orElseThrow().auditCount();
        clock.advance(Duration.ofSeconds(1));
        store.append(id, new AuditEntry(AuditEventType.NOTIFIED, "countersign:request",
                Json.object().put("recipient", ALICE)));
        store.append(id, AuditEntry.of(AuditEventType.VIEWED, ALICE));
        store.decide(new DecisionRequest(id, 1, ALICE, Verdict.APPROVE, "fine", Channel.EMAIL_LINK, null));
        List<AuditEvent> trail = store.auditTrail(id);

        List<JsonNode> anchors = endpoint.log().events(EventBridgeAnchorPublisher.DETAIL_TYPE);
        assertThat(anchors).extracting(a -> a.get("detail").get("seq").asInt())
                .containsExactly(created, created + 1, created + 3);
        for (JsonNode anchor : anchors) {
            JsonNode detail = anchor.get("detail");
            AuditEvent event = trail.get(detail.get("seq").asInt() - 1);
            assertThat(anchor.get("source").asText()).isEqualTo("countersign");
            assertThat(anchor.get("eventBusName").asText()).isEqualTo(BUS);
            // Only the anchor leaves the table: no proposal, token or link in the event.
            assertThat(fieldNames(detail)).containsExactly("approvalId", "seq", "hash", "at");
            assertThat(detail.get("approvalId").asText()).isEqualTo(id.value());
            assertThat(detail.get("hash").asText()).isEqualTo(event.hash());
            assertThat(detail.get("at").asText()).isEqualTo(dev.countersign.audit.IsoMillis.format(event.at()));
        }
        assertThat(logged.toString(StandardCharsets.UTF_8)).doesNotContain("WARN");
    }

    @Test
    void theStoreOverHttp_anchorsACallbackRecord_butNotAPageView() {
        ApprovalId id = store.create(ApprovalRequests.request(clock, "refunds", ALICE)).approval().approvalId();
        store.decide(new DecisionRequest(id, 1, ALICE, Verdict.APPROVE, null, Channel.EMAIL_LINK, null));
        int before = endpoint.log().events().size();
        URI dynamo = dynalite.client().serviceClientConfiguration().endpointOverride().orElseThrow();
        RequestSigner.Credentials keys = new RequestSigner.Credentials("countersign-local", "countersign-local", null);
        AnchorPublisher anchors = new EventBridgeAnchorPublisher(new AwsJsonClient(server.endpoint(), "us-east-1",
                AwsJsonClient.Protocol.EVENTBRIDGE, keys, clock), BUS, (anchor, reason) -> log.warn(reason));
        DynamoDbApprovalStore lean = DynamoDbApprovalStore.overHttp(new AwsJsonClient(dynamo, "us-east-1",
                AwsJsonClient.Protocol.DYNAMODB, keys, clock), dynalite.tables(), dynalite.auditKey(), clock, anchors);

        lean.appendOnce(id, AuditEntry.of(AuditEventType.VIEWED, ALICE));
        assertThat(endpoint.log().events()).hasSize(before);
        lean.appendOnce(id, new AuditEntry(AuditEventType.CALLBACK_DELIVERED, "countersign:decision",
                Json.object().put("level", 1)));

        ApprovalRecord after = store.get(id).orElseThrow();
        List<JsonNode> events = endpoint.log().events();
        assertThat(events).hasSize(before + 1);
        assertThat(events.get(before).get("detail").get("seq").asInt()).isEqualTo(after.auditCount());
        assertThat(events.get(before).get("detail").get("hash").asText()).isEqualTo(after.lastHash());
        assertThat(lean.transport()).isInstanceOf(dev.countersign.store.dynamodb.internal.HttpTransport.class);
    }

    @Test
    void aFailedEntry_isAWarningWithTheApprovalAndSeq_theDecisionStands_andTheNextWriteAnchorsAgain() {
        ApprovalId id = store.create(ApprovalRequests.request(clock, "refunds", ALICE)).approval().approvalId();
        int before = endpoint.log().events().size();
        endpoint.failNextEntries(1);

        DecideResult result = store.decide(new DecisionRequest(id, 1, ALICE, Verdict.APPROVE, null,
                Channel.EMAIL_LINK, null));

        assertThat(result).isInstanceOf(DecideResult.Decided.class);
        int seq = store.get(id).orElseThrow().auditCount();
        JsonNode warning = Json.parse(logged.toString(StandardCharsets.UTF_8).strip());
        assertThat(warning.get("level").asText()).isEqualTo("WARN");
        assertThat(warning.get("approvalId").asText()).isEqualTo(id.value());
        assertThat(warning.get("seq").asInt()).isEqualTo(seq);
        // FailedEntryCount is in a 200 response: a publisher that looked only at the status would miss it.
        assertThat(warning.get("reason").asText()).contains("InternalFailure");
        assertThat(endpoint.log().events()).hasSize(before);

        store.append(id, new AuditEntry(AuditEventType.CALLBACK_DELIVERED, "countersign:decision",
                Json.object().put("level", 1)));
        assertThat(endpoint.log().events()).hasSize(before + 1);
        assertThat(endpoint.log().events().get(before).get("detail").get("seq").asInt()).isEqualTo(seq + 1);
    }

    @Test
    void anUnreachableBus_isAWarning_andTheWriteStands() {
        server.close();
        ApprovalId id = store.create(ApprovalRequests.request(clock, "refunds", ALICE)).approval().approvalId();

        assertThat(store.get(id)).isPresent();
        JsonNode warning = Json.parse(logged.toString(StandardCharsets.UTF_8).strip());
        assertThat(warning.get("approvalId").asText()).isEqualTo(id.value());
        assertThat(warning.get("eventBus").asText()).isEqualTo(BUS);
        assertThat(warning.get("reason").asText()).contains("ConnectionFailure");
    }

    @Test
    void aBusVariableThatNamesNoBus_isRefused_namingTheVariable() {
        Map<String, String> env = Map.of("AWS_REGION", "eu-west-1", "AWS_ACCESS_KEY_ID", "AKIDEXAMPLE",
                "AWS_SECRET_ACCESS_KEY", "secret", EventBridgeAnchorPublisher.BUS_VARIABLE, "my bus!");

        assertThatThrownBy(() -> FunctionDependencies.anchors(env, clients, clock, log))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("COUNTERSIGN_EVENT_BUS='my bus!'")
                .hasMessageContaining("unset it");
    }

    @Test
    void withoutTheBusVariable_publishingIsOff() {
        assertThat(FunctionDependencies.anchors(Map.of("AWS_REGION", "eu-west-1"), clients, clock, log))
                .isSameAs(AnchorPublisher.OFF);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
