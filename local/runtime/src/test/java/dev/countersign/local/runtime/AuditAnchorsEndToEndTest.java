package dev.countersign.local.runtime;

import static dev.countersign.local.runtime.RuntimeUnderTest.APPROVER;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.approval.ApprovalRecord;
import dev.countersign.audit.AuditChain;
import dev.countersign.audit.ChainAnchor;
import dev.countersign.audit.ChainVerification;
import dev.countersign.audit.eventbridge.EventBridgeAnchorPublisher;
import dev.countersign.local.events.EventLog;
import dev.countersign.store.dynamodb.CountersignTables;
import dev.countersign.store.dynamodb.CountersignTables;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The functions publish audit anchors through the runtime's local PutEvents endpoint into {@code events.jsonl}; the
 * last one published catches a trail that a table writer truncated consistently (which the item alone cannot).
 */
class AuditAnchorsEndToEndTest {
    @TempDir
    Path data;
    RuntimeUnderTest runtime;

    @BeforeEach
    void start() {
        runtime = RuntimeUnderTest.start(data);
    }

    @AfterEach
    void stop() {
        runtime.close();
    }

    @Test
    void anApproval_publishesAnAnchorPerWrite_andTheLastOneCatchesATruncatedTrailWithARewoundItem() {
        String execution = runtime.startRefund(RuntimeUnderTest.order("ORD-7"));
        String link = RuntimeUnderTest.reviewLink(runtime.requestEmail(APPROVER));
        assertThat(runtime.get(link).statusCode()).isEqualTo(200);
        assertThat(runtime.decide(RuntimeUnderTest.secretOf(link), "approve", "ok").statusCode()).isEqualTo(200);
        runtime.idle();
        ApprovalRecord approval = runtime.approval(execution);
        String id = approval.approvalId().value();
        assertThat(runtime.auditTypes(approval)).containsExactly("REQUESTED", "ROUTED", "NOTIFIED", "VIEWED",
                "APPROVED", "CALLBACK_DELIVERED");

        // Read the file as an auditor would, not the endpoint's memory.
        List<JsonNode> anchors = EventLog.in(data).events(EventBridgeAnchorPublisher.DETAIL_TYPE).stream()
                .filter(e -> e.at("/detail/approvalId").asText().equals(id)).toList();
        // Every write but the page view (seq 4) is anchored; the decision's anchor covers the view too.
        assertThat(anchors).extracting(a -> a.at("/detail/seq").asInt()).containsExactly(1, 2, 3, 5, 6);
        assertThat(anchors).allSatisfy(a -> {
            assertThat(a.get("source").asText()).isEqualTo("countersign");
            assertThat(a.get("eventBusName").asText()).isEqualTo(CountersignLocal.EVENT_BUS);
        });
        JsonNode last = anchors.get(anchors.size() - 1).get("detail");
        ChainAnchor published = new ChainAnchor(last.get("seq").asInt(), last.get("hash").asText());
        AuditChain chain = new AuditChain(runtime.local.auditKey());
        assertThat(chain.verifyPublished(id, approval.auditTrail(), approval.anchor(), published))
                .isInstanceOf(ChainVerification.Intact.class);

        // A table writer without the key drops CALLBACK_DELIVERED and rewinds the item's anchor to seq 5.
        runtime.local.clients().dynamoDb().updateItem(r -> r.tableName(CountersignTables.DEFAULT_APPROVALS_TABLE)
                .key(Map.of("pk", AttributeValue.fromS(CountersignTables.APPROVAL_PREFIX + id), "sk", AttributeValue.fromS(CountersignTables.APPROVAL_SK)))
                .updateExpression("REMOVE trail[5] SET auditCount = :five, lastHash = :hash")
                .expressionAttributeValues(Map.of(":five", AttributeValue.fromN("5"),
                        ":hash", AttributeValue.fromS(approval.auditTrail().get(4).hash()))));
        ApprovalRecord tampered = runtime.store.get(approval.approvalId()).orElseThrow();

        assertThat(runtime.store.verifyChain(approval.approvalId())).get()
                .isInstanceOf(ChainVerification.Intact.class);
        assertThat(chain.verifyPublished(id, tampered.auditTrail(), tampered.anchor(), published))
                .isInstanceOfSatisfying(ChainVerification.Broken.class, broken -> {
                    assertThat(broken.seq()).isEqualTo(6);
                    assertThat(broken.problem()).contains("truncated");
                });
    }
}
