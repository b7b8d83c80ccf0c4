package dev.countersign.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.approval.ApprovalId;
import dev.countersign.approval.PageRequest;
import dev.countersign.approval.PendingApproval;
import dev.countersign.core.json.Json;
import dev.countersign.store.dynamodb.CountersignTables;
import dev.countersign.store.dynamodb.DynamoDbApprovalStore;
import dev.countersign.store.dynamodb.DyingWriters;
import dev.countersign.store.dynamodb.internal.ApprovalMapping;
import dev.countersign.store.dynamodb.internal.Items;
import dev.countersign.store.dynamodb.internal.Items.ApprovalItem;
import dev.countersign.testing.ApprovalRequests;
import dev.countersign.testing.DynaliteExtension;
import dev.countersign.testing.MutableClock;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.enhanced.dynamodb.Key;

/**
 * The scheduled repair function on dynalite: writers that die after the approval write (they never project) leave
 * approvals marked {@code projectionDue}; the handler re-projects them in bounded batches.
 */
class RepairProjectionsHandlerTest {
    @RegisterExtension
    static final DynaliteExtension dynalite = new DynaliteExtension();

    private static final LongSupplier PLENTY_OF_TIME = () -> Long.MAX_VALUE;

    private final MutableClock clock = MutableClock.at("2026-11-24T09:00:00Z");
    private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
    private DynamoDbApprovalStore store;
    private DynamoDbApprovalStore dyingWriter;
    private RepairProjectionsHandler handler;
    private String alice;

    @BeforeEach
    void wire() {
        store = dynalite.store(clock);
        dyingWriter = DyingWriters.neverProjecting(dynalite.client(), dynalite.tables(),
                dynalite.auditKey(), clock);
        handler = new RepairProjectionsHandler(store::repairProjections, new JsonLog(new PrintStream(logged, true,
                StandardCharsets.UTF_8), clock, RepairProjectionsHandler.FUNCTION));
        alice = "alice-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        // Each test starts with nothing due, whatever ran before it in this class's table.
        store.repairProjections(RepairProjectionsHandler.MAX_LIMIT);
    }

    private List<ApprovalId> dueApprovals(int count) {
        List<ApprovalId> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(dyingWriter.create(ApprovalRequests.request(clock, "refunds", alice)).approval().approvalId());
        }
        return ids;
    }

    private boolean due(ApprovalId id) {
        ApprovalItem item = dynalite.enhanced().table(dynalite.tables().approvals().tableName(), ApprovalItem.SCHEMA)
                .getItem(r -> r.key(Key.builder().partitionValue(ApprovalMapping.approvalPk(id))
                        .sortValue(Items.APPROVAL_SK).build()).consistentRead(true));
        return item.projectionDue != null;
    }

    private List<ApprovalId> listedForAlice() {
        return store.pendingForApprover(alice, PageRequest.first(100)).items().stream()
                .map(PendingApproval::approvalId).toList();
    }

    private static JsonNode scheduledEvent() {
        return Json.parse("{\"version\": \"0\", \"id\": \"53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa\","
                + " \"detail-type\": \"Scheduled Event\", \"source\": \"aws.events\", \"account\": \"123456789012\","
                + " \"time\": \"2026-11-24T09:00:00Z\", \"region\": \"eu-west-1\","
                + " \"resources\": [\"arn:aws:events:eu-west-1:123456789012:rule/repair\"], \"detail\": {}}");
    }

    private List<JsonNode> logLines() {
        return logged.toString(StandardCharsets.UTF_8).lines().map(Json::parse).toList();
    }

    @Test
    void scheduledEvent_repairsEveryDueApproval_andListsThemAgain() throws IOException {
        List<ApprovalId> ids = dueApprovals(3);
        assertThat(listedForAlice()).isEmpty();

        ByteArrayOutputStream output = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(Json.write(scheduledEvent()).getBytes(StandardCharsets.UTF_8)),
                output, null);

        assertThat(Json.parse(output.toByteArray())).isEqualTo(Json.object().put("repaired", 3));
        assertThat(listedForAlice()).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(ids).noneMatch(this::due);
        assertThat(logLines()).singleElement().satisfies(line -> {
            assertThat(line.get("message").asText()).isEqualTo("projections repaired");
            assertThat(line.get("repaired").asInt()).isEqualTo(3);
            assertThat(line.get("stoppedBy").asText()).isEqualTo("NOTHING_DUE");
        });
    }

    @Test
    void nothingDue_isANoOp_thatSaysSo() {
        RepairProjectionsHandler.Sweep sweep = handler.handle(scheduledEvent(), "r1", PLENTY_OF_TIME);

        assertThat(sweep).isEqualTo(new RepairProjectionsHandler.Sweep(0, RepairProjectionsHandler.Stop.NOTHING_DUE));
        assertThat(logLines()).singleElement().satisfies(line ->
                assertThat(line.get("repaired").asInt()).isZero());
    }

    @Test
    void emptyInput_isTreatedAsNoInput() throws IOException {
        ByteArrayOutputStream output = new ByteArrayOutputStream();

        handler.handleRequest(new ByteArrayInputStream(new byte[0]), output, null);

        assertThat(Json.parse(output.toByteArray())).isEqualTo(Json.object().put("repaired", 0));
    }

    @Test
    void max_boundsTheApprovalsRepaired_andTheNextRunGoesOn() {
        List<ApprovalId> ids = dueApprovals(3);

        RepairProjectionsHandler.Sweep first = handler.handle(Json.parse("{\"max\": 2}"), "r1", PLENTY_OF_TIME);

        assertThat(first).isEqualTo(new RepairProjectionsHandler.Sweep(2, RepairProjectionsHandler.Stop.MAX_REACHED));
        assertThat(ids.stream().filter(this::due)).hasSize(1);

        RepairProjectionsHandler.Sweep second = handler.handle(Json.parse("{\"max\": 2}"), "r2", PLENTY_OF_TIME);

        assertThat(second).isEqualTo(new RepairProjectionsHandler.Sweep(1, RepairProjectionsHandler.Stop.NOTHING_DUE));
        assertThat(ids).noneMatch(this::due);
    }

    @Test
    void runningOutOfTime_stopsBetweenBatches_leavingTheRestMarkedForTheNextRun() {
        List<ApprovalId> ids = dueApprovals(RepairProjectionsHandler.BATCH + 1);
        AtomicInteger asked = new AtomicInteger();
        // Time for one batch, then less than the reserve: what Lambda's context says near the timeout.
        LongSupplier remaining = () -> asked.getAndIncrement() == 0 ? 60_000 : RepairProjectionsHandler.RESERVE_MILLIS - 1;

        RepairProjectionsHandler.Sweep sweep = handler.handle(null, "r1", remaining);

        assertThat(sweep).isEqualTo(new RepairProjectionsHandler.Sweep(RepairProjectionsHandler.BATCH,
                RepairProjectionsHandler.Stop.TIME_RUNNING_OUT));
        assertThat(ids.stream().filter(this::due)).hasSize(1);
    }

    @Test
    void tooLittleTimeFromTheStart_repairsNothing() {
        List<ApprovalId> ids = dueApprovals(1);

        RepairProjectionsHandler.Sweep sweep = handler.handle(null, "r1", () -> 0);

        assertThat(sweep).isEqualTo(new RepairProjectionsHandler.Sweep(0,
                RepairProjectionsHandler.Stop.TIME_RUNNING_OUT));
        assertThat(due(ids.get(0))).isTrue();
    }

    @Test
    void invalidMax_isRefused_namingTheField() {
        for (String input : List.of("{\"max\": 0}", "{\"max\": -3}", "{\"max\": 10001}", "{\"max\": 2.5}",
                "{\"max\": \"ten\"}", "{\"max\": true}")) {
            assertThatThrownBy(() -> handler.handle(Json.parse(input), "r", PLENTY_OF_TIME))
                    .as(input)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("input field 'max'")
                    .hasMessageContaining("from 1 to 10000");
        }
    }

    @Test
    void builtFromTheEnvironment_needsTheTableOnly_noAuditKeyOrEmailSettings() {
        List<ApprovalId> ids = dueApprovals(1);
        String endpoint = dynalite.client().serviceClientConfiguration().endpointOverride().orElseThrow().toString();
        // In Lambda (AWS_LAMBDA_FUNCTION_NAME set) a store would refuse to start without the audit key's secret.
        RepairProjectionsHandler fromEnvironment = new RepairProjectionsHandler(Map.of(
                "AWS_ENDPOINT_URL", endpoint,
                "AWS_LAMBDA_FUNCTION_NAME", "countersign-repair-projections",
                CountersignTables.TABLE_VARIABLE, dynalite.tables().approvals().tableName()));

        RepairProjectionsHandler.Sweep sweep = fromEnvironment.handle(scheduledEvent(), "r1", PLENTY_OF_TIME);

        assertThat(sweep.repaired()).isEqualTo(1);
        assertThat(due(ids.get(0))).isFalse();
    }
}
